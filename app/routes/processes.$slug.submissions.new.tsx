import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { flattenClauses } from "../../collab/schema/clauses";
import { formatDateTime } from "../../server/i18n/format";
import { can } from "../../server/policies/can";
import { loadVersion } from "../../server/services/documents/versions";
import { findVisibleProcess } from "../../server/services/processes";
import { filingWindow, isFilingOpen } from "../../server/services/submissions/file";
import { MAX_ATTACHMENTS } from "../../server/services/submissions/uploads";
import { CsrfInput } from "../components/CsrfInput";
import { Countdown } from "../components/submissions/Countdown";
import { useT } from "../i18n/i18n";
import { requireUser } from "../utils/guards.server";
import { translatedTitle } from "../utils/page-meta";
import { fileFromForm, filingFailure } from "../utils/submission-pages.server";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "submissions.form.title");

/** Kinds of clause a submission can name (paragraphs, lists and tables are named through their article). */
const PICKABLE = new Set(["chapter", "section", "article", "budget_district", "budget_line"]);

/** The form to file a formal submission on the process's latest version (signed-in people). */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  const app = context.app;
  const user = requireUser(context, request);
  const now = app.now();
  const process = findVisibleProcess(app.db, user, params.slug ?? "", now);
  if (!process || process.latestVersion === null) throw new Response("Not Found", { status: 404 });
  const version = loadVersion(app.db, process.id, process.latestVersion);
  const window = filingWindow(process.phases);
  const url = new URL(request.url);
  return {
    process: { slug: process.slug, title: process.title },
    open: isFilingOpen(process.phases, now),
    eligible: can(user, "submission.file", null),
    endsAt: window ? window.endsAt.toISOString() : null,
    endsAtText: window ? formatDateTime(app.locale, window.endsAt) : null,
    serverNow: now.toISOString(),
    userName: user.name,
    organizations: user.organizations.filter((o) => can(user, "submission.fileOnBehalf", { organizationId: o.id })).map((o) => ({ id: o.id, name: o.name })),
    clauses: flattenClauses(version?.tree ?? [])
      .filter((c) => PICKABLE.has(c.clause.kind))
      .map((c) => ({ id: c.clause.id, depth: c.depth, label: c.clause.heading ? `${c.clause.label}. ${c.clause.heading}` : c.clause.label })),
    corrects: /^[A-Z]{2,8}-\d{4}-\d{6,}$/.test(url.searchParams.get("corrects") ?? "") ? url.searchParams.get("corrects") : null,
    maxAttachments: MAX_ATTACHMENTS,
  };
}

/** Files it: the uploads were already streamed to staging by the HTTP layer (context.app.uploads). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const app = context.app;
  const actor = requireUser(context, request);
  const form = await request.formData();
  try {
    const filed = await fileFromForm(app, actor, params.slug ?? "", form);
    return redirect(`/submissions/${filed.number}?filed=1`);
  } catch (error) {
    const failure = filingFailure(app, error);
    return data({ fields: failure.fields, values: { title: String(form.get("title") ?? ""), body: String(form.get("body") ?? "") } }, { status: failure.status });
  }
}

export default function NewSubmission() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = failed?.fields ?? {};
  const messages = (field: string) => (errors[field] ?? []).map((e) => t(e.key, e.params));
  const describe = (field: string, hint?: string) => [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(" ") || undefined;
  const fieldErrors = (field: string) =>
    errors[field] ? (
      <ul id={`${field}-error`} className="field__error field__error-list">
        {messages(field).map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    ) : null;
  return (
    <div className="page submission-form-page">
      <p>
        <Link to={`/processes/${d.process.slug}/submissions`}>{t("submissions.register.title")}</Link>
      </p>
      <p className="muted">{d.process.title}</p>
      <h1>{d.corrects ? t("submissions.form.corrects", { number: d.corrects }) : t("submissions.form.title")}</h1>
      <p className="lead">{t("submissions.form.intro")}</p>
      {d.endsAtText ? <p>{t("submissions.form.deadline", { date: d.endsAtText })}</p> : null}
      {d.open && d.endsAt ? <Countdown endsAt={d.endsAt} serverNow={d.serverNow} /> : null}
      {errors.form ? (
        <div className="form-error" role="alert">
          {messages("form").map((m) => (
            <p key={m} className="form-error__line">
              {m}
            </p>
          ))}
        </div>
      ) : null}
      {!d.open ? (
        <p className="notice notice--warning">{t("submissions.form.closed")}</p>
      ) : !d.eligible ? (
        <p className="notice notice--warning">{t("submissions.form.notEligible")}</p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="submission-form" aria-describedby={Object.keys(errors).length > 0 ? "form-errors" : undefined}>
          <CsrfInput />
          {Object.keys(errors).length > 0 && !errors.form ? (
            <p id="form-errors" className="form-error" role="alert">
              {t("submissions.form.errorSummary")}
            </p>
          ) : null}
          {d.corrects ? <input type="hidden" name="corrects" value={d.corrects} /> : null}
          <fieldset className="field">
            <legend>{t("submissions.form.actingFor")}</legend>
            <label className="submission-choice">
              <input type="radio" name="actingFor" value="self" defaultChecked={d.organizations.length === 0} /> {t("submissions.form.self", { name: d.userName })}
            </label>
            {d.organizations.map((o, i) => (
              <label key={o.id} className="submission-choice">
                <input type="radio" name="actingFor" value={`org:${o.id}`} defaultChecked={i === 0} /> {o.name}
              </label>
            ))}
            {fieldErrors("actingFor")}
          </fieldset>
          <div className="field field--checkbox">
            <div className="field__checkbox-row">
              <input type="checkbox" id="signedPublicly" name="signedPublicly" aria-describedby="signedPublicly-hint" />
              <label htmlFor="signedPublicly">{t("submissions.form.signPublicly")}</label>
            </div>
            <p id="signedPublicly-hint" className="field__hint">
              {t("submissions.form.signPubliclyHint")}
            </p>
          </div>
          <div className="field">
            <label htmlFor="title">{t("submissions.field.title")}</label>
            <input id="title" name="title" required maxLength={200} defaultValue={failed?.values.title} aria-invalid={errors.title ? true : undefined} aria-describedby={describe("title")} />
            {fieldErrors("title")}
          </div>
          <div className="field">
            <label htmlFor="body">{t("submissions.field.body")}</label>
            <textarea id="body" name="body" required rows={12} maxLength={20000} defaultValue={failed?.values.body} aria-invalid={errors.body ? true : undefined} aria-describedby={describe("body", "body-hint")} />
            <p id="body-hint" className="field__hint">
              {t("submissions.form.bodyHint")}
            </p>
            {fieldErrors("body")}
          </div>
          <fieldset className="field submission-form__clauses" aria-describedby={describe("clauses", "clauses-hint")}>
            <legend>{t("submissions.field.clauses")}</legend>
            <p id="clauses-hint" className="field__hint">
              {t("submissions.form.clausesHint")}
            </p>
            <div className="submission-form__clause-list">
              {d.clauses.map((c) => (
                <label key={c.id} className="submission-choice" style={{ paddingInlineStart: `${c.depth}rem` }}>
                  <input type="checkbox" name="clauses" value={c.id} /> {c.label}
                </label>
              ))}
            </div>
            {fieldErrors("clauses")}
          </fieldset>
          <div className="field">
            <label htmlFor="attachments">{t("submissions.field.attachments")}</label>
            <input
              id="attachments"
              name="attachments"
              type="file"
              multiple
              accept=".pdf,.odt,.docx,.png,.jpg,.jpeg,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/png,image/jpeg"
              aria-invalid={errors.attachments ? true : undefined}
              aria-describedby={describe("attachments", "attachments-hint")}
            />
            <p id="attachments-hint" className="field__hint">
              {t("submissions.form.attachmentsHint")}
            </p>
            {fieldErrors("attachments")}
          </div>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("submissions.form.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
