import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { passwordResets, users } from "../../db/schema";
import { isLocale, DEFAULT_LOCALE } from "../i18n/locales";
import { serverTranslator } from "../i18n/translate";
import type { MailMessage } from "../mail/mailer";
import { hashPassword } from "../security/passwords";
import { AUTH_LIMITS, type RateLimiter } from "../security/rate-limit";
import { randomToken, sha256 } from "../security/tokens";
import { passwordProblem } from "./account-forms";
import { revokeAllCredentials } from "./credentials";

/** A reset link works for one hour, once. */
export const RESET_TTL_MS = 60 * 60 * 1000;

/** Anything that can queue mail (the app's Mailer, or a fake in unit tests). */
export interface MailQueue {
  queue(message: MailMessage, now?: Date): number;
}

/** The outcome of asking for a reset link; "sent" is also the answer for unknown e-mails. */
export type ResetRequestResult = { ok: true } | { ok: false; reason: "rate_limited"; retryAfter: number };

/**
 * Sends a reset link if the e-mail belongs to an active account. The caller answers the same
 * way whether or not it does, so the form cannot be used to learn who has an account; the
 * per-account limit counts the address as typed, known or not, for the same reason.
 */
export function requestPasswordReset(
  db: Db,
  limiter: RateLimiter,
  mailer: MailQueue,
  input: { email: string; ip: string; origin: string | null; now: Date },
): ResetRequestResult {
  const email = input.email.trim().toLowerCase();
  const byIp = limiter.hit(`reset:ip:${input.ip}`, AUTH_LIMITS.resetPerIp);
  if (!byIp.allowed) return { ok: false, reason: "rate_limited", retryAfter: byIp.retryAfter };
  const byAccount = limiter.hit(`reset:account:${email}`, AUTH_LIMITS.resetPerAccount);
  if (!byAccount.allowed) return { ok: false, reason: "rate_limited", retryAfter: byAccount.retryAfter };

  const user = db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, blockedAt: users.blockedAt })
    .from(users)
    .where(eq(users.email, email))
    .get();
  // A blocked account cannot log in, so a new password would be of no use to it.
  if (!user || user.blockedAt) return { ok: true };
  // No configured origin (production without PUBLIC_URL): a link we would have to guess from
  // the request could point anywhere, so nothing is sent. The caller still answers "sent".
  if (!input.origin) {
    console.warn("Password reset mail not sent: set PUBLIC_URL so links in mail have a configured origin.");
    return { ok: true };
  }

  const token = randomToken();
  db.insert(passwordResets)
    .values({ tokenHash: sha256(token), userId: user.id, createdAt: input.now, expiresAt: new Date(input.now.getTime() + RESET_TTL_MS) })
    .run();

  const t = serverTranslator(isLocale(user.locale) ? user.locale : DEFAULT_LOCALE);
  const link = `${input.origin}/reset-password?token=${encodeURIComponent(token)}`;
  mailer.queue(
    {
      to: user.email,
      subject: t("mail.passwordReset.subject"),
      body: t("mail.passwordReset.body", { name: user.name, link, minutes: RESET_TTL_MS / 60_000 }),
    },
    input.now,
  );
  return { ok: true };
}

/** Whether a reset token is known, unused and unexpired (the page checks before showing the form). */
export function isResetTokenUsable(db: Db, token: string, now: Date): boolean {
  const row = db
    .select({ userId: passwordResets.userId })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, sha256(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    .get();
  return row !== undefined;
}

/** The outcome of setting a new password with a token. */
export type ResetResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid_token" }
  | { ok: false; reason: "weak_password"; message: string };

/**
 * Sets a new password with a reset token. The token is spent by a conditional update, so two
 * concurrent uses cannot both succeed; in the same transaction every other reset token of the
 * user is spent and every session and API token ended, so whoever had the old password is
 * logged out (the route closes their collaboration sockets).
 */
export async function resetPassword(db: Db, input: { token: string; password: string; now: Date }): Promise<ResetResult> {
  const tokenHash = sha256(input.token);
  const usable = and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, input.now));
  const found = db
    .select({ userId: passwordResets.userId, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(usable)
    .get();
  if (!found) return { ok: false, reason: "invalid_token" };
  const problem = passwordProblem(input.password, found.email);
  if (problem) return { ok: false, reason: "weak_password", message: problem };

  // Hash before the transaction: better-sqlite3 transactions must stay synchronous.
  const passwordHash = await hashPassword(input.password);
  const spent = db.transaction((tx) => {
    const claimed = tx.update(passwordResets).set({ usedAt: input.now }).where(usable).run().changes;
    if (claimed !== 1) return false;
    tx.update(users).set({ passwordHash }).where(eq(users.id, found.userId)).run();
    tx.update(passwordResets)
      .set({ usedAt: input.now })
      .where(and(eq(passwordResets.userId, found.userId), isNull(passwordResets.usedAt)))
      .run();
    // Same connection, so this runs inside the transaction too: sessions and API tokens end.
    revokeAllCredentials(db, found.userId, input.now);
    return true;
  });
  if (!spent) return { ok: false, reason: "invalid_token" };
  return { ok: true, userId: found.userId };
}
