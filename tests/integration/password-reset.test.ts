import { count, eq, isNull } from "drizzle-orm";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, users } from "../../db/schema";
import { messagesFor } from "../../server/i18n/translate";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/** One message as the SMTP server received it. */
interface ReceivedMail {
  to: string[];
  raw: string;
}

let smtp: SMTPServer;
let server: TestServer;
const inbox: ReceivedMail[] = [];
const en = messagesFor("en");

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
});

afterAll(async () => {
  await server.stop();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

/** Decodes a quoted-printable body (how nodemailer sends non-ASCII text). */
function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** Decodes an RFC 2047 encoded-word subject, or returns it as is. */
function decodeSubject(raw: string): string {
  const line = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? "";
  return line
    .replace(/\r?\n[ \t]/g, "")
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
}

async function waitForMail(to: string, already: number): Promise<ReceivedMail> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mine = inbox.filter((m) => m.to.includes(to));
    if (mine.length > already) return mine[mine.length - 1] as ReceivedMail;
    if (Date.now() > deadline) throw new Error(`No mail for ${to} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function resetLink(mail: ReceivedMail): string {
  const body = decodeQuotedPrintable(mail.raw.split(/\r?\n\r?\n/).slice(1).join("\n\n"));
  const link = /(http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_%-]+)/.exec(body)?.[1];
  if (!link) throw new Error(`No link in mail:\n${body}`);
  return link;
}

/**
 * Waits until the outbox has nothing unsent. The mailer delivers in one run at a time and a
 * message queued during a run waits for the next one, so tests start from an idle outbox.
 */
async function waitForOutboxIdle(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((server.inspect.db.select({ n: count() }).from(outbox).where(isNull(outbox.sentAt)).get()?.n ?? 0) > 0) {
    if (Date.now() > deadline) throw new Error("The outbox did not drain within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function mailsFor(to: string): number {
  return inbox.filter((m) => m.to.includes(to)).length;
}

describe("password reset by e-mail", () => {
  const email = "reset.me@example.net";
  const oldPassword = "my old passphrase";
  const newPassword = "my brand new passphrase";

  it("resets the password end to end through SMTP, ending every old session", async () => {
    // Sign up in English, so the mail must come in English.
    const person = new TestClient(server.url);
    person.setCookie("redacta_lang", "en");
    expect((await person.postForm("/signup", { name: "Rita Reset", email, password: oldPassword, acceptTerms: "on" })).status).toBe(303);
    await person.login(email, oldPassword);
    // The welcome mail of the sign-up comes first; the reset mails are the next two.
    await waitForMail(email, 0);
    await waitForOutboxIdle();
    const otherDevice = new TestClient(server.url);
    await otherDevice.login(email, oldPassword);
    expect((await otherDevice.get("/account")).status).toBe(200);

    // Ask for two links; only the last one will be used, and it must spend the first one too.
    const stranger = new TestClient(server.url);
    expect((await stranger.postForm("/forgot-password", { email })).headers.get("location")).toBe("/forgot-password?sent=1");
    const firstMail = await waitForMail(email, 1);
    await waitForOutboxIdle();
    expect((await stranger.postForm("/forgot-password", { email: email.toUpperCase() })).status).toBe(303);
    const mail = await waitForMail(email, 2);
    expect(decodeSubject(mail.raw)).toBe(en["mail.passwordReset.subject"]);
    const link = resetLink(mail);
    expect(link.startsWith(`${server.url}/reset-password?token=`)).toBe(true);

    const form = await stranger.get(link.slice(server.url.length));
    expect(form.status).toBe(200);
    const token = new URL(link).searchParams.get("token") ?? "";

    const mismatch = await stranger.postForm("/reset-password", { token, password: newPassword, confirm: "something else" });
    expect(mismatch.status).toBe(400);

    const done = await stranger.postForm("/reset-password", { token, password: newPassword, confirm: newPassword });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/account?passwordChanged=1");
    expect(stranger.cookie("redacta_session")).toBeTruthy();
    expect((await stranger.get("/account")).status).toBe(200);

    // Every earlier session is gone.
    expect((await person.get("/account")).status).toBe(302);
    expect((await otherDevice.get("/account")).status).toBe(302);

    // The old password no longer works; the new one does.
    const old = await new TestClient(server.url).postForm("/login", { email, password: oldPassword });
    expect(old.status).toBe(400);
    await new TestClient(server.url).login(email, newPassword);

    // The link works once, and the earlier link was spent with it.
    for (const used of [link, resetLink(firstMail)]) {
      const again = new TestClient(server.url);
      expect((await again.get(used.slice(server.url.length))).status).toBe(400);
      const usedToken = new URL(used).searchParams.get("token") ?? "";
      const post = await again.postForm("/reset-password", { token: usedToken, password: "a third passphrase", confirm: "a third passphrase" });
      expect(post.status).toBe(400);
      expect(again.cookie("redacta_session")).toBeUndefined();
    }
  });

  it("answers an unknown e-mail exactly like a known one and sends nothing", async () => {
    const client = new TestClient(server.url);
    const before = server.inspect.db.select({ n: count() }).from(outbox).get()?.n ?? 0;
    const unknown = await client.postForm("/forgot-password", { email: "nobody-here@example.net" });
    const known = await client.postForm("/forgot-password", { email: "verified@example.org" });
    expect(unknown.status).toBe(known.status);
    expect(unknown.headers.get("location")).toBe(known.headers.get("location"));
    expect(server.inspect.db.select({ n: count() }).from(outbox).where(eq(outbox.recipient, "nobody-here@example.net")).get()?.n).toBe(0);
    expect(server.inspect.db.select({ n: count() }).from(outbox).get()?.n).toBe(before + 1);
    // The notice page says the same neutral thing.
    const notice = await client.get("/forgot-password?sent=1");
    expect((await notice.text()).replace(/&#x27;|&#39;/g, "'")).toContain(messagesFor("es")["auth.forgot.sent"]);
  });

  it("refuses a 4th request for one account within the hour with 429 and Retry-After", async () => {
    const client = new TestClient(server.url);
    const target = "moderator@example.org";
    await waitForOutboxIdle();
    const before = mailsFor(target);
    for (let i = 0; i < 3; i++) expect((await client.postForm("/forgot-password", { email: target })).status).toBe(303);
    const fourth = await client.postForm("/forgot-password", { email: target });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(0);
    // Delivery of the first proves the relay path; all three are safely in the outbox.
    await waitForMail(target, before);
    const queued = server.inspect.db.select({ n: count() }).from(outbox).where(eq(outbox.recipient, target)).get()?.n;
    expect(queued).toBe(3);
  });

  it("refuses an invalid e-mail with 400", async () => {
    const response = await new TestClient(server.url).postForm("/forgot-password", { email: "not-an-address" });
    expect(response.status).toBe(400);
    expect(server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, "not-an-address")).get()).toBeUndefined();
  });
});
