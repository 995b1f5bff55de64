import { count, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database_ } from "../../db/connection";
import { passwordResets, sessions, users } from "../../db/schema";
import { messagesFor } from "../../server/i18n/translate";
import type { MailMessage } from "../../server/mail/mailer";
import { verifyPassword } from "../../server/security/passwords";
import { AUTH_LIMITS, RateLimiter } from "../../server/security/rate-limit";
import { sha256 } from "../../server/security/tokens";
import { LoginSchema, ProfileSchema, ResetPasswordSchema, SignupSchema } from "../../server/services/account-forms";
import { isResetTokenUsable, requestPasswordReset, resetPassword, RESET_TTL_MS } from "../../server/services/password-reset";
import { updateProfile } from "../../server/services/profile";
import { createSession, resolveSession } from "../../server/services/sessions";
import { signUp } from "../../server/services/signup";

const NOW = new Date("2025-03-01T10:00:00Z");

/** Collects queued mail instead of sending it. */
class FakeMailer {
  readonly sent: MailMessage[] = [];
  queue(message: MailMessage): number {
    this.sent.push(message);
    return this.sent.length;
  }
}

const signupMail = new FakeMailer();
const meta = { ip: "10.0.0.1", locale: "es" as const, now: NOW, mailer: signupMail, origin: "https://participa.example" };

function linkToken(body: string): string {
  const match = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(body);
  if (!match?.[1]) throw new Error(`No reset link in: ${body}`);
  return match[1];
}

describe("account form schemas", () => {
  const valid = { name: " Ana ", email: " Ana@Example.org ", password: "a long passphrase", acceptTerms: true };

  it("accepts a valid sign-up and normalizes name and e-mail", () => {
    const parsed = SignupSchema.parse(valid);
    expect(parsed).toMatchObject({ name: "Ana", email: "ana@example.org" });
  });

  it.each([
    [{ password: "short" }, "password", "auth.error.passwordTooShort"],
    [{ password: "x".repeat(201) }, "password", "auth.error.passwordTooLong"],
    [{ password: "ANA@example.org" }, "password", "auth.error.passwordIsEmail"],
    [{ email: "not-an-address" }, "email", "auth.error.emailInvalid"],
    [{ name: "   " }, "name", "auth.error.nameRequired"],
    [{ name: "a".repeat(101) }, "name", "auth.error.nameTooLong"],
    [{ name: "bad\u0007bell" }, "name", "auth.error.nameInvalid"],
    [{ acceptTerms: false }, "acceptTerms", "auth.error.acceptTerms"],
  ])("refuses %o with a translated message on the field", (change, field, message) => {
    const result = SignupSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toBe(message);
  });

  it("uses only messages that exist in every catalog", () => {
    const es = messagesFor("es");
    const schemas = [
      [SignupSchema, {}],
      [SignupSchema, { name: 1, email: 2, password: 3, acceptTerms: "x" }],
      [LoginSchema, {}],
      [ResetPasswordSchema, { token: "", password: "x", confirm: "y" }],
      [ProfileSchema, { name: "" }],
    ] as const;
    for (const [schema, input] of schemas) {
      const result = schema.safeParse(input);
      for (const issue of result.error?.issues ?? []) expect(es[issue.message], issue.message).toBeDefined();
    }
  });

  it("requires matching passwords on reset", () => {
    const result = ResetPasswordSchema.safeParse({ token: "t", password: "a long passphrase", confirm: "another one!" });
    expect(result.error?.issues[0]).toMatchObject({ path: ["confirm"], message: "auth.error.confirmMismatch" });
  });
});

describe("account services", () => {
  let database: Database_;
  let limiter: RateLimiter;

  beforeEach(() => {
    database = openDatabase(":memory:");
    limiter = new RateLimiter();
  });
  afterEach(() => database.close());

  const input = { name: "Ana", email: "ana@example.org", password: "a long passphrase" };

  it("signs up with an argon2id hash and the request's language", async () => {
    const result = await signUp(database.db, limiter, input, { ...meta, locale: "ca" });
    expect(result.ok).toBe(true);
    const row = database.db.select({ hash: users.passwordHash, locale: users.locale }).from(users).get();
    expect(row?.hash.startsWith("$argon2id$")).toBe(true);
    expect(row?.locale).toBe("ca");
    expect(await verifyPassword(row?.hash ?? "", input.password)).toBe(true);
  });

  it("gives one account for two simultaneous sign-ups with one e-mail, and mails its owner about the second", async () => {
    const mailer = new FakeMailer();
    const both = { ...meta, mailer };
    const [a, b] = await Promise.all([signUp(database.db, limiter, input, both), signUp(database.db, limiter, { ...input, email: "ANA@example.org" }, both)]);
    if (!a.ok || !b.ok) throw new Error("a sign-up was refused");
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.userId).toBe(b.userId);
    expect(database.db.select({ n: count() }).from(users).get()?.n).toBe(1);
    expect(mailer.sent.map((m) => m.subject).sort()).toEqual([messagesFor("es")["mail.signupExisting.subject"], messagesFor("es")["mail.signupWelcome.subject"]].sort());
  });

  it("limits sign-ups per IP", async () => {
    for (let i = 0; i < AUTH_LIMITS.signupPerIp.max; i++) limiter.hit(`signup:ip:${meta.ip}`, AUTH_LIMITS.signupPerIp);
    const result = await signUp(database.db, limiter, input, meta);
    expect(result).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(database.db.select({ n: count() }).from(users).get()?.n).toBe(0);
  });

  it("updates the display name", async () => {
    const created = await signUp(database.db, limiter, input, meta);
    if (!created.ok) throw new Error("sign-up failed");
    updateProfile(database.db, created.userId, { name: "Ana María" });
    expect(database.db.select({ name: users.name }).from(users).get()?.name).toBe("Ana María");
  });

  describe("password reset", () => {
    const request = (mailer: FakeMailer, email: string, now = NOW) =>
      requestPasswordReset(database.db, limiter, mailer, { email, ip: "10.0.0.2", origin: "https://participa.example", now });

    it("mails a one-hour, single-use link in the user's language and answers the same for unknown e-mails", async () => {
      const created = await signUp(database.db, limiter, input, { ...meta, locale: "en" });
      if (!created.ok) throw new Error("sign-up failed");
      const mailer = new FakeMailer();
      expect(request(mailer, "nobody@example.org")).toEqual({ ok: true });
      expect(mailer.sent).toHaveLength(0);
      expect(request(mailer, "ANA@example.org")).toEqual({ ok: true });
      expect(mailer.sent).toHaveLength(1);
      const [mail] = mailer.sent;
      expect(mail?.to).toBe("ana@example.org");
      expect(mail?.subject).toBe(messagesFor("en")["mail.passwordReset.subject"]);
      expect(mail?.body).toContain("https://participa.example/reset-password?token=");
      const token = linkToken(mail?.body ?? "");
      // Only the hash is stored.
      expect(database.db.select({ h: passwordResets.tokenHash }).from(passwordResets).get()?.h).toBe(sha256(token));
      expect(isResetTokenUsable(database.db, token, NOW)).toBe(true);
      expect(isResetTokenUsable(database.db, token, new Date(NOW.getTime() + RESET_TTL_MS))).toBe(false);
    });

    it("sets the password once, ends every session and spends the user's other tokens", async () => {
      const created = await signUp(database.db, limiter, input, meta);
      if (!created.ok) throw new Error("sign-up failed");
      const session = createSession(database.db, created.userId, NOW);
      const mailer = new FakeMailer();
      request(mailer, input.email);
      request(mailer, input.email);
      const [first, second] = mailer.sent.map((m) => linkToken(m.body));
      const done = await resetPassword(database.db, { token: second ?? "", password: "a brand new phrase", now: NOW });
      expect(done).toEqual({ ok: true, userId: created.userId });
      expect(resolveSession(database.db, session.token, NOW)).toBeNull();
      expect(await resetPassword(database.db, { token: second ?? "", password: "yet another phrase", now: NOW })).toEqual({ ok: false, reason: "invalid_token" });
      expect(await resetPassword(database.db, { token: first ?? "", password: "yet another phrase", now: NOW })).toEqual({ ok: false, reason: "invalid_token" });
      const hash = database.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, created.userId)).get()?.h ?? "";
      expect(await verifyPassword(hash, "a brand new phrase")).toBe(true);
    });

    it("lets only one of two concurrent uses of a token win", async () => {
      await signUp(database.db, limiter, input, meta);
      const mailer = new FakeMailer();
      request(mailer, input.email);
      const token = linkToken(mailer.sent[0]?.body ?? "");
      const results = await Promise.all([
        resetPassword(database.db, { token, password: "first new phrase", now: NOW }),
        resetPassword(database.db, { token, password: "second new phrase", now: NOW }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });

    it("refuses expired tokens and a new password equal to the e-mail", async () => {
      await signUp(database.db, limiter, input, meta);
      const mailer = new FakeMailer();
      request(mailer, input.email);
      const token = linkToken(mailer.sent[0]?.body ?? "");
      expect(await resetPassword(database.db, { token, password: "ANA@example.org", now: NOW })).toEqual({
        ok: false,
        reason: "weak_password",
        message: "auth.error.passwordIsEmail",
      });
      const late = new Date(NOW.getTime() + RESET_TTL_MS + 1);
      expect(await resetPassword(database.db, { token, password: "a brand new phrase", now: late })).toEqual({ ok: false, reason: "invalid_token" });
      expect(database.db.select({ n: count() }).from(sessions).get()?.n).toBe(0);
    });

    it("limits requests per account, known or not", () => {
      const mailer = new FakeMailer();
      for (let i = 0; i < AUTH_LIMITS.resetPerAccount.max; i++) expect(request(mailer, "ghost@example.org").ok).toBe(true);
      expect(request(mailer, "ghost@example.org")).toMatchObject({ ok: false, reason: "rate_limited" });
    });
  });
});
