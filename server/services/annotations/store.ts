import { eq } from "drizzle-orm";
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

/**
 * Sets the annotation's anchor on `versionId` (which becomes its current version) and records it
 * in the history; replaces the history row when one exists (staff re-attaching an orphan). Call
 * inside the transaction of the action that caused it.
 */
export function writeAnchor(db: Db, annotationId: number, versionId: number, anchor: StoredAnchor): void {
  const values = anchorColumns(anchor);
  db.update(annotations)
    .set({ ...values, currentVersionId: versionId })
    .where(eq(annotations.id, annotationId))
    .run();
  db.insert(annotationAnchors)
    .values({ annotationId, versionId, ...values })
    .onConflictDoUpdate({ target: [annotationAnchors.annotationId, annotationAnchors.versionId], set: values })
    .run();
}
