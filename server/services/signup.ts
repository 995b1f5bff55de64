import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { users } from "../../db/schema";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../i18n/locales";
import { serverTranslator } from "../i18n/translate";
import { hashPassword } from "../security/passwords";
import { AUTH_LIMITS, type RateLimiter } from "../security/rate-limit";
import type { SignupInput } from "./account-forms";
import type { MailQueue } from "./password-reset";

/**
 * The outcome of a sign-up. `created` says whether a new account was made or the address
 * already had one; the caller must answer both the same way (it is for tests and logs only).
 */
export type SignupResult = { ok: true; userId: number; created: boolean } | { ok: false; reason: "rate_limited"; retryAfter: number };

/**
 * Creates a resident account, answering the same way whether or not the e-mail already has
 * one, so the form cannot be used to learn who is registered: the same argon2 hash is computed
 * and one mail is queued either way — a welcome to a new account, or to an existing owner a
 * note that someone tried to sign up with their address (log in, or reset the password). The
 * person then logs in; sign-up itself never starts a session, or the next page would tell.
 *
 * Every attempt counts against the caller's IP; the owner's note is limited per address so the
 * form cannot flood someone's inbox (over the limit the answer is the same, nothing is sent).
 * Uniqueness of the e-mail is the database's job: the insert does nothing on a conflicting
 * address, so two simultaneous sign-ups with one e-mail give one account, never a 500.
 */
export async function signUp(
  db: Db,
  limiter: RateLimiter,
  input: Pick<SignupInput, "name" | "email" | "password">,
  meta: { ip: string; locale: Locale; now: Date; mailer: MailQueue; origin: string | null },
): Promise<SignupResult> {
  const byIp = limiter.hit(`signup:ip:${meta.ip}`, AUTH_LIMITS.signupPerIp);
  if (!byIp.allowed) return { ok: false, reason: "rate_limited", retryAfter: byIp.retryAfter };

  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const row = db
    .insert(users)
    .values({ email, name: input.name.trim(), passwordHash, locale: meta.locale, createdAt: meta.now })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id })
    .get();
  if (row) {
    mailWelcome(meta, email, input.name.trim(), meta.locale);
    return { ok: true, userId: row.id, created: true };
  }

  const owner = db.select({ id: users.id, name: users.name, locale: users.locale }).from(users).where(eq(users.email, email)).get();
  if (!owner) throw new Error(`Sign-up of ${email}: the insert conflicted but no account has that e-mail`);
  if (limiter.hit(`signup:account:${email}`, AUTH_LIMITS.signupNoticePerAccount).allowed) {
    mailExistingOwner(meta, email, owner.name, isLocale(owner.locale) ? owner.locale : DEFAULT_LOCALE);
  }
  return { ok: true, userId: owner.id, created: false };
}

type MailMeta = { now: Date; mailer: MailQueue; origin: string | null };

/** Links for the sign-up mails; null without a configured origin (then nothing is sent). */
function links(meta: MailMeta): { login: string; reset: string } | null {
  if (!meta.origin) {
    console.warn("Sign-up mail not sent: set PUBLIC_URL so links in mail have a configured origin.");
    return null;
  }
  return { login: `${meta.origin}/login`, reset: `${meta.origin}/forgot-password` };
}

function mailWelcome(meta: MailMeta, email: string, name: string, locale: Locale): void {
  const link = links(meta);
  if (!link) return;
  const t = serverTranslator(locale);
  meta.mailer.queue({ to: email, subject: t("mail.signupWelcome.subject"), body: t("mail.signupWelcome.body", { name, login: link.login }) }, meta.now);
}

function mailExistingOwner(meta: MailMeta, email: string, name: string, locale: Locale): void {
  const link = links(meta);
  if (!link) return;
  const t = serverTranslator(locale);
  meta.mailer.queue(
    { to: email, subject: t("mail.signupExisting.subject"), body: t("mail.signupExisting.body", { name, login: link.login, reset: link.reset }) },
    meta.now,
  );
}
