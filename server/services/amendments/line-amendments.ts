import { and, asc, desc, eq } from "drizzle-orm";
import type { SqliteCollabStore, StoredCollabDocument } from "../../../db/collab-store";
import type { Db } from "../../../db/connection";
import { coauthoredAmendmentIds } from "../../../db/queries/amendment-authors";
import { flattenClauses } from "../../../collab/schema/clauses";
import { amendments } from "../../../db/schema";
import { can } from "../../policies/can";
import type { CurrentUser } from "../current-user";
import { baseAmounts, budgetLines } from "./budget";
import { amendmentColumns, amendmentDocumentName, type AmendmentRow } from "./common";
import { versionsOf } from "./describe";
import { summarize, type AmendmentSummary } from "./list";
import { stateOfStored } from "./read-state";

/**
 * The amendments of one budget line. A budget amendment is made on the budget as a whole (it
 * moves money between lines, keeping every district's total), so a line's amendments are the
 * budget amendments that propose a different amount for it: for a submitted or withdrawn one,
 * in its frozen content; for a draft, in its live document (only drafts the viewer may see are
 * read). Amounts are compared with the line's amount in the version the amendment was made on.
 * Who sees which amendment is the amendment policy's decision ("amendment.view").
 */

/** Where drafts' live documents are read from, all at once (SqliteCollabStore satisfies it). */
export type LiveStateSource = Pick<SqliteCollabStore, "loadMany">;

/** A budget amendment the viewer may see, with the lines whose amount it changes. */
interface LineTouch {
  row: AmendmentRow;
  lines: Set<string>;
}

function proposedAmounts(row: AmendmentRow, live: ReadonlyMap<string, StoredCollabDocument>): Record<string, unknown> {
  if (row.status === "draft") {
    const stored = live.get(amendmentDocumentName(row.id));
    return stored ? stateOfStored(stored).amounts : {};
  }
  if (row.content === null) return {};
  const content = JSON.parse(row.content) as { amounts?: unknown };
  return content.amounts !== null && typeof content.amounts === "object" ? (content.amounts as Record<string, unknown>) : {};
}

/**
 * The budget amendments of a process `viewer` may see, each with the lines it changes: a fixed
 * number of queries whatever the number of lines or amendments (the amendments, co-authorship,
 * their versions, and the visible drafts' live documents in one batch).
 */
function visibleLineTouches(db: Db, viewer: CurrentUser | null, store: LiveStateSource, processId: number): LineTouch[] {
  const rows = db
    .select(amendmentColumns)
    .from(amendments)
    .where(and(eq(amendments.processId, processId), eq(amendments.kind, "budget")))
    .orderBy(desc(amendments.supportCount), asc(amendments.id))
    .all();
  const mine = new Set(viewer && rows.some((r) => r.submittedAt === null) ? coauthoredAmendmentIds(db, viewer.id).all().map((r) => r.id) : []);
  const visible = rows.filter((r) => can(viewer, "amendment.view", { status: r.status, submittedAt: r.submittedAt, isCoauthor: mine.has(r.id) }));
  const versions = versionsOf(db, visible);
  const live = store.loadMany(visible.filter((r) => r.status === "draft").map((r) => amendmentDocumentName(r.id)));
  return visible.map((row) => {
    const tree = versions.get(row.versionId)?.tree ?? [];
    const budget = flattenClauses(tree).find((f) => f.clause.kind === "budget")?.clause;
    const base = budget ? baseAmounts(budgetLines(budget)) : {};
    const proposed = proposedAmounts(row, live);
    const lines = new Set(Object.keys(base).filter((id) => typeof proposed[id] === "number" && proposed[id] !== base[id]));
    return { row, lines };
  });
}

/** Line id → how many amendments the viewer may see propose a different amount for it. */
export function countLineAmendments(db: Db, viewer: CurrentUser | null, store: LiveStateSource, processId: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const touch of visibleLineTouches(db, viewer, store, processId)) {
    for (const id of touch.lines) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The amendments the viewer may see that change the amount of budget line `lineId`, most supported first. */
export function listLineAmendments(db: Db, viewer: CurrentUser | null, store: LiveStateSource, processId: number, lineId: string): AmendmentSummary[] {
  return summarize(
    db,
    visibleLineTouches(db, viewer, store, processId)
      .filter((t) => t.lines.has(lineId))
      .map((t) => t.row),
  );
}
