import type { Db } from "../../db/connection";
import { users } from "../../db/schema";
import type { Locale } from "../i18n/locales";
import { hashPassword } from "../security/passwords";
import { AUTH_LIMITS, type RateLimiter } from "../security/rate-limit";
import type { SignupInput } from "./account-forms";

/** The outcome of a sign-up: the new user, or why there is none. */
export type SignupResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "email_taken" }
  | { ok: false; reason: "rate_limited"; retryAfter: number };

/**
 * Creates a resident account. Every attempt counts against the caller's IP. Uniqueness of the
 * e-mail is the database's job: the insert does nothing on a conflicting address, so two
 * simultaneous sign-ups with one e-mail give one account and one "taken" answer, never a 500.
 */
export async function signUp(
  db: Db,
  limiter: RateLimiter,
  input: Pick<SignupInput, "name" | "email" | "password">,
  meta: { ip: string; locale: Locale; now: Date },
): Promise<SignupResult> {
  const byIp = limiter.hit(`signup:ip:${meta.ip}`, AUTH_LIMITS.signupPerIp);
  if (!byIp.allowed) return { ok: false, reason: "rate_limited", retryAfter: byIp.retryAfter };

  const passwordHash = await hashPassword(input.password);
  const row = db
    .insert(users)
    .values({
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      passwordHash,
      locale: meta.locale,
      createdAt: meta.now,
    })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id })
    .get();
  if (!row) return { ok: false, reason: "email_taken" };
  return { ok: true, userId: row.id };
}
