import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { apiTokens, sessions } from "../../db/schema";

/**
 * Ends every way a person is signed in: all sessions are deleted and all API tokens revoked
 * (revoked rather than deleted, so the token list still shows what existed). Used by a password
 * reset, a password change, a block and "log out everywhere": whoever held the old password or a
 * token made with it is out. Synchronous, so callers run it inside their own transaction.
 * Open collaboration sockets are closed by the caller afterwards (CollabGateway.revokeUser):
 * they live in the process, not in the database.
 */
export function revokeAllCredentials(db: Db, userId: number, now: Date): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
  db.update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .run();
}
