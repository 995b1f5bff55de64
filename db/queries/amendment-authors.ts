import { and, eq } from "drizzle-orm";
import type { Db } from "../connection";
import { amendmentAuthors } from "../schema";

/**
 * "Is this person a co-author of this amendment?" — the one query every amendment decision
 * (HTTP pages, the API, the collaboration server's upgrade) asks, so they cannot disagree.
 */

/** Whether `userId` co-authors amendment `amendmentId` (the one who started it included). Nobody (null) never does. */
export function isAmendmentCoauthor(db: Db, amendmentId: number, userId: number | null | undefined): boolean {
  if (userId === null || userId === undefined) return false;
  return (
    db
      .select({ userId: amendmentAuthors.userId })
      .from(amendmentAuthors)
      .where(and(eq(amendmentAuthors.amendmentId, amendmentId), eq(amendmentAuthors.userId, userId)))
      .get() !== undefined
  );
}

/** The ids of every amendment `userId` co-authors, as a subquery for `inArray` (lists narrow to "mine" in SQL). */
export function coauthoredAmendmentIds(db: Db, userId: number) {
  return db.select({ id: amendmentAuthors.amendmentId }).from(amendmentAuthors).where(eq(amendmentAuthors.userId, userId));
}
