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
 * Checks credentials under the rate limits shared by the login form and `POST /api/v1/session`:
 * every attempt counts against the IP; failures count against the account and a success clears
 * them. An unknown e-mail costs the same argon2 verification as a known one.
 */
export async function attemptLogin(
  db: Db,
  limiter: RateLimiter,
  input: { email: string; password: string; ip: string },
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const ipKey = `login:ip:${input.ip}`;
  const accountKey = `login:account:${email}`;
  const byIp = limiter.hit(ipKey, AUTH_LIMITS.loginPerIp);
  if (!byIp.allowed) return { ok: false, reason: "rate_limited", retryAfter: byIp.retryAfter };
  const byAccount = limiter.peek(accountKey, AUTH_LIMITS.loginPerAccount);
  if (!byAccount.allowed) return { ok: false, reason: "rate_limited", retryAfter: byAccount.retryAfter };

  const user = db
    .select({ id: users.id, passwordHash: users.passwordHash, blockedAt: users.blockedAt })
    .from(users)
    .where(eq(users.email, email))
    .get();
  const valid = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, input.password);
  if (!user || !valid) {
    limiter.hit(accountKey, AUTH_LIMITS.loginPerAccount);
    return { ok: false, reason: "invalid" };
  }
  if (user.blockedAt) return { ok: false, reason: "blocked" };
  limiter.reset(accountKey);
  return { ok: true, userId: user.id };
}
