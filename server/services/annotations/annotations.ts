import { and, asc, count, eq, inArray, isNull, max, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../../../db/connection";
import { annotationAnchors, annotations, documentVersions, processes, users, type CarryStatus, type OrphanReasonCode, type OrphanResolution } from "../../../db/schema";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import { assertCan, can } from "../../policies/can";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { loadVersion } from "../documents/versions";
import { isPhaseOpen } from "../phases";
import { findVisibleProcess } from "../processes";
import { codePointLength, describeRange, versionText, type RangeSelectors } from "./anchoring";
import { locateTarget, type TargetSpec } from "./locate";
import { anchorColumns, writeAnchor } from "./store";

/**
 * Annotations: a resident's plain-text comment on exact words of a published version (W3C Web
 * Annotation model; selectors in Unicode code points, see docs/decisions/0005). Creating,
 * listing per version, and staff settling of orphans. Re-anchoring on publish is in carry.ts.
 */

/** Longest annotation body, in code points (the database CHECK agrees: SQLite counts characters). */
export const ANNOTATION_BODY_MAX = 5000;

/**
 * The annotation phase of the process is not open at server time. A rule, not a permission:
 * it binds admins and moderators too. Answered with 403.
 */
export class PhaseClosedError extends ForbiddenError {
  constructor() {
    super("annotation.create:phase_closed");
  }
}

/** What a client sends to annotate: the target (version, clause, selectors) and the text. */
export interface AnnotationInput {
  slug: string;
  /** The version (must be the latest published one) and what the client said of the words. */
  target: TargetSpec;
  body: string;
  /** The W3C `canonical` IRI, kept unchanged; and the client's own `id`, kept as `via`. */
  canonical?: string | null;
  via?: string | null;
}

/** One annotation as read on one version. */
export interface AnnotationView {
  id: number;
  /** The version it was made on. */
  madeOnVersion: number;
  /** The version this anchor is on (the one asked for). */
  version: number;
  clauseId: string;
  exact: string;
  /** Null for an orphan (no position on this version). */
  prefix: string | null;
  suffix: string | null;
  start: number | null;
  end: number | null;
  /** The quote the author selected, for readers of a moved or orphaned annotation. */
  originalExact: string;
  carryStatus: CarryStatus;
  orphanReason: OrphanReasonCode | null;
  resolution: OrphanResolution | null;
  /** Null when hidden and the reader may not see hidden content. */
  body: string | null;
  hidden: { reason: string } | null;
  author: { id: number; name: string };
  createdAt: Date;
  /** The last time its author replaced the body, if ever. */
  modifiedAt: Date | null;
  canonical: string | null;
  via: string | null;
  /** Set once deleted: such an annotation is in no list and its IRI answers 410. */
  deletedAt: Date | null;
}

/** Why the body is refused, as a stable reason code. */
function bodyProblem(body: string): string | null {
  if (body.trim() === "") return "required";
  if (codePointLength(body) > ANNOTATION_BODY_MAX) return "too_long";
  return null;
}

/**
 * Stores a new annotation on the latest published version. Checks, in order: the person may
 * annotate (signed in, not blocked), the process is visible, its annotation phase is open by
 * server time (PhaseClosedError even for admins), the version is the latest one, the body is
 * 1..5000 code points, and the target locates one range of the version (`locateTarget`:
 * ValidationError naming the field and reason, or ConflictError with the candidates for a quote
 * found in several places). The stored selectors are recomputed by describeRange on the located
 * range, so the stored context is the server's, not whatever the client sent. Nothing is stored
 * when any check fails.
 */
export function createAnnotation(db: Db, actor: CurrentUser | null, input: AnnotationInput, now: Date): AnnotationView {
  assertCan(actor, "annotation.create", null);
  const process = findVisibleProcess(db, actor, input.slug, now);
  if (!process) throw new NotFoundError("process", input.slug);
  if (!isPhaseOpen(process.phases, "annotation", now)) throw new PhaseClosedError();
  const version = loadVersion(db, process.id, input.target.version);
  if (!version) throw new NotFoundError("version", input.target.version);
  if (version.number !== process.latestVersion) throw new ValidationError({ "target.source": ["not_latest_version"] });

  const problem = bodyProblem(input.body);
  if (problem) throw new ValidationError({ "body.value": [problem] });
  const { clause, start, end } = locateTarget(versionText(String(version.id), version.tree).clauses, input.target);
  const [quote, position] = describeRange(clause.text, start, end);
  const anchor = { status: "made_here" as const, clauseId: clause.id, exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: position.start, end: position.end };

  const id = db.transaction((tx) => {
    // Checked again inside the write: an annotation slipped in on a version just superseded would
    // never be carried by that publish and would vanish from the latest version.
    const latest = tx.select({ n: max(documentVersions.number) }).from(documentVersions).where(eq(documentVersions.processId, process.id)).get()?.n;
    if (latest !== version.number) throw new ValidationError({ "target.source": ["not_latest_version"] });
    const row = tx
      .insert(annotations)
      .values({
        processId: process.id,
        versionId: version.id,
        currentVersionId: version.id,
        ...anchorColumns(anchor),
        originalExact: quote.exact,
        body: input.body,
        authorId: actor.id,
        createdAt: now,
        canonical: input.canonical ?? null,
        via: input.via ?? null,
      })
      .returning({ id: annotations.id })
      .get();
    writeAnchor(tx, row.id, version.id, anchor);
    return row.id;
  });
  return {
    id,
    madeOnVersion: version.number,
    version: version.number,
    clauseId: clause.id,
    exact: quote.exact,
    prefix: quote.prefix,
    suffix: quote.suffix,
    start: position.start,
    end: position.end,
    originalExact: quote.exact,
    carryStatus: "made_here",
    orphanReason: null,
    resolution: null,
    body: input.body,
    hidden: null,
    author: { id: actor.id, name: actor.name },
    createdAt: now,
    modifiedAt: null,
    canonical: input.canonical ?? null,
    via: input.via ?? null,
    deletedAt: null,
  };
}

/** A page of annotations of one version, with the total. */
export interface AnnotationList {
  total: number;
  items: AnnotationView[];
}

const madeOn = alias(documentVersions, "made_on");

/**
 * The annotations anchored (or orphaned) on one version, oldest first, `limit` from `offset`.
 * Hidden annotations stay in the list as placeholders (public reason, no body) for readers who
 * may not see hidden content: moderated content never disappears silently. Deleted ones are
 * left out (the protocol removes them from the container; the row stays for the audit).
 */
export function listAnnotations(db: Db, viewer: CurrentUser | null, version: { id: number; number: number }, page: { offset: number; limit: number }): AnnotationList {
  const where = and(eq(annotationAnchors.versionId, version.id), isNull(annotations.deletedAt));
  const total =
    db.select({ n: count() }).from(annotationAnchors).innerJoin(annotations, eq(annotations.id, annotationAnchors.annotationId)).where(where).get()?.n ?? 0;
  return { total, items: selectViews(db, viewer, version, where, page) };
}

/**
 * The annotations of one version anchored in the given clauses (a clause page passes its clause
 * and the clauses inside it), oldest first, hidden and deleted ones as in the list; at most `limit`.
 */
export function listClauseAnnotations(db: Db, viewer: CurrentUser | null, version: { id: number; number: number }, clauseIds: readonly string[], limit: number): AnnotationList {
  if (clauseIds.length === 0) return { total: 0, items: [] };
  const where = and(eq(annotationAnchors.versionId, version.id), inArray(annotationAnchors.clauseId, [...clauseIds]), isNull(annotations.deletedAt));
  const total =
    db.select({ n: count() }).from(annotationAnchors).innerJoin(annotations, eq(annotations.id, annotationAnchors.annotationId)).where(where).get()?.n ?? 0;
  return { total, items: selectViews(db, viewer, version, where, { offset: 0, limit }) };
}

/**
 * One annotation of a process as it stands on its current version (the latest it was carried
 * to), or null when there is none with this id in this process. Hidden ones as in the list;
 * deleted ones too, with `deletedAt` set (the caller answers 410).
 */
export function getAnnotation(db: Db, viewer: CurrentUser | null, processId: number, annotationId: number): AnnotationView | null {
  const row = db
    .select({ versionId: annotations.currentVersionId, number: documentVersions.number })
    .from(annotations)
    .innerJoin(documentVersions, eq(documentVersions.id, annotations.currentVersionId))
    .where(and(eq(annotations.id, annotationId), eq(annotations.processId, processId)))
    .get();
  if (!row) return null;
  const where = and(eq(annotationAnchors.versionId, row.versionId), eq(annotationAnchors.annotationId, annotationId));
  return selectViews(db, viewer, { id: row.versionId, number: row.number }, where, { offset: 0, limit: 1 })[0] ?? null;
}

function selectViews(db: Db, viewer: CurrentUser | null, version: { id: number; number: number }, where: SQL | undefined, page: { offset: number; limit: number }): AnnotationView[] {
  const rows = db
    .select({
      id: annotations.id,
      madeOnVersion: madeOn.number,
      clauseId: annotationAnchors.clauseId,
      exact: annotationAnchors.exact,
      prefix: annotationAnchors.prefix,
      suffix: annotationAnchors.suffix,
      start: annotationAnchors.start,
      end: annotationAnchors.end,
      carryStatus: annotationAnchors.carryStatus,
      orphanReason: annotationAnchors.orphanReason,
      originalExact: annotations.originalExact,
      resolution: annotations.resolution,
      body: annotations.body,
      hiddenAt: annotations.hiddenAt,
      hiddenReason: annotations.hiddenReason,
      authorId: users.id,
      authorName: users.name,
      createdAt: annotations.createdAt,
      modifiedAt: annotations.modifiedAt,
      canonical: annotations.canonical,
      via: annotations.via,
      deletedAt: annotations.deletedAt,
    })
    .from(annotationAnchors)
    .innerJoin(annotations, eq(annotations.id, annotationAnchors.annotationId))
    .innerJoin(users, eq(users.id, annotations.authorId))
    .innerJoin(madeOn, eq(madeOn.id, annotations.versionId))
    .where(where)
    .orderBy(asc(annotations.id))
    .limit(page.limit)
    .offset(page.offset)
    .all();
  const seeHidden = can(viewer, "annotation.viewHidden", null);
  return rows.map(({ authorId, authorName, hiddenAt, hiddenReason, body, ...row }): AnnotationView => {
    const hidden = hiddenAt ? { reason: hiddenReason ?? "" } : null;
    return { ...row, version: version.number, body: hidden && !seeHidden ? null : body, hidden, author: { id: authorId, name: authorName } };
  });
}

/** How staff settle an orphan. */
export type OrphanSettlement = { action: "close" } | { action: "reattach"; clauseId: string; start: number; end: number };

/**
 * Settles an orphaned annotation on its current (latest) version: re-attaches it to a range of a
 * clause (it becomes "moved", its original quote kept) or closes it (it stays an orphan, is no
 * longer carried to later versions). Staff only (annotation.resolveOrphan), audited in the same
 * transaction. ValidationError for an annotation that is not an open orphan or a bad range.
 */
export function resolveOrphan(db: Db, actor: CurrentUser | null, annotationId: number, settlement: OrphanSettlement, now: Date): void {
  assertCan(actor, "annotation.resolveOrphan", null);
  const row = db
    .select({
      id: annotations.id,
      processId: annotations.processId,
      currentVersionId: annotations.currentVersionId,
      versionNumber: documentVersions.number,
      carryStatus: annotations.carryStatus,
      resolution: annotations.resolution,
      processPublishedAt: processes.publishedAt,
    })
    .from(annotations)
    .innerJoin(documentVersions, eq(documentVersions.id, annotations.currentVersionId))
    .innerJoin(processes, eq(processes.id, annotations.processId))
    .where(eq(annotations.id, annotationId))
    .get();
  // An orphan the actor may not see answers like a missing one (content.view).
  if (!row || !can(actor, "content.view", { processPublishedAt: row.processPublishedAt })) throw new NotFoundError("annotation", annotationId);
  if (row.carryStatus !== "orphaned" || row.resolution === "closed") throw new ValidationError({ annotation: ["not_an_open_orphan"] });

  let reattached: { clauseId: string; exact: string; prefix: string; suffix: string; start: number; end: number } | null = null;
  if (settlement.action === "reattach") {
    const version = loadVersion(db, row.processId, row.versionNumber);
    if (!version) throw new NotFoundError("version", row.versionNumber);
    const clause = versionText(String(version.id), version.tree).clauses.find((c) => c.id === settlement.clauseId);
    if (!clause) throw new ValidationError({ clauseId: ["unknown_clause"] });
    let selectors: RangeSelectors;
    try {
      selectors = describeRange(clause.text, settlement.start, settlement.end);
    } catch (error) {
      if (error instanceof RangeError) throw new ValidationError({ range: ["out_of_range"] });
      throw error;
    }
    const [quote, position] = selectors;
    reattached = { clauseId: clause.id, exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix, start: position.start, end: position.end };
  }

  db.transaction((tx) => {
    if (reattached) writeAnchor(tx, row.id, row.currentVersionId, { status: "moved", ...reattached });
    tx.update(annotations)
      .set({ resolution: settlement.action === "close" ? "closed" : "reattached", resolvedAt: now, resolvedBy: actor.id })
      .where(eq(annotations.id, row.id))
      .run();
    appendAudit(
      tx,
      {
        actorId: actor.id,
        action: "annotation.resolveOrphan",
        targetType: "annotation",
        targetId: row.id,
        detail: reattached ? { resolution: "reattached", version: row.versionNumber, clauseId: reattached.clauseId, start: reattached.start, end: reattached.end } : { resolution: "closed", version: row.versionNumber },
      },
      now,
    );
  });
}
