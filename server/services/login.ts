import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { users } from "../../db/schema";
import { DUMMY_HASH, verifyPassword } from "../security/passwords";
import { AUTH_LIMITS, type RateLimiter } from "../security/rate-limit";

/** Why a login was refused. "invalid" never says whether the e-mail exists. */
export type LoginFailure = { ok: false; reason: "invalid" } | { ok: false; reason: "rate_limited"; retryAfter: number } | { ok: false; reason: "blocked" };

export type LoginResult = { ok: true; userId: number } | LoginFailure;

/** Normalizes an e-mail address the way accounts are stored (trimmed, lower case). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks credentials under the rate limits shared by the login form and `POST /api/v1/session`.
 *
 * Every attempt is counted *before* the slow argon2 check, synchronously, so parallel guesses
 * cannot all pass a limit that is only checked before and counted after the hash. Three
 * counters, each of which refuses with 429:
 * - per IP (every attempt, any account): one address cannot spray many accounts;
 * - per account and IP pair: one address gets a handful of guesses at one account — and an
 *   attacker elsewhere does not lock the owner out;
 * - per account, across all IPs (a higher cap against guesses spread over many addresses):
 *   this one could lock the owner out, so a browser holding a known-device cookie for this
 *   account (set by an earlier successful login) is exempt from it.
 * A success clears the pair and account counters. An unknown e-mail costs the same argon2
 * verification as a known one.
 */
export async function attemptLogin(
  db: Db,
  limiter: RateLimiter,
  input: { email: string; password: string; ip: string; knownDeviceUserId?: number | null },
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const pairKey = `login:pair:${email}|${input.ip}`;
  const accountKey = `login:account:${email}`;
  const byIp = limiter.hit(`login:ip:${input.ip}`, AUTH_LIMITS.loginPerIp);
  if (!byIp.allowed) return { ok: false, reason: "rate_limited", retryAfter: byIp.retryAfter };
  const byPair = limiter.hit(pairKey, AUTH_LIMITS.loginPerAccountAndIp);
  if (!byPair.allowed) return { ok: false, reason: "rate_limited", retryAfter: byPair.retryAfter };

  const user = db
    .select({ id: users.id, passwordHash: users.passwordHash, blockedAt: users.blockedAt })
    .from(users)
    .where(eq(users.email, email))
    .get();
  const knownDevice = user !== undefined && input.knownDeviceUserId === user.id;
  if (!knownDevice) {
    const byAccount = limiter.hit(accountKey, AUTH_LIMITS.loginPerAccount);
    if (!byAccount.allowed) return { ok: false, reason: "rate_limited", retryAfter: byAccount.retryAfter };
  }

  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, input.password);
  if (!user || !valid) return { ok: false, reason: "invalid" };
  if (user.blockedAt) return { ok: false, reason: "blocked" };
  limiter.reset(pairKey);
  limiter.reset(accountKey);
  return { ok: true, userId: user.id };
}
