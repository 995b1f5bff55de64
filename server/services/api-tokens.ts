import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { apiTokens } from "../../db/schema";
import { randomToken, sha256 } from "../security/tokens";

/** API bearer tokens expire after 30 days unless revoked sooner. */
export const API_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Issues a bearer token for a user; the plain token is returned once and only its hash is kept. */
export function issueApiToken(db: Db, userId: number, label = "api", now = new Date()) {
  const token = `rdt_${randomToken()}`;
  const expiresAt = new Date(now.getTime() + API_TOKEN_TTL_MS);
  const row = db
    .insert(apiTokens)
    .values({ tokenHash: sha256(token), userId, label, createdAt: now, expiresAt })
    .returning({ id: apiTokens.id })
    .get();
  return { id: row.id, token, expiresAt };
}

/** The user id behind a bearer token, or null when unknown, revoked or expired. */
export function resolveApiToken(db: Db, token: string, now = new Date()): { userId: number; tokenId: number } | null {
  const row = db
    .select({ userId: apiTokens.userId, id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
    .get();
  return row ? { userId: row.userId, tokenId: row.id } : null;
}

/** Revokes a token; only its owner can (the caller passes the owner's id). */
export function revokeApiToken(db: Db, tokenId: number, userId: number, now = new Date()): boolean {
  return (
    db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .run().changes > 0
  );
}
