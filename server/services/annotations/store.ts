import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { annotationAnchors, annotations, type CarryStatus, type OrphanReasonCode } from "../../../db/schema";

/**
 * Writing an annotation's anchor on a version: the current anchor on the annotations row and the
 * per-version history row always change together, through this one helper, so the two never
 * disagree.
 */

/** An anchor as stored: a full selector, or an orphan with its last clause and quote. */
export type StoredAnchor =
  | { status: Exclude<CarryStatus, "orphaned">; clauseId: string; exact: string; prefix: string; suffix: string; start: number; end: number }
  | { status: "orphaned"; reason: OrphanReasonCode; clauseId: string; exact: string };

/** The anchor columns shared by `annotations` (current anchor) and `annotation_anchors`. */
export function anchorColumns(anchor: StoredAnchor) {
  return anchor.status === "orphaned"
    ? { clauseId: anchor.clauseId, exact: anchor.exact, prefix: null, suffix: null, start: null, end: null, carryStatus: anchor.status, orphanReason: anchor.reason }
    : {
        clauseId: anchor.clauseId,
        exact: anchor.exact,
        prefix: anchor.prefix,
        suffix: anchor.suffix,
        start: anchor.start,
        end: anchor.end,
        carryStatus: anchor.status,
        orphanReason: null,
      };
}

const p = {
  clauseId: sql.placeholder("clauseId"),
  exact: sql.placeholder("exact"),
  prefix: sql.placeholder("prefix"),
  suffix: sql.placeholder("suffix"),
  start: sql.placeholder("start"),
  end: sql.placeholder("end"),
  carryStatus: sql.placeholder("carryStatus"),
  orphanReason: sql.placeholder("orphanReason"),
};

// `set` takes SQL, not bare placeholders.
const setters = Object.fromEntries(Object.entries(p).map(([key, placeholder]) => [key, sql`${placeholder}`])) as Record<keyof typeof p, ReturnType<typeof sql>>;

function prepare(db: Db) {
  return {
    setCurrent: db
      .update(annotations)
      .set({ ...setters, currentVersionId: sql`${sql.placeholder("versionId")}` })
      .where(eq(annotations.id, sql.placeholder("annotationId")))
      .prepare(),
    // Re-attaching an orphan replaces its row on that version; otherwise rows are only added.
    upsertHistory: db
      .insert(annotationAnchors)
      .values({ annotationId: sql.placeholder("annotationId"), versionId: sql.placeholder("versionId"), ...p })
      .onConflictDoUpdate({
        target: [annotationAnchors.annotationId, annotationAnchors.versionId],
        set: {
          clauseId: sql`excluded.clause_id`,
          exact: sql`excluded.exact`,
          prefix: sql`excluded.prefix`,
          suffix: sql`excluded.suffix`,
          start: sql`excluded.start`,
          end: sql`excluded.end`,
          carryStatus: sql`excluded.carry_status`,
          orphanReason: sql`excluded.orphan_reason`,
        },
      })
      .prepare(),
  };
}

// Prepared once per connection: publishing carries thousands of anchors, and building each
// statement anew costs more than running it.
const statements = new WeakMap<Db, ReturnType<typeof prepare>>();

/**
 * Sets the annotation's anchor on `versionId` (which becomes its current version) and records it
 * in the history; replaces the history row when one exists (staff re-attaching an orphan). Call
 * inside the transaction of the action that caused it.
 */
export function writeAnchor(db: Db, annotationId: number, versionId: number, anchor: StoredAnchor): void {
  let prepared = statements.get(db);
  if (!prepared) {
    prepared = prepare(db);
    statements.set(db, prepared);
  }
  const values = { ...anchorColumns(anchor), annotationId, versionId };
  prepared.setCurrent.run(values);
  prepared.upsertHistory.run(values);
}
