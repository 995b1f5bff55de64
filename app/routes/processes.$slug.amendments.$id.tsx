import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { formatDate } from "../../server/i18n/format";
import { createTranslator, messagesFor } from "../../server/i18n/translate";
import {
  addOrganizationCoauthor,
  amendFurther,
  createInvite,
  listInvites,
  listOrganizationCandidates,
  loadAmendment,
  removeCoauthor,
  revokeInvite,
  supportAmendment,
  updateJustification,
  withdrawAmendment,
} from "../../server/services/amendments";
import { AddMemberSchema, AmendmentButtonSchema, JustificationSchema } from "../../server/services/amendments/forms";
import { diffWording, type ArticleJSON } from "../../server/services/amendments/wording-diff";
import { ConflictError } from "../../server/services/debates/conflict";
import { AmendmentChanges } from "../components/amendments/AmendmentChanges";
import { AmendmentEditorLoader } from "../components/amendments/AmendmentEditorLoader";
import { ConfirmButton, InvitePanel, JUSTIFICATION_FORM, JustificationForm, MEMBER_FORM, MemberPicker } from "../components/amendments/DraftPanels";
import { amendmentTitle, withClause } from "../components/amendments/labels";
import { AmendmentBadges } from "../components/amendments/StatusBadge";
import { CsrfInput } from "../components/CsrfInput";
import { useI18n } from "../i18n/i18n";
import { frozenChanges, submitDraft } from "../utils/amendment-pages.server";
import { getUser, requireUser } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.titleText} · ${d.process.title} · Redacta` : "Redacta" }];

/** The `:id` of the path as a positive integer, or a 404. */
function amendmentId(raw: string | undefined): number {
  const id = /^[1-9]\d{0,15}$/.test(raw ?? "") ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new Response("Not Found", { status: 404 });
  return id;
}

/**
 * One amendment: what it changes, why, who wrote it and who supports it. A draft is shown only to
 * its co-authors (with the live editor) and to staff (read-only); anyone else gets a 404.
 */
export function loader({ params, context }: LoaderFunctionArgs) {
  const viewer = getUser(context);
  const { db, now, locale } = context.app;
  const id = amendmentId(params.id);
  const a = runService(() => loadAmendment(db, viewer, id, now()));
  if (a.process.slug !== params.slug) throw new Response("Not Found", { status: 404 });
  const { wording, amounts } = frozenChanges(a, a.budgetLines);
  const t = createTranslator(locale, messagesFor(locale, ["amendments"]));
  return {
    titleText: amendmentTitle(t, { id: a.id, kind: a.kind, clauseLabel: a.clauseLabel }),
    process: { slug: a.process.slug, title: a.process.title, kind: a.process.kind },
    amendment: {
      id: a.id,
      documentName: a.documentName,
      kind: a.kind,
      status: a.status,
      clauseId: a.clauseId,
      clauseLabel: a.clauseLabel,
      versionNumber: a.versionNumber,
      justification: a.justification,
      authors: a.authors,
      organization: a.organization,
      parent: a.parent,
      children: a.children,
      createdAt: a.createdAt.toISOString(),
      submittedAt: a.submittedAt ? a.submittedAt.toISOString() : null,
      withdrawnAt: a.withdrawnAt ? a.withdrawnAt.toISOString() : null,
      supportCount: a.supportCount,
      contentHash: a.contentHash,
      // The editor needs the base wording (and budget lines) to start from and to diff against.
      base: a.base,
      baseLines: a.budgetLines ?? null,
    },
    wording,
    amounts,
    viewer: {
      signedIn: viewer !== null,
      id: viewer?.id ?? null,
      name: viewer?.name ?? "",
      ...a.viewer,
    },
    // Members of the amendment's organization not yet co-authors (the picker), co-authors only.
    members: a.viewer.canManage && a.organization ? listOrganizationCandidates(db, viewer, a.id) : [],
    // The draft's invitation links still working, each revocable (co-authors only).
    invites: a.viewer.canManage
      ? listInvites(db, viewer, a.id, now()).map((i) => ({ id: i.id, createdBy: i.createdBy, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() }))
      : [],
  };
}

type ActionResult =
  | { kind: "invite"; url: string; expiresAt: string }
  | { kind: "notice"; notice: string; status: number }
  | { kind: "form"; formId: string; result: SubmissionResult<string[]> }
  | { kind: "errors"; errors: string[] };

function answer(result: ActionResult, status: number) {
  return data(result, { status });
}

/** Back to the amendment with a notice key the page shows (?done=). */
function back(slug: string, id: number, done: string) {
  return redirect(`/processes/${slug}/amendments/${id}?done=${done}`, { status: 303 });
}

/**
 * The amendment page's forms, by intent. Every rule (co-authorship, phase, one support per
 * person) is the services'; this maps their errors to 400 (field errors), 403, 404 and 409.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireUser(context, request);
  const { db, now, collab, origin } = context.app;
  const id = amendmentId(params.id);
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "justification") {
    const submission = parseWithZod(formData, { schema: JustificationSchema });
    if (submission.status !== "success") return answer({ kind: "form", formId: JUSTIFICATION_FORM, result: submission.reply() }, 400);
    try {
      runService(() => updateJustification(db, actor, id, submission.value.justification, now()));
    } catch (error) {
      if (error instanceof ValidationError) return answer({ kind: "form", formId: JUSTIFICATION_FORM, result: submission.reply({ fieldErrors: error.fieldErrors }) }, 400);
      throw error;
    }
    return back(slug, id, "justified");
  }

  if (intent === "addMember") {
    const submission = parseWithZod(formData, { schema: AddMemberSchema });
    if (submission.status !== "success") return answer({ kind: "form", formId: MEMBER_FORM, result: submission.reply() }, 400);
    try {
      runService(() => addOrganizationCoauthor(db, actor, id, submission.value.userId, now()));
    } catch (error) {
      if (error instanceof ValidationError) return answer({ kind: "form", formId: MEMBER_FORM, result: submission.reply({ fieldErrors: { userId: Object.values(error.fieldErrors).flat() } }) }, 400);
      if (error instanceof ConflictError) return answer({ kind: "notice", notice: "alreadyCoauthor", status: 409 }, 409);
      throw error;
    }
    return back(slug, id, "added");
  }

  const submission = parseWithZod(formData, { schema: AmendmentButtonSchema });
  if (submission.status !== "success") return answer({ kind: "errors", errors: ["amendments.error.invalid"] }, 400);
  const input = submission.value;
  try {
    switch (input.intent) {
      case "support":
        runService(() => supportAmendment(db, actor, id, now()));
        return back(slug, id, "supported");
      case "amendFurther": {
        const made = runService(() => amendFurther(db, actor, id, now()));
        return redirect(`/processes/${slug}/amendments/${made.id}?done=started`, { status: 303 });
      }
      case "submit":
        submitDraft(context.app, actor, id);
        return back(slug, id, "submitted");
      case "withdraw":
        runService(() => withdrawAmendment(db, collab, actor, id, now()));
        return back(slug, id, "withdrawn");
      case "invite": {
        const invite = runService(() => createInvite(db, actor, id, now()));
        // Shown once: only its hash is stored, so the page can never show it again.
        return answer({ kind: "invite", url: `${origin}/amendments/join/${invite.token}`, expiresAt: invite.expiresAt.toISOString() }, 200);
      }
      case "revokeInvite":
        runService(() => revokeInvite(db, actor, id, input.inviteId, now()));
        return back(slug, id, "inviteRevoked");
      case "removeCoauthor":
        runService(() => removeCoauthor(db, collab, actor, id, input.userId, now()));
        return back(slug, id, "removed");
      case "leave":
        runService(() => removeCoauthor(db, collab, actor, id, actor.id, now()));
        // A draft one no longer co-authors is invisible to them: land on the process's list.
        return redirect(`/processes/${slug}/amendments?done=left`, { status: 303 });
    }
  } catch (error) {
    if (error instanceof ConflictError) return answer({ kind: "notice", notice: error.code === "already_supported" ? "alreadySupported" : "conflict", status: 409 }, 409);
    if (error instanceof ValidationError) return answer({ kind: "errors", errors: Object.values(error.fieldErrors).flat() }, 400);
    throw error;
  }
}

const DONE = new Set(["started", "justified", "added", "supported", "submitted", "withdrawn", "removed", "joined", "inviteRevoked"]);

export default function AmendmentPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const navigation = useNavigation();
  const a = d.amendment;
  const done = params.get("done");
  const formResult = (formId: string) => (result?.kind === "form" && result.formId === formId ? result.result : undefined);
  const draft = a.status === "draft";
  const clauseHref = a.kind === "budget" ? `/processes/${d.process.slug}` : `/processes/${d.process.slug}/clauses/${a.clauseId}`;
  const names = a.authors.map((p) => p.name).join(", ");
  return (
    <div className="page amendment-page">
      <nav className="amendment-page__back" aria-label={t("amendments.page.breadcrumb")}>
        <Link to={clauseHref}>{a.kind === "budget" ? t("amendments.page.backToProcess") : withClause(t, "amendments.page.backToClause", a.clauseLabel)}</Link>
        <Link to={`/processes/${d.process.slug}/amendments`}>{t("amendments.page.allAmendments")}</Link>
      </nav>
      <p className="muted">{d.process.title}</p>
      <h1>{d.titleText}</h1>
      <AmendmentBadges status={a.status} kind={a.kind} />
      {draft ? <p className="notice amendment-page__private">{d.viewer.canWrite ? t("amendments.page.draftPrivate") : t("amendments.page.draftWatching")}</p> : null}
      {done && DONE.has(done) ? (
        <p className="notice" role="status">
          {t(`amendments.done.${done}`)}
        </p>
      ) : null}
      {result?.kind === "notice" ? (
        <p className="notice" role="status">
          {t(`amendments.notice.${result.notice}`)}
        </p>
      ) : null}
      {result?.kind === "errors" ? (
        <div className="form-error" role="alert">
          {result.errors.map((e) => (
            <p key={e}>{t(e)}</p>
          ))}
        </div>
      ) : null}

      <dl className="amendment-facts">
        <div>
          <dt>{t("amendments.facts.authors")}</dt>
          <dd>{a.organization ? t("amendments.byOrganization", { names, organization: a.organization.name }) : names}</dd>
        </div>
        {a.organization?.profileSlug ? (
          <div>
            <dt>{t("amendments.facts.organization")}</dt>
            <dd>
              <Link to={`/organizations/${a.organization.profileSlug}`}>{a.organization.name}</Link>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t("amendments.facts.created")}</dt>
          <dd>{formatDate(locale, new Date(a.createdAt))}</dd>
        </div>
        {a.submittedAt ? (
          <div>
            <dt>{t("amendments.facts.submitted")}</dt>
            <dd>{formatDate(locale, new Date(a.submittedAt))}</dd>
          </div>
        ) : null}
        {a.withdrawnAt ? (
          <div>
            <dt>{t("amendments.facts.withdrawn")}</dt>
            <dd>{formatDate(locale, new Date(a.withdrawnAt))}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("amendments.facts.base")}</dt>
          <dd>{t("amendments.facts.version", { number: a.versionNumber })}</dd>
        </div>
        <div>
          <dt>{t("amendments.facts.supports")}</dt>
          <dd className="amendment-facts__supports">{t("amendments.supports", { count: a.supportCount })}</dd>
        </div>
      </dl>

      {a.parent || a.children.length > 0 ? (
        <nav className="amendment-related" aria-label={t("amendments.related.label")}>
          {a.parent ? (
            <p>
              {t("amendments.related.parent")} <Link to={`/processes/${d.process.slug}/amendments/${a.parent.id}`}>{t("amendments.related.item", { number: a.parent.id })}</Link>
            </p>
          ) : null}
          {a.children.length > 0 ? (
            <>
              <p>{t("amendments.related.children")}</p>
              <ul>
                {a.children.map((c) => (
                  <li key={c.id}>
                    <Link to={`/processes/${d.process.slug}/amendments/${c.id}`}>{t("amendments.related.item", { number: c.id })}</Link> <span className="muted">({t(`amendments.status.${c.status}`)})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </nav>
      ) : null}

      <section aria-labelledby="justification-heading" className="amendment-justification">
        <h2 id="justification-heading">{t("amendments.justification.heading")}</h2>
        <p className="amendment-justification__text">{a.justification}</p>
        {draft && d.viewer.canWrite ? (
          <details className="amendment-justification__edit" open={formResult(JUSTIFICATION_FORM) ? true : undefined}>
            <summary>{t("amendments.justification.editSummary")}</summary>
            <JustificationForm initial={a.justification} lastResult={formResult(JUSTIFICATION_FORM)} />
          </details>
        ) : null}
      </section>

      <section aria-labelledby="changes-heading" className="amendment-changes-section">
        <h2 id="changes-heading">{draft ? t("amendments.changes.draftHeading") : t("amendments.changes.heading")}</h2>
        {draft && a.kind !== "delete" ? (
          <>
            <p className="field__hint">{d.viewer.canWrite ? t("amendments.changes.editorHint") : t("amendments.changes.readOnlyHint")}</p>
            <AmendmentEditorLoader documentName={a.documentName} kind={a.kind} base={a.base} baseLines={a.baseLines ?? undefined} readOnly={!d.viewer.canWrite} user={{ id: d.viewer.id ?? 0, name: d.viewer.name }} />
          </>
        ) : null}
        {draft && a.kind === "delete" ? <AmendmentChanges kind={a.kind} wording={diffWording(a.base as ArticleJSON | null, null)} amounts={null} /> : null}
        {!draft ? (
          <>
            <AmendmentChanges kind={a.kind} wording={d.wording} amounts={d.amounts} />
            {a.contentHash ? (
              <p className="doc-hash muted">
                {t("amendments.changes.hash")} <code>{a.contentHash}</code>
              </p>
            ) : null}
          </>
        ) : null}
      </section>

      {!draft ? (
        <section className="card amendment-support" aria-labelledby="support-heading">
          <h2 id="support-heading">{t("amendments.supports", { count: a.supportCount })}</h2>
          {d.viewer.hasSupported ? <p className="badge">{t("amendments.support.given")}</p> : null}
          <div className="amendment-actions">
            {d.viewer.canSupport && !d.viewer.hasSupported ? (
              <Form method="post" preventScrollReset>
                <CsrfInput />
                <button type="submit" name="intent" value="support" disabled={navigation.state === "submitting"}>
                  {t("amendments.support.button")}
                </button>
              </Form>
            ) : null}
            {d.viewer.canAmendFurther ? (
              <Form method="post">
                <CsrfInput />
                <button type="submit" name="intent" value="amendFurther" className="button--quiet" aria-describedby="amend-further-hint">
                  {t("amendments.further.button")}
                </button>
                <p id="amend-further-hint" className="field__hint">
                  {t("amendments.further.hint")}
                </p>
              </Form>
            ) : null}
          </div>
          {!d.viewer.signedIn && a.status === "submitted" ? (
            <p>
              <Link to={`/login?redirectTo=${encodeURIComponent(`/processes/${d.process.slug}/amendments/${a.id}`)}`}>{t("amendments.support.signIn")}</Link>
            </p>
          ) : null}
          {a.status === "withdrawn" ? <p className="muted">{t("amendments.support.withdrawn")}</p> : null}
        </section>
      ) : null}

      {d.viewer.canManage ? (
        <section aria-labelledby="coauthors-heading" className="card amendment-coauthors">
          <h2 id="coauthors-heading">{t("amendments.coauthors.heading")}</h2>
          <ul className="amendment-coauthors__list">
            {a.authors.map((p) => (
              <li key={p.userId}>
                <span>
                  {p.name}
                  {p.role === "author" ? <span className="muted"> · {t("amendments.coauthors.starter")}</span> : null}
                  {p.userId === d.viewer.id ? <span className="muted"> · {t("amendments.coauthors.you")}</span> : null}
                </span>
                {p.role !== "author" && p.userId !== d.viewer.id ? (
                  <Form method="post" className="inline-form" preventScrollReset>
                    <CsrfInput />
                    <input type="hidden" name="userId" value={p.userId} />
                    <button type="submit" name="intent" value="removeCoauthor" className="button--small button--quiet">
                      {t("amendments.coauthors.remove")}
                      <span className="visually-hidden"> {p.name}</span>
                    </button>
                  </Form>
                ) : null}
                {p.role !== "author" && p.userId === d.viewer.id ? (
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <button type="submit" name="intent" value="leave" className="button--small button--quiet">
                      {t("amendments.coauthors.leave")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          <InvitePanel invite={result?.kind === "invite" ? { url: result.url, expiresAt: result.expiresAt } : null} active={d.invites} />
          {a.organization && d.members.length > 0 ? <MemberPicker members={d.members} lastResult={formResult(MEMBER_FORM)} /> : null}
        </section>
      ) : null}

      {draft && (d.viewer.canSubmit || d.viewer.canWithdraw) ? (
        <section aria-labelledby="decide-heading" className="card amendment-decide">
          <h2 id="decide-heading">{t("amendments.decide.heading")}</h2>
          <div className="amendment-actions">
            {d.viewer.canSubmit ? <ConfirmButton intent="submit" summary={t("amendments.submit.summary")} explanation={t("amendments.submit.explanation")} confirm={t("amendments.submit.confirm")} /> : null}
            {d.viewer.canWithdraw ? <ConfirmButton intent="withdraw" summary={t("amendments.withdraw.summary")} explanation={t("amendments.withdraw.explanation")} confirm={t("amendments.withdraw.confirm")} danger /> : null}
          </div>
        </section>
      ) : null}
      {!draft && d.viewer.canWithdraw ? (
        <section aria-labelledby="decide-heading" className="card amendment-decide">
          <h2 id="decide-heading">{t("amendments.decide.headingSubmitted")}</h2>
          <ConfirmButton intent="withdraw" summary={t("amendments.withdraw.summary")} explanation={t("amendments.withdraw.explanationSubmitted")} confirm={t("amendments.withdraw.confirm")} danger />
        </section>
      ) : null}
    </div>
  );
}
