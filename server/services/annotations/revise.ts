import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { annotations } from "../../../db/schema";
import {
  ConflictError,
  GoneError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from "../../errors";
import { assertCan } from "../../policies/can";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { loadVersion } from "../documents/versions";
import { isPhaseOpen } from "../phases";
import { findVisibleProcess } from "../processes";
import { codePointLength, versionText } from "./anchoring";
import {
  ANNOTATION_BODY_MAX,
  getAnnotation,
  PhaseClosedError,
  type AnnotationView,
} from "./annotations";
import { locateTarget, type TargetSpec } from "./locate";

/**
 * Revising an annotation after it was made: its author replacing it (W3C PUT) while the
 * annotation phase is open, and its author or a moderator deleting it (W3C DELETE). A deleted
 * annotation keeps its row (body, author, anchors) for the audit; it leaves every list and its
 * IRI answers 410. Both take a precondition on the current state (the API's If-Match), checked
 * in the same synchronous transaction as the write, so two clients cannot both win.
 */

/** Whether the caller's view of the annotation still holds (If-Match); absent = always. */
export type Precondition = (current: AnnotationView) => boolean;

/** The new state a PUT asks for. Only the body may change; the rest must be what is stored. */
export interface AnnotationReplacement {
  body: string;
  /** The target as sent (normalised); null when the client sent none. */
  target: TargetSpec | null;
  canonical: string | null;
  via: string | null;
}

function loadForRevision(
  db: Db,
  actor: CurrentUser | null,
  slug: string,
  annotationId: number,
  now: Date
) {
  const process = findVisibleProcess(db, actor, slug, now);
  if (!process) throw new NotFoundError("process", slug);
  const current = getAnnotation(db, actor, process.id, annotationId);
  if (!current) throw new NotFoundError("annotation", annotationId);
  if (current.deletedAt) throw new GoneError("annotation", annotationId);
  return { process, current };
}

/** Whether a PUT's target names the stored anchor (the same words of the same version). */
function sameTarget(
  db: Db,
  processId: number,
  current: AnnotationView,
  target: TargetSpec
): boolean {
  if (target.version !== current.version) return false;
  if (current.start === null || current.end === null)
    return target.quote === null && target.position === null;
  const version = loadVersion(db, processId, current.version);
  if (!version) return false;
  try {
    const found = locateTarget(
      versionText(String(version.id), version.tree).clauses,
      target
    );
    return (
      found.clause.id === current.clauseId &&
      found.start === current.start &&
      found.end === current.end
    );
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError)
      return false;
    throw error;
  }
}

/**
 * Replaces an annotation's body (PUT). Checks, in order: the process and annotation exist
 * (NotFoundError) and are not deleted (GoneError), the actor is its author (ForbiddenError via
 * `annotation.update`), the annotation phase is open by server time (PhaseClosedError, binding
 * staff too), the body is 1..5000 code points, the target (when sent) names the stored anchor
 * and `canonical`/`via` are not changed once set (ConflictError: values the client may not
 * modify), and the precondition holds (PreconditionFailedError). Returns the new state.
 */
export function updateAnnotation(
  db: Db,
  actor: CurrentUser | null,
  slug: string,
  annotationId: number,
  replacement: AnnotationReplacement,
  precondition: Precondition,
  now: Date
): AnnotationView {
  const { process, current } = loadForRevision(
    db,
    actor,
    slug,
    annotationId,
    now
  );
  assertCan(actor, "annotation.update", { authorId: current.author.id });
  if (!isPhaseOpen(process.phases, "annotation", now))
    throw new PhaseClosedError();
  if (replacement.body.trim() === "")
    throw new ValidationError({ "body.value": ["required"] });
  if (codePointLength(replacement.body) > ANNOTATION_BODY_MAX)
    throw new ValidationError({ "body.value": ["too_long"] });
  if (
    replacement.target &&
    !sameTarget(db, process.id, current, replacement.target)
  ) {
    throw new ConflictError("target_immutable", {
      field: "target",
      reason:
        "An annotation's target cannot be changed; make a new annotation for other words.",
    });
  }
  for (const field of ["canonical", "via"] as const) {
    if (
      current[field] !== null &&
      replacement[field] !== null &&
      replacement[field] !== current[field]
    ) {
      throw new ConflictError(`${field}_immutable`, {
        field,
        reason: `${field} is set and cannot be changed.`,
      });
    }
  }

  return db.transaction((tx) => {
    // Read again inside the write: If-Match is judged against the state this write replaces.
    const fresh = getAnnotation(tx, actor, process.id, annotationId);
    if (!fresh || fresh.deletedAt)
      throw new GoneError("annotation", annotationId);
    if (!precondition(fresh)) throw new PreconditionFailedError();
    tx.update(annotations)
      .set({
        body: replacement.body,
        modifiedAt: now,
        canonical: fresh.canonical ?? replacement.canonical,
        via: fresh.via ?? replacement.via,
      })
      .where(
        and(
          eq(annotations.id, annotationId),
          eq(annotations.processId, process.id)
        )
      )
      .run();
    const updated = getAnnotation(tx, actor, process.id, annotationId);
    if (!updated) throw new NotFoundError("annotation", annotationId);
    return updated;
  });
}

/**
 * Deletes an annotation (DELETE): its author, or a moderator or admin (`annotation.delete`),
 * whatever the phase. The row is kept with who deleted it and when, and the deletion is
 * appended to the audit log in the same transaction. NotFoundError, GoneError when already
 * deleted, ForbiddenError, PreconditionFailedError; nothing changes on any of them.
 */
export function deleteAnnotation(
  db: Db,
  actor: CurrentUser | null,
  slug: string,
  annotationId: number,
  precondition: Precondition,
  now: Date
): void {
  const { process, current } = loadForRevision(
    db,
    actor,
    slug,
    annotationId,
    now
  );
  assertCan(actor, "annotation.delete", { authorId: current.author.id });
  db.transaction((tx) => {
    const fresh = getAnnotation(tx, actor, process.id, annotationId);
    if (!fresh || fresh.deletedAt)
      throw new GoneError("annotation", annotationId);
    if (!precondition(fresh)) throw new PreconditionFailedError();
    tx.update(annotations)
      .set({ deletedAt: now, deletedBy: actor.id })
      .where(
        and(
          eq(annotations.id, annotationId),
          eq(annotations.processId, process.id)
        )
      )
      .run();
    appendAudit(
      tx,
      {
        actorId: actor.id,
        action: "annotation.delete",
        targetType: "annotation",
        targetId: annotationId,
        detail: {
          process: process.slug,
          version: fresh.version,
          byAuthor: fresh.author.id === actor.id,
        },
      },
      now
    );
  });
}
