import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { can } from "../../server/policies/can";
import { ConflictError } from "../../server/services/debates/conflict";
import { isDebateOpen, listClauseThread, loadDebateContext, postComment, supportComment, THREAD_SORTS, type CommentView, type ThreadSort } from "../../server/services/debates/comments";
import { BODY_MAX, DebateActionSchema, SORT_NAMES } from "../../server/services/debates/forms";
import { flagContent } from "../../server/services/moderation/moderation";
import { CommentForm, CommentItem, type CommentData, type DebateAbilities } from "../components/debate/CommentItem";
import { useT } from "../i18n/i18n";
import { getUser, requireUser } from "../utils/guards.server";
import { pageParam, runService } from "../utils/service-errors.server";
import { Pager } from "../components/Pager";
import { budgetLines, listClauseAmendments } from "../../server/services/amendments";
import { AmendmentsSection } from "../components/amendments/AmendmentsSection";
import { SubmissionList } from "../components/submissions/SubmissionList";
import { submissionsOnClause } from "../../server/services/submissions/read";
import { submissionListItem } from "../utils/submission-pages.server";
import { budgetClauseOf, lineAmendmentsFor, proposingFor, startFromForm, toListItem } from "../utils/amendment-pages.server";
import { flattenClauses } from "../../collab/schema/clauses";
import { loadClauseInForce } from "../../server/services/documents/clause-history";
import { listClauseAnnotations } from "../../server/services/annotations/annotations";
import { ClauseBody } from "../components/debate/ClauseBody";
import { MergedIntoSentence } from "../components/debate/MergedInto";
import { AnnotationCard } from "../components/annotations/AnnotationCard";
import type { ShownAnnotation } from "../components/annotations/api";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.clause.label || d.clause.heading} · ${d.process.title} · Redacta` : "Redacta" }];

function sortParam(url: URL): ThreadSort {
  const sort = url.searchParams.get("sort");
  return THREAD_SORTS.find((s) => s === sort) ?? "most_supported";
}

/** A comment as the page receives it (dates as ISO strings), with its replies. */
function toData(c: CommentView): CommentData {
  return { ...c, createdAt: c.createdAt.toISOString(), replies: c.replies.map(toData) };
}

/** Annotations shown under the clause text; the reading page's layer has them all. */
const ANNOTATIONS_SHOWN = 50;

/**
 * A clause's debate: the clause at the version in force for it (the latest version, or the last
 * one that had it, read-only, when a later version removed it), the annotations on it, and one
 * page of its thread.
 */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = getUser(context);
  const { db, now } = context.app;
  const url = new URL(request.url);
  const { process, version, clause, removedIn, mergedInto } = runService(() => loadClauseInForce(db, user, params.slug ?? "", params.clauseId ?? "", now()));
  const thread = listClauseThread(db, user, process.id, clause.id, { sort: sortParam(url), page: pageParam(url) });
  // A removed clause keeps its debate readable but takes no new comments or amendments.
  const open = removedIn === null && isDebateOpen(process.phases, now());
  const annotations = listClauseAnnotations(db, user, version, flattenClauses([clause]).map((f) => f.clause.id), ANNOTATIONS_SHOWN);
  // Amendments of this clause (drafts only the viewer's own); diffs computed here, not in browsers.
  // A budget line's amendments are the budget amendments that change its amount.
  const budgetClause = clause.kind === "budget" ? clause : clause.kind === "budget_line" ? budgetClauseOf(version.tree) : null;
  const lines = budgetClause ? budgetLines(budgetClause) : null;
  const summaries =
    clause.kind === "budget_line" ? lineAmendmentsFor(context.app, process.id, clause.id) : listClauseAmendments(db, user, process.slug, clause.id, now());
  const amendmentItems = summaries.map((s) => toListItem(process.slug, s, lines));
  return {
    process: { slug: process.slug, title: process.title },
    version: version.number,
    removedIn,
    mergedInto,
    clause,
    currency: budgetClauseOf(version.tree)?.currency ?? "EUR",
    annotations: { total: annotations.total, items: annotations.items.map(toShownAnnotation) },
    thread: { ...thread, comments: thread.comments.map(toData) },
    open,
    signedIn: user !== null,
    viewerId: user?.id ?? null,
    canComment: open && can(user, "comment.create", null),
    canSupport: open && can(user, "comment.support", null),
    canFlag: can(user, "content.flag", null),
    canOfficial: can(user, "comment.official", null),
    amendments: { items: amendmentItems, proposing: proposingFor(user, process.phases, removedIn === null ? clause : null, now()) },
    // Formal submissions naming this clause or any clause inside it.
    submissions: flattenClauses([clause])
      .flatMap((f) => submissionsOnClause(db, user, process.id, f.clause.id))
      .filter((s, i, all) => all.findIndex((o) => o.id === s.id) === i)
      .map((s) => submissionListItem(context.app, s)),
  };
}

/** An annotation as the shared card shows it (no flag form here: the reading page offers it). */
function toShownAnnotation(a: ReturnType<typeof listClauseAnnotations>["items"][number]): ShownAnnotation {
  return {
    id: String(a.id),
    author: a.author.name,
    created: a.createdAt.toISOString(),
    body: a.body,
    hiddenReason: a.hidden?.reason ?? null,
    madeOnVersion: a.madeOnVersion,
    carryStatus: a.carryStatus,
    originalQuote: a.originalExact,
    clauseId: a.clauseId,
    exact: a.exact,
    start: a.start,
    end: a.end,
  };
}

/**
 * Answer for a refused form: its key (to show errors next to it), the reasons, the status, and the
 * comment text as sent (cut to the form's own limit) so the author does not lose it.
 */
function refused(formKey: string, errors: string[], status: number, body: FormDataEntryValue | null) {
  return data({ formKey, errors, body: typeof body === "string" ? body.slice(0, BODY_MAX * 2) : null }, { status });
}

/** Comment, reply, support or flag; then back to the thread (303) or the errors (400/403/409). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireUser(context, request);
  const formData = await request.formData();
  // "Propose an amendment" has its own schema and answer (Conform result); see AmendmentsSection.
  if (formData.get("intent") === "amend") return startFromForm(context.app, actor, formData, params.slug ?? "", params.clauseId ?? "");
  const submission = parseWithZod(formData, { schema: DebateActionSchema });
  const formKeyRaw = formData.get("formKey");
  const formKey = typeof formKeyRaw === "string" && /^[a-z0-9-]{1,40}$/.test(formKeyRaw) ? formKeyRaw : "new";
  if (submission.status !== "success") {
    const errors = Object.values(submission.error ?? {}).flatMap((e) => e ?? []);
    return refused(formKey, errors.length > 0 ? errors : ["debate.error.invalid"], 400, formData.get("body"));
  }
  const { db, now } = context.app;
  const slug = params.slug ?? "";
  const clauseId = params.clauseId ?? "";
  const input = submission.value;
  const url = new URL(request.url);
  try {
    let anchor = "";
    let done: string;
    switch (input.intent) {
      case "comment": {
        const made = runService(() => postComment(db, actor, { slug, clauseId, body: input.body, stance: input.stance ?? null, parentId: input.parentId ?? null, official: input.official }, now()));
        anchor = `#comment-${made.id}`;
        done = "posted";
        break;
      }
      case "support":
        runService(() => supportComment(db, actor, { slug, clauseId, commentId: input.commentId }, now()));
        anchor = `#comment-${input.commentId}`;
        done = "supported";
        break;
      case "flag":
        // The comment must belong to this clause's thread: the page loads it first.
        runService(() => loadDebateContext(db, actor, slug, clauseId, now()));
        runService(() => flagContent(db, actor, { targetType: "comment", targetId: input.commentId, reason: input.reason }, now()));
        anchor = `#comment-${input.commentId}`;
        done = "flagged";
        break;
    }
    url.searchParams.set("done", done);
    url.searchParams.delete("index");
    return redirect(`${url.pathname}${url.search}${anchor}`, { status: 303 });
  } catch (error) {
    if (error instanceof ValidationError) return refused(formKey, Object.values(error.fieldErrors).flat(), 400, formData.get("body"));
    if (error instanceof ConflictError) return refused(formKey, [error.code === "already_supported" ? "debate.error.alreadySupported" : "debate.error.alreadyFlagged"], 409, null);
    throw error;
  }
}

const NOTICES = new Set(["posted", "supported", "flagged"]);

export default function ClauseDebate() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() ?? null;
  // The propose form's 400 carries a Conform result; the debate forms' carry formKey + errors.
  const failed = actionData && "formKey" in actionData ? actionData : null;
  const proposeResult = actionData && "result" in actionData ? actionData.result : undefined;
  const [params] = useSearchParams();
  const location = useLocation();
  const t = useT();
  const done = params.get("done");
  const abilities: DebateAbilities = { canComment: d.canComment, canSupport: d.canSupport, canFlag: d.canFlag, canOfficial: d.canOfficial, viewerId: d.viewerId, failed };
  const sortHref = (sort: string) => {
    const next = new URLSearchParams(params);
    next.delete("done");
    next.delete("page");
    next.set("sort", sort);
    return `${location.pathname}?${next.toString()}`;
  };
  const title = [d.clause.label, d.clause.heading].filter(Boolean).join(". ");
  return (
    <div className="page debate">
      <p>
        <Link to={`/processes/${d.process.slug}${d.removedIn !== null ? `/v/${d.version}` : ""}#${d.clause.anchor}`}>{t("debate.back")}</Link>
      </p>
      <p className="muted">{d.process.title}</p>
      <h1>{t("debate.title", { label: title || d.clause.id })}</h1>
      {done && NOTICES.has(done) ? (
        <p className="notice" role="status">
          {t(`debate.notice.${done}`)}
        </p>
      ) : null}
      {d.removedIn !== null ? (
        <p className="notice notice--warning" role="note">
          {d.mergedInto ? (
            <MergedIntoSentence slug={d.process.slug} merged={d.mergedInto} messageKey="debate.clause.mergedInto" params={{ last: d.version }} />
          ) : (
            t("debate.clause.removedIn", { version: d.removedIn, last: d.version })
          )}
        </p>
      ) : null}
      <section className="card debate__clause" aria-labelledby="clause-heading">
        <h2 id="clause-heading">{t("debate.clause.heading", { version: d.version })}</h2>
        <div className="debate__clause-text doc-text">
          <ClauseBody clause={d.clause} currency={d.currency} debateHref={(id) => `/processes/${d.process.slug}/clauses/${encodeURIComponent(id)}`} />
        </div>
        <p>
          <Link to={`/processes/${d.process.slug}/clauses/${encodeURIComponent(d.clause.id)}/history`}>{t("debate.history.link")}</Link>
        </p>
      </section>

      <section aria-labelledby="clause-annotations-heading">
        <h2 id="clause-annotations-heading">{t("debate.annotations.heading")}</h2>
        <p className="muted">{t("debate.annotations.count", { count: d.annotations.total })}</p>
        {d.annotations.items.length > 0 ? (
          <ul className="anno-list">
            {d.annotations.items.map((a) => (
              <AnnotationCard key={a.id} annotation={a} flagging={null} />
            ))}
          </ul>
        ) : null}
        {d.annotations.total > d.annotations.items.length ? (
          <p>
            <Link to={`/processes/${d.process.slug}#${d.clause.anchor}`}>{t("debate.annotations.more")}</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="submissions-heading">
        <h2 id="submissions-heading">{t("submissions.clause.heading")}</h2>
        {d.submissions.length === 0 ? <p>{t("submissions.clause.empty")}</p> : <SubmissionList items={d.submissions} headingLevel={3} />}
      </section>

      <AmendmentsSection items={d.amendments.items} proposing={d.amendments.proposing} lastResult={proposeResult} clauseLabel={d.clause.label || d.clause.heading} />

      <section aria-labelledby="thread-heading">
        <h2 id="thread-heading">{t("debate.thread.heading")}</h2>
        <p className="muted">{t("debate.thread.count", { count: d.thread.total })}</p>
        <nav className="debate__sort" aria-label={t("debate.sort.label")}>
          <ul>
            {SORT_NAMES.map((sort) => (
              <li key={sort}>
                <Link to={sortHref(sort)} aria-current={d.thread.sort === sort ? "true" : undefined}>
                  {t(`debate.sort.${sort}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {d.thread.comments.length === 0 ? <p>{t("debate.thread.empty")}</p> : null}
        <ol className="comment-list">
          {d.thread.comments.map((comment) => (
            <CommentItem key={comment.id} comment={comment} abilities={abilities} />
          ))}
        </ol>
        <Pager page={d.thread.page} pageCount={d.thread.pageCount} label={t("debate.pager.label")} />
      </section>

      <section aria-labelledby="new-comment-heading" className="card">
        <h2 id="new-comment-heading">{t("debate.form.heading")}</h2>
        {!d.open ? <p>{t(d.removedIn !== null ? "debate.closedRemoved" : "debate.closed")}</p> : null}
        {d.open && !d.signedIn ? (
          <p>
            {t("debate.signIn")} <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>{t("debate.signInLink")}</Link>
          </p>
        ) : null}
        {d.canComment ? <CommentForm formKey="new" parentId={null} label={t("debate.form.body")} submit={t("debate.form.submit")} abilities={abilities} /> : null}
      </section>
    </div>
  );
}
