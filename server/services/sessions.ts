import { and, eq, gt, lte } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { sessions } from "../../db/schema";
import { randomToken, sha256 } from "../security/tokens";

/** Sessions last 30 days from login. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Starts a session for a user; returns the secret token that goes in the cookie. */
export function createSession(db: Db, userId: number, now = new Date()): { token: string; expiresAt: Date } {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  db.insert(sessions).values({ id: sha256(token), userId, createdAt: now, expiresAt }).run();
  return { token, expiresAt };
}

/** The user id behind a cookie token, or null when unknown or expired. */
export function resolveSession(db: Db, token: string, now = new Date()): { userId: number; sessionId: string } | null {
  const id = sha256(token);
  const row = db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
    .get();
  return row ? { userId: row.userId, sessionId: id } : null;
}

/** Ends one session (logout). */
export function destroySession(db: Db, token: string): void {
  db.delete(sessions).where(eq(sessions.id, sha256(token))).run();
}

/** Removes expired sessions; called periodically by the server. */
export function purgeExpiredSessions(db: Db, now = new Date()): number {
  return db.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes;
}
