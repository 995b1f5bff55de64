import { and, eq, gt, isNull } from "drizzle-orm";
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

/** The binding of a collab token minted with a session (its stored id, the hash of the cookie). */
export function sessionBinding(sessionId: string): string {
  return `s:${sessionId}`;
}

/** The binding of a collab token minted with an API bearer token. */
export function apiTokenBinding(tokenId: number): string {
  return `t:${tokenId}`;
}

/**
 * The person whose session or API token `binding` names, if that credential is still live
 * (not ended, revoked or expired); null otherwise. The collaboration upgrade compares it with
 * the token's user, so a collab token dies with the credential that minted it.
 */
export function credentialHolder(db: Db, binding: string, now: Date): number | null {
  const kind = binding.slice(0, 2);
  const id = binding.slice(2);
  if (kind === "s:") {
    const row = db.select({ userId: sessions.userId }).from(sessions).where(and(eq(sessions.id, id), gt(sessions.expiresAt, now))).get();
    return row?.userId ?? null;
  }
  if (kind === "t:" && /^[1-9][0-9]{0,15}$/.test(id)) {
    const row = db
      .select({ userId: apiTokens.userId })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, Number(id)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
      .get();
    return row?.userId ?? null;
  }
  return null;
}
