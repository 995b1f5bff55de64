import type { Db } from "../../../db/connection";
import { countLineAmendments, type LiveStateSource } from "../amendments/line-amendments";
import { isAmendmentPhaseOpen } from "../amendments/common";
import type { CurrentUser } from "../current-user";
import { countClauseComments } from "../debates/comments";
import type { ProcessSummary } from "../processes";
import type { BudgetSummary } from "./budget-summary";

/** What one budget line shows of its participation: comments in its debate and amendments changing it. */
export interface LineParticipation {
  comments: number;
  amendments: number;
}

/** The participation shown beside every line of a budget, as one viewer may see it. */
export interface BudgetParticipation {
  /** Line clause id → counts (every line of the budget is present). */
  lines: Record<string, LineParticipation>;
  /**
   * Whether each line offers "propose a change": the amendments phase is open by server time
   * and the version read is the latest (amendments are made on the latest version). The server
   * enforces the phase again when the proposal is sent.
   */
  proposeOpen: boolean;
}

/**
 * Budgets are as open as regulations: each line of the budget page links to its debate and its
 * amendments with their counts. Counted for the whole page at once — one grouped query for the
 * comments, one for the budget amendments — never per line, and only what `viewer` may see
 * (hidden comments only for moderators, private drafts only for whom the amendment policy lets see them).
 */
export function budgetParticipation(
  db: Db,
  viewer: CurrentUser | null,
  store: LiveStateSource,
  process: Pick<ProcessSummary, "id" | "phases" | "latestVersion">,
  budget: BudgetSummary,
  versionNumber: number,
  now: Date,
): BudgetParticipation {
  const ids = budget.districts.flatMap((d) => d.lines.map((l) => l.id));
  const comments = countClauseComments(db, viewer, process.id, ids);
  const amendments = countLineAmendments(db, viewer, store, process.id);
  const lines: Record<string, LineParticipation> = {};
  for (const id of ids) lines[id] = { comments: comments.get(id) ?? 0, amendments: amendments.get(id) ?? 0 };
  return { lines, proposeOpen: versionNumber === process.latestVersion && isAmendmentPhaseOpen(process.phases, now) };
}
