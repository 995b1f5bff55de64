import type { AppContext } from "../../server/context";
import { ForbiddenError, NotFoundError, ValidationError } from "../../server/errors";
import { formatDateTime } from "../../server/i18n/format";
import type { CurrentUser } from "../../server/services/current-user";
import { AttachmentRejectedError, fileSubmission, filingWindow, isFilingOpen, SubmissionsClosedError, type ActingFor } from "../../server/services/submissions/file";
import { createTranslator, messagesFor } from "../../server/i18n/translate";
import type { PhaseWindow } from "../../server/services/phases";
import type { SubmissionsPanelData } from "../components/submissions/ProcessSubmissionsPanel";
import { clauseLabels } from "../../server/services/submissions/receipt";
import type { SubmissionView } from "../../server/services/submissions/read";
import { presentSubmission } from "../../server/presenters/submission";

/** A failed filing as the form shows it: field → messages (already translated keys + params). */
export interface FilingFailure {
  status: number;
  fields: Record<string, Array<{ key: string; params?: Record<string, string> }>>;
}

/** The "in whose name" field: "self" or "org:<id>". */
export function parseActingFor(value: FormDataEntryValue | null): ActingFor {
  const text = typeof value === "string" ? value : "self";
  const match = /^org:(\d{1,12})$/.exec(text);
  return match ? { kind: "organization", organizationId: Number(match[1]) } : { kind: "self" };
}

/** Maps a filing service error to the form's answer, or rethrows what is not the filer's to fix. */
export function filingFailure(app: AppContext, error: unknown): FilingFailure {
  if (error instanceof AttachmentRejectedError) {
    return { status: 400, fields: { attachments: [{ key: error.fieldErrors.attachments?.[0] ?? "", params: { file: error.fileName } }] } };
  }
  if (error instanceof ValidationError) {
    return { status: 400, fields: Object.fromEntries(Object.entries(error.fieldErrors).map(([field, keys]) => [field, keys.map((key) => ({ key }))])) };
  }
  if (error instanceof SubmissionsClosedError) {
    const fields = error.endsAt
      ? { form: [{ key: "submissions.error.phaseClosed", params: { date: formatDateTime(app.locale, error.endsAt) } }] }
      : { form: [{ key: "submissions.error.phaseNotOpen" }] };
    return { status: 403, fields };
  }
  if (error instanceof ForbiddenError && error.action === "submission.fileOnBehalf") {
    return { status: 403, fields: { actingFor: [{ key: "submissions.error.forbiddenOrganization" }] } };
  }
  if (error instanceof ForbiddenError) throw new Response("Forbidden", { status: 403 });
  if (error instanceof NotFoundError) throw new Response("Not Found", { status: 404 });
  throw error;
}

/** Files from a form (page) — the same service the API calls. */
export function fileFromForm(app: AppContext, actor: CurrentUser, slug: string, form: FormData) {
  return fileSubmission(
    { db: app.db, registry: app.registry, mailOrigin: app.mailOrigin },
    actor,
    slug,
    {
      title: String(form.get("title") ?? ""),
      body: String(form.get("body") ?? ""),
      clauseIds: form.getAll("clauses").map(String),
      actingFor: parseActingFor(form.get("actingFor")),
      signedPublicly: form.get("signedPublicly") === "on" || form.get("signedPublicly") === "true",
      corrects: typeof form.get("corrects") === "string" && form.get("corrects") !== "" ? String(form.get("corrects")) : null,
      uploads: app.uploads ?? { files: [], overflow: false },
    },
    app.now,
  );
}

/** A submission for a page: the wire shape plus its clauses' labels and links. */
export function submissionForPage(app: AppContext, view: SubmissionView) {
  return {
    ...presentSubmission(view),
    clauseLinks: clauseLabels(app.db, view).map((c) => ({ ...c, href: `/processes/${view.process.slug}/clauses/${c.id}` })),
  };
}

/** A register row for lists (the register, clause pages). */
export function submissionListItem(app: AppContext, view: SubmissionView) {
  const page = submissionForPage(app, view);
  return {
    number: page.number,
    title: page.title,
    filedAt: page.filedAt,
    filedAtText: formatDateTime(app.locale, view.filedAt),
    channel: page.channel,
    filer: page.filerName,
    organization: page.organization,
    clauses: page.clauseLinks,
    excerpt: page.body.length > 280 ? `${page.body.slice(0, 279)}…` : page.body,
    withdrawn: page.withdrawn !== null,
    corrects: page.corrects,
    attachmentCount: page.attachmentCount,
  };
}

/** The process page's submissions panel, translated here (the reading page carries no "submissions" strings). */
export function submissionsPanelFor(app: AppContext, process: { slug: string; phases: Array<{ kind: string; startsAt: string; endsAt: string }> }): SubmissionsPanelData {
  const t = createTranslator(app.locale, messagesFor(app.locale, ["submissions"]));
  const phases = process.phases.map((p) => ({ kind: p.kind as PhaseWindow["kind"], startsAt: new Date(p.startsAt), endsAt: new Date(p.endsAt) }));
  const open = isFilingOpen(phases, app.now());
  const window = filingWindow(phases);
  return {
    slug: process.slug,
    heading: t("submissions.section.title"),
    register: t("submissions.register.title"),
    file: open ? t("submissions.register.file") : null,
    deadline: open && window ? t("submissions.form.deadline", { date: formatDateTime(app.locale, window.endsAt) }) : null,
  };
}
