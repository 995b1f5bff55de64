import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { users } from "../../db/schema";
import { hashPassword, verifyPassword } from "../security/passwords";
import { AUTH_LIMITS, type RateLimiter } from "../security/rate-limit";
import type { ChangePasswordInput } from "./account-forms";
import { passwordProblem } from "./account-forms";
import { revokeAllCredentials } from "./credentials";

/** The outcome of changing one's password on the account page. */
export type PasswordChangeResult =
  | { ok: true }
  | { ok: false; reason: "wrong_password" | "weak_password"; message: string }
  | { ok: false; reason: "rate_limited"; retryAfter: number };

/**
 * Changes a signed-in person's password after checking the current one (a session left open on
 * a shared computer must not be enough to take the account). The attempt is counted before the
 * slow hash, like a login. On success every session and API token of the person ends in the
 * same transaction as the new hash; the route then starts a fresh session for this browser and
 * closes the person's collaboration sockets.
 */
export async function changePassword(
  db: Db,
  limiter: RateLimiter,
  input: { userId: number; values: Pick<ChangePasswordInput, "currentPassword" | "password">; now: Date },
): Promise<PasswordChangeResult> {
  const attempt = limiter.hit(`password-change:user:${input.userId}`, AUTH_LIMITS.passwordChangePerUser);
  if (!attempt.allowed) return { ok: false, reason: "rate_limited", retryAfter: attempt.retryAfter };
  const user = db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId)).get();
  if (!user || !(await verifyPassword(user.passwordHash, input.values.currentPassword))) {
    return { ok: false, reason: "wrong_password", message: "account.password.wrongCurrent" };
  }
  const problem = passwordProblem(input.values.password, user.email);
  if (problem) return { ok: false, reason: "weak_password", message: problem };
  const passwordHash = await hashPassword(input.values.password);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, input.userId)).run();
    revokeAllCredentials(db, input.userId, input.now);
  });
  limiter.reset(`password-change:user:${input.userId}`);
  return { ok: true };
}
