import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { comments, commentSupports, MAX_COMMENT_DEPTH, users, type Stance } from "../../../db/schema";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import { assertCan, can } from "../../policies/can";
import { codePointLength } from "../annotations/anchoring";
import type { CurrentUser } from "../current-user";
import { loadLatestClause, type LatestClause } from "../documents/latest-clause";
import { pageWindow } from "../pagination";
import { isPhaseOpen, type PhaseWindow } from "../phases";
import { ConflictError, isUniqueViolation } from "./conflict";

/**
 * Clause debates: a thread of comments per clause (by stable clause id, so a thread follows its
 * clause across versions), replies up to three levels, stances, supports and official answers.
 *
 * Phase rule (decided here, docs in the JSDoc of isDebateOpen): commenting and supporting are
 * open while the process's "debate" OR "annotation" phase is open by server time — residents
 * discuss the text both while it is debated and while it is being annotated. The rule binds
 * admins and moderators too.
 */

/** Longest comment, in code points (the database CHECK agrees: SQLite counts characters). */
export const COMMENT_BODY_MAX = 5000;
/** Top-level comments per page of a thread (each with all its replies). */
export const THREAD_PAGE_SIZE = 20;
/** How a thread's top-level comments are ordered. */
export const THREAD_SORTS = ["most_supported", "newest", "oldest"] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];

/** Commenting is closed at server time (no debate or annotation phase open). 403, staff included. */
export class DebateClosedError extends ForbiddenError {
  constructor() {
    super("comment.create:phase_closed");
  }
}

/** Whether the clause debates of a process take comments and supports at `now`. */
export function isDebateOpen(phases: PhaseWindow[], now: Date): boolean {
  return isPhaseOpen(phases, "debate", now) || isPhaseOpen(phases, "annotation", now);
}

/** The process, its latest version and the clause of a debate. */
export type DebateContext = LatestClause;

/** Finds a visible process's clause in its latest published version (404 otherwise). */
export const loadDebateContext = loadLatestClause;

/** What a person sends to comment or reply. */
export interface CommentInput {
  slug: string;
  clauseId: string;
  body: string;
  stance: Stance | null;
  /** The comment replied to, or null for a comment on the clause. */
  parentId: number | null;
  /** Ask for the comment to be shown as the council's official answer (staff only). */
  official: boolean;
}

/** The body's problem as a translation key, or null. */
export function commentBodyProblem(body: string): string | null {
  if (body.trim() === "") return "debate.error.bodyRequired";
  if (codePointLength(body) > COMMENT_BODY_MAX) return "debate.error.bodyTooLong";
  return null;
}

/**
 * Stores a comment or reply. Checks, in order: the person may comment (signed in, not blocked),
 * the process and clause exist, the debate is open at server time (DebateClosedError even for
 * admins), official only for staff, a body of 1..5000 code points, and for a reply: the parent is
 * in the same thread, not hidden, and not already at the deepest level. The parent is read again
 * inside the write so a comment hidden meanwhile cannot get a reply. Nothing stored on failure.
 */
export function postComment(db: Db, actor: CurrentUser | null, input: CommentInput, now: Date): { id: number } {
  assertCan(actor, "comment.create", null);
  const { process, version, clause } = loadDebateContext(db, actor, input.slug, input.clauseId, now);
  if (!isDebateOpen(process.phases, now)) throw new DebateClosedError();
  if (input.official) assertCan(actor, "comment.official", null);
  const problem = commentBodyProblem(input.body);
  if (problem) throw new ValidationError({ body: [problem] });

  return db.transaction((tx) => {
    let depth = 0;
    if (input.parentId !== null) {
      const parent = tx
        .select({ depth: comments.depth, hiddenAt: comments.hiddenAt })
        .from(comments)
        .where(and(eq(comments.id, input.parentId), eq(comments.processId, process.id), eq(comments.clauseId, clause.id)))
        .get();
      if (!parent) throw new ValidationError({ parentId: ["debate.error.parentUnknown"] });
      if (parent.hiddenAt !== null) throw new ValidationError({ parentId: ["debate.error.replyToHidden"] });
      if (parent.depth >= MAX_COMMENT_DEPTH) throw new ValidationError({ parentId: ["debate.error.tooDeep"] });
      depth = parent.depth + 1;
    }
    return tx
      .insert(comments)
      .values({
        processId: process.id,
        clauseId: clause.id,
        versionId: version.id,
        parentId: input.parentId,
        depth,
        authorId: actor.id,
        body: input.body,
        stance: input.stance,
        official: input.official,
        createdAt: now,
      })
      .returning({ id: comments.id })
      .get();
  });
}

/** One comment as readers see it, with its replies. */
export interface CommentView {
  id: number;
  parentId: number | null;
  depth: number;
  author: { id: number; name: string };
  /** Null when hidden and the reader may not see hidden content (a placeholder is shown). */
  body: string | null;
  hidden: { reason: string } | null;
  stance: Stance | null;
  official: boolean;
  createdAt: Date;
  supports: number;
  /** Whether the reader has supported it. */
  supportedByViewer: boolean;
  replies: CommentView[];
}

/** One page of a clause's thread. */
export interface ThreadPage {
  /** Top-level comments of this page, each with all its replies (oldest first). */
  comments: CommentView[];
  /** Top-level comments in the whole thread. */
  total: number;
  page: number;
  pageCount: number;
  sort: ThreadSort;
}

const viewColumns = {
  id: comments.id,
  parentId: comments.parentId,
  depth: comments.depth,
  authorId: comments.authorId,
  authorName: users.name,
  body: comments.body,
  stance: comments.stance,
  official: comments.official,
  createdAt: comments.createdAt,
  supports: comments.supportCount,
  hiddenAt: comments.hiddenAt,
  hiddenReason: comments.hiddenReason,
};

/**
 * A page of the thread of one clause of a process: top-level comments sorted as asked, each with
 * its reply tree (oldest first, as a conversation reads). Hidden comments stay as placeholders
 * (public reason, no body) for readers who may not see hidden content, and keep their replies.
 */
export function listClauseThread(db: Db, viewer: CurrentUser | null, processId: number, clauseId: string, options: { sort: ThreadSort; page: number }): ThreadPage {
  const thread = and(eq(comments.processId, processId), eq(comments.clauseId, clauseId));
  const roots = and(thread, eq(comments.depth, 0));
  const total = db.select({ n: count() }).from(comments).where(roots).get()?.n ?? 0;
  const { page, pageCount, offset } = pageWindow(options.page, total, THREAD_PAGE_SIZE);
  const order =
    options.sort === "most_supported" ? [desc(comments.supportCount), asc(comments.id)] : options.sort === "newest" ? [desc(comments.createdAt), desc(comments.id)] : [asc(comments.createdAt), asc(comments.id)];
  const top = db.select(viewColumns).from(comments).innerJoin(users, eq(users.id, comments.authorId)).where(roots).orderBy(...order).limit(THREAD_PAGE_SIZE).offset(offset).all();

  // Replies level by level (at most MAX_COMMENT_DEPTH levels): one query each, only for this page.
  const rows = [...top];
  let parents = top.map((r) => r.id);
  for (let level = 1; level <= MAX_COMMENT_DEPTH && parents.length > 0; level++) {
    const replies = db
      .select(viewColumns)
      .from(comments)
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(and(thread, eq(comments.depth, level), inArray(comments.parentId, parents)))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .all();
    rows.push(...replies);
    parents = replies.map((r) => r.id);
  }

  const ids = rows.map((r) => r.id);
  const mine = new Set(
    viewer && ids.length > 0
      ? db
          .select({ id: commentSupports.commentId })
          .from(commentSupports)
          .where(and(eq(commentSupports.userId, viewer.id), inArray(commentSupports.commentId, ids)))
          .all()
          .map((r) => r.id)
      : [],
  );
  const seeHidden = can(viewer, "moderation.view", null);
  const views = new Map<number, CommentView>();
  for (const row of rows) {
    const hidden = row.hiddenAt ? { reason: row.hiddenReason ?? "" } : null;
    views.set(row.id, {
      id: row.id,
      parentId: row.parentId,
      depth: row.depth,
      author: { id: row.authorId, name: row.authorName },
      body: hidden && !seeHidden ? null : row.body,
      hidden,
      stance: row.stance,
      official: row.official,
      createdAt: row.createdAt,
      supports: row.supports,
      supportedByViewer: mine.has(row.id),
      replies: [],
    });
  }
  for (const row of rows) {
    if (row.parentId === null) continue;
    views.get(row.parentId)?.replies.push(views.get(row.id) as CommentView);
  }
  return { comments: top.map((r) => views.get(r.id) as CommentView), total, page, pageCount, sort: options.sort };
}

/**
 * Supports a comment once. The second support by the same person is refused by the primary key
 * of comment_supports (ConflictError "already_supported" → 409), not by a prior read that a
 * concurrent request could slip past. The count on the comment moves in the same transaction.
 * Supports follow the debate's phase rule; hidden comments and one's own cannot be supported.
 */
export function supportComment(db: Db, actor: CurrentUser | null, input: { slug: string; clauseId: string; commentId: number }, now: Date): void {
  assertCan(actor, "comment.support", null);
  const { process } = loadDebateContext(db, actor, input.slug, input.clauseId, now);
  if (!isDebateOpen(process.phases, now)) throw new DebateClosedError();
  const target = db
    .select({ hiddenAt: comments.hiddenAt, authorId: comments.authorId })
    .from(comments)
    .where(and(eq(comments.id, input.commentId), eq(comments.processId, process.id), eq(comments.clauseId, input.clauseId)))
    .get();
  if (!target) throw new NotFoundError("comment", input.commentId);
  if (target.hiddenAt !== null) throw new ValidationError({ commentId: ["debate.error.supportHidden"] });
  // Supports measure how far a comment convinces others; one's own would only add noise.
  if (target.authorId === actor.id) throw new ValidationError({ commentId: ["debate.error.supportOwn"] });
  try {
    db.transaction((tx) => {
      tx.insert(commentSupports).values({ commentId: input.commentId, userId: actor.id, createdAt: now }).run();
      tx.update(comments)
        .set({ supportCount: sql`${comments.supportCount} + 1` })
        .where(eq(comments.id, input.commentId))
        .run();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("already_supported");
    throw error;
  }
}

/**
 * How many comments (replies included) each of `clauseIds` has in its thread, as `viewer` may
 * read them: hidden comments count only for those who may see hidden content ("moderation.view");
 * for everyone else they are placeholders, not comments. One grouped query for all the clauses
 * of a page; a clause with no comment is absent from the map.
 */
export function countClauseComments(db: Db, viewer: CurrentUser | null, processId: number, clauseIds: readonly string[]): Map<string, number> {
  if (clauseIds.length === 0) return new Map();
  const seeHidden = can(viewer, "moderation.view", null);
  const rows = db
    .select({ clauseId: comments.clauseId, n: count() })
    .from(comments)
    .where(and(eq(comments.processId, processId), inArray(comments.clauseId, [...clauseIds]), seeHidden ? undefined : isNull(comments.hiddenAt)))
    .groupBy(comments.clauseId)
    .all();
  return new Map(rows.map((r) => [r.clauseId, r.n]));
}
