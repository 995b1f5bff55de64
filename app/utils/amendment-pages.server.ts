import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect } from "@remix-run/node";
import { flattenClauses, type Clause } from "../../collab/schema/clauses";
import type { AppContext } from "../../server/context";
import { ValidationError } from "../../server/errors";
import { createTranslator, messagesFor } from "../../server/i18n/translate";
import { can } from "../../server/policies/can";
import { SqliteCollabStore } from "../../db/collab-store";
import { budgetLines, isAmendmentPhaseOpen, listLineAmendments, startAmendment, submitAmendment, type AmendmentSummary, type BudgetLine } from "../../server/services/amendments";
import { CLAUSE_KIND_NAMES, StartAmendmentSchema } from "../../server/services/amendments/forms";
import { diffAmounts, diffWording, type AmountsDiff, type ArticleJSON, type WordingDiff } from "../../server/services/amendments/wording-diff";
import type { CurrentUser } from "../../server/services/current-user";
import type { PhaseWindow } from "../../server/services/phases";
import type { AmendmentListItem } from "../components/amendments/AmendmentList";
import type { AmendmentsPanelData } from "../components/amendments/ProcessAmendmentsPanel";
import { PROPOSE_FORM_ID } from "../components/amendments/ProposeAmendmentForm";
import { runService } from "./service-errors.server";

/**
 * What the amendment parts of the clause page, the process page and the list page share:
 * turning service summaries into list items with their diff (computed here, so browsers get
 * the changes and not two copies of the text), and deciding whether to offer "propose".
 */

/** The frozen amounts of a budget amendment's content, or null. */
function frozenAmounts(content: unknown): Record<string, unknown> | null {
  if (content === null || typeof content !== "object" || !("amounts" in content)) return null;
  const amounts = (content as { amounts: unknown }).amounts;
  return amounts !== null && typeof amounts === "object" ? (amounts as Record<string, unknown>) : null;
}

/**
 * What a submitted amendment changes, as the pages render it: word-level changes of its wording
 * against the base article, or the budget lines it moves money between. Drafts have none here
 * (their editor shows them live).
 */
export function frozenChanges(
  a: { kind: AmendmentSummary["kind"]; status: AmendmentSummary["status"]; base: ArticleJSON | null; content: unknown },
  lines: readonly BudgetLine[] | null,
): { wording: WordingDiff | null; amounts: AmountsDiff | null } {
  if (a.status === "draft") return { wording: null, amounts: null };
  if (a.kind !== "budget") return { wording: diffWording(a.base, a.kind === "delete" ? null : (a.content as ArticleJSON | null)), amounts: null };
  const amounts = frozenAmounts(a.content);
  return { wording: null, amounts: amounts && lines ? diffAmounts(lines, amounts) : null };
}

/** A summary as list pages render it; `lines` are the budget's lines (budget amendments only). */
export function toListItem(slug: string, s: AmendmentSummary, lines: readonly BudgetLine[] | null): AmendmentListItem {
  const { wording, amounts } = frozenChanges(s, lines);
  return {
    id: s.id,
    href: `/processes/${slug}/amendments/${s.id}`,
    kind: s.kind,
    status: s.status,
    clauseLabel: s.clauseLabel,
    justification: s.justificationTruncated ? `${s.justification}…` : s.justification,
    authors: s.authors,
    organization: s.organization,
    organizationProfile: s.organizationProfile,
    supportCount: s.supportCount,
    submittedAt: s.submittedAt ? s.submittedAt.toISOString() : null,
    wording,
    amounts,
  };
}

/** The amendments of a budget line the viewer may see (drafts read from the collaboration store). */
export function lineAmendmentsFor(app: AppContext, processId: number, lineId: string): AmendmentSummary[] {
  return listLineAmendments(app.db, app.user, new SqliteCollabStore(app.db, app.now), processId, lineId);
}

/** The budget node of a version's clause tree, if the document is a budget. */
export function budgetClauseOf(tree: readonly Clause[]): Clause | null {
  return flattenClauses(tree).find((f) => f.clause.kind === "budget")?.clause ?? null;
}

/** The lines of the budget node of a tree (empty when it has none). */
export function budgetLinesOf(tree: readonly Clause[]): BudgetLine[] {
  const budget = budgetClauseOf(tree);
  return budget ? budgetLines(budget) : [];
}

/** Whether and how a page offers "propose an amendment" for a clause. */
export interface Proposing {
  /** The amendments phase is open now (server time). */
  open: boolean;
  /** The kinds this clause takes (none: chapters, paragraphs… are amended through their article). */
  kinds: string[];
  signedIn: boolean;
  /** Open, a kind fits, and the person may start one. */
  allowed: boolean;
  /** Organizations the person may file on behalf of. */
  organizations: Array<{ id: number; name: string }>;
}

/** The kinds a clause takes, as the services accept them. */
export function kindsFor(clause: Pick<Clause, "kind">): string[] {
  if (clause.kind === "article") return [...CLAUSE_KIND_NAMES];
  // A line is amended through its budget (startAmendment): its page offers the budget proposal.
  if (clause.kind === "budget" || clause.kind === "budget_line") return ["budget"];
  return [];
}

/** What a page should offer to `user` for proposing an amendment on `clause`. */
export function proposingFor(user: CurrentUser | null, phases: PhaseWindow[], clause: Pick<Clause, "kind"> | null, now: Date): Proposing {
  const open = isAmendmentPhaseOpen(phases, now);
  const kinds = clause ? kindsFor(clause) : [];
  return {
    open,
    kinds,
    signedIn: user !== null,
    allowed: open && kinds.length > 0 && can(user, "amendment.create", null),
    organizations: (user?.organizations ?? []).filter((o) => can(user, "amendment.onBehalf", { organizationId: o.id })).map((o) => ({ id: o.id, name: o.name })),
  };
}

/** The 400 answer of a refused "propose" form: its Conform result under the form's id. */
export function proposeRefused(result: SubmissionResult<string[]>) {
  return data({ formId: PROPOSE_FORM_ID, result }, { status: 400 });
}

/**
 * The "propose an amendment" action shared by the clause page and the list page (budgets):
 * parses the form with its schema, starts the draft and redirects (303) to its page; a 400 with
 * field errors when the form or a service rule refuses it (nothing stored); 403/404 thrown.
 */
export function startFromForm(app: AppContext, actor: CurrentUser, formData: FormData, slug: string, clauseId: string) {
  const submission = parseWithZod(formData, { schema: StartAmendmentSchema });
  if (submission.status !== "success") return proposeRefused(submission.reply());
  const { kind, justification, onBehalfOf } = submission.value;
  try {
    const made = runService(() => startAmendment(app.db, actor, { slug, clauseId, kind, justification, organizationId: onBehalfOf ?? null }, app.now()));
    return redirect(`/processes/${slug}/amendments/${made.id}?done=started`, { status: 303 });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const { organizationId, ...rest } = error.fieldErrors;
    const fieldErrors = organizationId ? { ...rest, onBehalfOf: organizationId } : rest;
    return proposeRefused(submission.reply({ fieldErrors }));
  }
}

/**
 * The process page's amendments panel, translated here (see ProcessAmendmentsPanel). No count:
 * the reading page stays as cheap as it was; the list page counts.
 */
export function amendmentsPanelFor(app: AppContext, process: { slug: string; kind: string; phases: Array<{ kind: string; startsAt: string; endsAt: string }> }): AmendmentsPanelData {
  const t = createTranslator(app.locale, messagesFor(app.locale, ["amendments"]));
  const phases = process.phases.map((p) => ({ kind: p.kind as PhaseWindow["kind"], startsAt: new Date(p.startsAt), endsAt: new Date(p.endsAt) }));
  const open = isAmendmentPhaseOpen(phases, app.now());
  const budget = process.kind === "budget";
  return {
    slug: process.slug,
    heading: t("amendments.panel.heading"),
    link: t("amendments.panel.link"),
    howTo: budget ? t("amendments.index.leadBudget") : t("amendments.panel.howTo"),
    propose: budget && open ? t("amendments.propose.budgetHeading") : null,
  };
}

/**
 * Submits a draft: the services read the live document's state from the collaboration store
 * (the same SQLite database) and close or downgrade the open editors through `app.collab`.
 */
export function submitDraft(app: AppContext, actor: CurrentUser, id: number): void {
  runService(() => submitAmendment(app.db, new SqliteCollabStore(app.db, app.now), app.collab, actor, id, app.now()));
}
