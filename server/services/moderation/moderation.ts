import { and, asc, count, eq, isNull, min } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { annotations, comments, flags, processes, users, type FlagTarget } from "../../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { assertCan, can } from "../../policies/can";
import { hideAnnotation } from "../annotations/hide";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { ConflictError, isUniqueViolation } from "../debates/conflict";
import { pageWindow, type Page } from "../pagination";

/**
 * Moderation: anyone signed in flags an annotation or a comment with a reason; moderators work a
 * queue of open flags grouped by the flagged content, hide it with a public reason (readers see a
 * placeholder, never a silent gap) or dismiss the flags. Every moderator action is audited in the
 * same transaction as the change.
 */

/** Longest flag reason and public hiding reason, in characters (the flags CHECK agrees). */
export const REASON_MAX = 1000;
/** Flagged items per page of the queue. */
export const QUEUE_PAGE_SIZE = 20;

/** The content a flag or a moderator action is about. */
export interface FlagTargetRef {
  targetType: FlagTarget;
  targetId: number;
}

/** The flagged content as moderators need it: who wrote what, where, whether it is hidden. */
interface TargetFacts {
  authorId: number;
  authorName: string;
  body: string;
  hidden: boolean;
  processSlug: string;
  processPublishedAt: Date | null;
  clauseId: string;
}

/**
 * The flagged content, or null when it does not exist or `viewer` may not see it
 * (content.view): callers answer both with the same NotFoundError, so an invisible id is
 * indistinguishable from a missing one.
 */
function loadTarget(db: Db, viewer: CurrentUser | null, target: FlagTargetRef): TargetFacts | null {
  const facts = loadTargetRow(db, target);
  if (!facts || !can(viewer, "content.view", { processPublishedAt: facts.processPublishedAt })) return null;
  return facts;
}

function loadTargetRow(db: Db, target: FlagTargetRef): TargetFacts | null {
  if (target.targetType === "comment") {
    const row = db
      .select({ authorId: comments.authorId, authorName: users.name, body: comments.body, hiddenAt: comments.hiddenAt, processSlug: processes.slug, processPublishedAt: processes.publishedAt, clauseId: comments.clauseId })
      .from(comments)
      .innerJoin(users, eq(users.id, comments.authorId))
      .innerJoin(processes, eq(processes.id, comments.processId))
      .where(eq(comments.id, target.targetId))
      .get();
    return row ? { ...row, hidden: row.hiddenAt !== null } : null;
  }
  const row = db
    .select({ authorId: annotations.authorId, authorName: users.name, body: annotations.body, hiddenAt: annotations.hiddenAt, processSlug: processes.slug, processPublishedAt: processes.publishedAt, clauseId: annotations.clauseId })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.authorId))
    .innerJoin(processes, eq(processes.id, annotations.processId))
    .where(eq(annotations.id, target.targetId))
    .get();
  return row ? { ...row, hidden: row.hiddenAt !== null } : null;
}

function reasonProblem(reason: string): string | null {
  if (reason.trim() === "") return "debate.error.reasonRequired";
  if (reason.length > REASON_MAX) return "debate.error.reasonTooLong";
  return null;
}

/**
 * Flags an annotation or a comment with a reason. One flag per person and content: the UNIQUE
 * constraint refuses the second one (ConflictError "already_flagged" → 409). Content already
 * hidden cannot be flagged (nothing left to moderate).
 */
export function flagContent(db: Db, actor: CurrentUser | null, input: FlagTargetRef & { reason: string }, now: Date): { id: number } {
  assertCan(actor, "content.flag", null);
  const problem = reasonProblem(input.reason);
  if (problem) throw new ValidationError({ reason: [problem] });
  const target = loadTarget(db, actor, input);
  if (!target) throw new NotFoundError(input.targetType, input.targetId);
  if (target.hidden) throw new ValidationError({ targetId: ["debate.error.alreadyHidden"] });
  try {
    return db
      .insert(flags)
      .values({ targetType: input.targetType, targetId: input.targetId, reporterId: actor.id, reason: input.reason.trim(), createdAt: now })
      .returning({ id: flags.id })
      .get();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("already_flagged");
    throw error;
  }
}

/** One flagged piece of content in the queue, with all its open flags. */
export interface QueueItem extends FlagTargetRef {
  author: { id: number; name: string };
  body: string;
  processSlug: string;
  clauseId: string;
  firstFlaggedAt: Date;
  flags: Array<{ id: number; reason: string; reporterName: string; createdAt: Date }>;
}

/** Open flags grouped by content, the longest-waiting content first (moderation.view). */
export function listModerationQueue(db: Db, actor: CurrentUser | null, options: { page: number }): Page<QueueItem> {
  assertCan(actor, "moderation.view", null);
  const open = isNull(flags.resolvedAt);
  const total = db.select({ n: count() }).from(db.select({ t: flags.targetType, i: flags.targetId }).from(flags).where(open).groupBy(flags.targetType, flags.targetId).as("g")).get()?.n ?? 0;
  const { page, pageCount, offset } = pageWindow(options.page, total, QUEUE_PAGE_SIZE);
  const groups = db
    .select({ targetType: flags.targetType, targetId: flags.targetId, first: min(flags.createdAt) })
    .from(flags)
    .where(open)
    .groupBy(flags.targetType, flags.targetId)
    .orderBy(asc(min(flags.createdAt)), asc(flags.targetType), asc(flags.targetId))
    .limit(QUEUE_PAGE_SIZE)
    .offset(offset)
    .all();
  const rows: QueueItem[] = [];
  for (const group of groups) {
    const target = loadTarget(db, actor, group);
    if (!target) continue;
    const items = db
      .select({ id: flags.id, reason: flags.reason, reporterName: users.name, createdAt: flags.createdAt })
      .from(flags)
      .innerJoin(users, eq(users.id, flags.reporterId))
      .where(and(open, eq(flags.targetType, group.targetType), eq(flags.targetId, group.targetId)))
      .orderBy(asc(flags.createdAt), asc(flags.id))
      .all();
    rows.push({
      targetType: group.targetType,
      targetId: group.targetId,
      author: { id: target.authorId, name: target.authorName },
      body: target.body,
      processSlug: target.processSlug,
      clauseId: target.clauseId,
      // min() over a non-empty group is never null; the fallback only satisfies the type.
      firstFlaggedAt: group.first ?? new Date(0),
      flags: items,
    });
  }
  return { rows, total, page, pageCount, pageSize: QUEUE_PAGE_SIZE };
}


function settleFlags(tx: Db, target: FlagTargetRef, resolution: "hidden" | "dismissed", actor: CurrentUser, now: Date): number {
  return tx
    .update(flags)
    .set({ resolvedAt: now, resolution, resolvedBy: actor.id })
    .where(and(isNull(flags.resolvedAt), eq(flags.targetType, target.targetType), eq(flags.targetId, target.targetId)))
    .run().changes;
}

/**
 * Hides an annotation or a comment with a public reason (shown in its placeholder), settles its
 * open flags as "hidden" and audits `{type}.hide` — all in one transaction (moderation.act).
 * Hiding needs no flag: a moderator may hide what they see. Already hidden → ValidationError.
 */
export function hideContent(db: Db, actor: CurrentUser | null, input: FlagTargetRef & { reason: string }, now: Date): void {
  assertCan(actor, "moderation.act", null);
  const problem = reasonProblem(input.reason);
  if (problem) throw new ValidationError({ reason: [problem] });
  const reason = input.reason.trim();
  db.transaction((tx) => {
    const target = loadTarget(tx, actor, input);
    if (!target) throw new NotFoundError(input.targetType, input.targetId);
    const changed =
      input.targetType === "annotation"
        ? hideAnnotation(tx, input.targetId, { reason, by: actor.id, at: now })
        : tx
            .update(comments)
            .set({ hiddenAt: now, hiddenReason: reason, hiddenBy: actor.id })
            .where(and(eq(comments.id, input.targetId), isNull(comments.hiddenAt)))
            .run().changes > 0;
    if (!changed) throw new ValidationError({ targetId: ["debate.error.alreadyHidden"] });
    const settled = settleFlags(tx, input, "hidden", actor, now);
    appendAudit(tx, { actorId: actor.id, action: `${input.targetType}.hide`, targetType: input.targetType, targetId: input.targetId, detail: { reason, flagsSettled: settled } }, now);
  });
}

/** Dismisses every open flag of one content (moderation.act), audited as `flag.dismiss`. */
export function dismissFlags(db: Db, actor: CurrentUser | null, input: FlagTargetRef, now: Date): number {
  assertCan(actor, "moderation.act", null);
  return db.transaction((tx) => {
    if (!loadTarget(tx, actor, input)) throw new NotFoundError(input.targetType, input.targetId);
    const settled = settleFlags(tx, input, "dismissed", actor, now);
    if (settled === 0) throw new NotFoundError(`${input.targetType} flags`, input.targetId);
    appendAudit(tx, { actorId: actor.id, action: "flag.dismiss", targetType: input.targetType, targetId: input.targetId, detail: { flagsSettled: settled } }, now);
    return settled;
  });
}

/** The author of flagged content, for blocking them from the queue (moderation.view). */
export function flaggedAuthorId(db: Db, actor: CurrentUser | null, target: FlagTargetRef): number {
  assertCan(actor, "moderation.view", null);
  const facts = loadTarget(db, actor, target);
  if (!facts) throw new NotFoundError(target.targetType, target.targetId);
  return facts.authorId;
}

