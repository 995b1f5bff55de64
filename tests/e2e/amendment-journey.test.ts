import { and, eq } from "drizzle-orm";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { AMENDMENT_FRAGMENT } from "../../collab/schema";
import { openDatabase, type Database_ } from "../../db/connection";
import { SqliteCollabStore } from "../../db/collab-store";
import { amendments, amendmentSupports, users } from "../../db/schema";
import { contentHash } from "../../server/services/documents/content-hash";
import { DESKTOP, launchBrowser, seriousAxeViolations, signedInContext } from "../support/browser";
import { freePort, startChildServer, type ChildServer } from "../support/child-server";
import { insertMessage, rawCollabClient, until } from "../support/collab-client";

/**
 * The Done-when journey of live amendments, on a server in its own process so it can be killed:
 * the demo draft (co-authored by ngo@ and verified@) is written by both in two browser contexts
 * while a moderator watches read-only — and a raw protocol client with the moderator's token
 * proves their updates are dropped while a co-author's are kept; the stock y-websocket client
 * in Node converges with the browsers; the server is SIGKILLed mid-typing and restarted on the
 * same port, with every acknowledged word intact and the browsers' unsent words delivered on
 * reconnect; then the draft is submitted and a resident supports it.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const SURFACE = ".amendment-editor__surface";

let dir: string;
let databaseUrl: string;
let port: number;
let server: ChildServer;
let inspect: Database_;
let browser: Browser;
let amendmentId: number;
let documentName: string;

beforeAll(async () => {
  mkdirSync("test-results", { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "redacta-amend-journey-"));
  databaseUrl = join(dir, "journey.db");
  port = await freePort();
  server = await startChildServer(databaseUrl, port);
  inspect = openDatabase(databaseUrl);
  const draft = inspect.db.select({ id: amendments.id }).from(amendments).where(eq(amendments.status, "draft")).get();
  if (!draft) throw new Error("the demo seed has no draft amendment");
  amendmentId = draft.id;
  documentName = `amendment-${amendmentId}`;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  inspect?.close();
  server?.child.kill("SIGTERM");
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

/** What signedInContext needs of a server: its URL and a connection to its database. */
function target() {
  return { url: server.url, inspect };
}

async function bearer(email: string): Promise<string> {
  const response = await fetch(new URL("/api/v1/session", server.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "redacta-demo" }),
  });
  if (response.status !== 201) throw new Error(`sign-in of ${email}: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

async function collabToken(email: string): Promise<string> {
  const response = await fetch(new URL(`/api/v1/collab-token?document=${documentName}`, server.url), {
    headers: { authorization: `Bearer ${await bearer(email)}` },
  });
  if (response.status !== 200) throw new Error(`collab token for ${email}: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** The document as stored in SQLite right now (snapshot + appended updates). */
function storedDoc(): Y.Doc {
  const database = openDatabase(databaseUrl);
  try {
    const stored = new SqliteCollabStore(database.db).load(documentName);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const { update } of stored.updates) Y.applyUpdate(doc, update);
    return doc;
  } finally {
    database.close();
  }
}

/** The wording's text in document order, as the editor's textContent shows it. */
function fragmentText(doc: Y.Doc): string {
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment): string => {
    if (node instanceof Y.XmlText) return node.toString().replace(/<[^>]+>/g, "");
    return node.toArray().map((child) => walk(child as Y.XmlElement | Y.XmlText)).join("");
  };
  return walk(doc.getXmlFragment(AMENDMENT_FRAGMENT));
}

/** The n-th paragraph's text node of the wording (heading is child 0 of the article). */
function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  const article = doc.getXmlFragment(AMENDMENT_FRAGMENT).get(0) as Y.XmlElement;
  const paragraphs = article.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === "paragraph");
  const text = paragraphs[index]?.get(0);
  if (!(text instanceof Y.XmlText)) throw new Error(`paragraph ${index} has no text`);
  return text;
}

async function openAmendment(page: Page, status: "synced" | "readonly"): Promise<void> {
  await page.goto(`${server.url}/processes/${SLUG}/amendments/${amendmentId}`);
  await page.waitForSelector(`[data-collab-status="${status}"]`, { timeout: 30_000 });
  await page.waitForSelector(SURFACE);
}

/** The editor's text without the remote cursors' name labels (decorations, not content). */
async function surfaceText(page: Page): Promise<string> {
  return page.evaluate((sel) => {
    const surface = document.querySelector(sel);
    if (!surface) return "";
    const copy = surface.cloneNode(true) as HTMLElement;
    for (const cursor of copy.querySelectorAll(".amend-cursor")) cursor.remove();
    return copy.textContent ?? "";
  }, SURFACE);
}

/** Puts the caret at the end of the editor's first paragraph. */
async function caretAtEndOfFirstParagraph(page: Page): Promise<void> {
  await page.click(`${SURFACE} p.clause-paragraph >> nth=0`);
  await page.evaluate((sel) => {
    const paragraph = document.querySelector(`${sel} p.clause-paragraph`);
    const selection = window.getSelection();
    if (!paragraph || !selection) throw new Error("no paragraph");
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    range.collapse(false);
    selection.removeAllRanges();
    selection.addRange(range);
  }, SURFACE);
  await page.waitForTimeout(100);
}

describe("amendment journey (live co-writing, read-only watcher, crash, submit, support)", () => {
  it("co-authors write live; a watcher's updates are dropped at the protocol level; the stock Node client converges", async () => {
    const ngo = await signedInContext(browser, target(), "ngo@example.org", DESKTOP);
    const verified = await signedInContext(browser, target(), "verified@example.org", DESKTOP);
    const moderator = await signedInContext(browser, target(), "moderator@example.org", DESKTOP);
    const a = await ngo.context.newPage();
    const b = await verified.context.newPage();
    const m = await moderator.context.newPage();
    await openAmendment(a, "synced");
    await openAmendment(b, "synced");
    await openAmendment(m, "readonly");

    await caretAtEndOfFirstParagraph(a);
    await a.keyboard.type(" JOURNEYALFA");
    await b.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("JOURNEYALFA"), SURFACE);
    await m.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("JOURNEYALFA"), SURFACE);
    // Each co-author sees the other's named cursor.
    const verifiedName = inspect.db.select({ name: users.name }).from(users).where(eq(users.email, "verified@example.org")).get()?.name ?? "";
    await caretAtEndOfFirstParagraph(b);
    await a.waitForFunction((name) => [...document.querySelectorAll(".amend-cursor__label")].some((el) => el.textContent === name), verifiedName);

    // The moderator's browser is read-only: typing changes nothing anywhere.
    expect(await m.getAttribute(SURFACE, "contenteditable")).toBe("false");
    await m.click(`${SURFACE} p.clause-paragraph >> nth=0`);
    await m.keyboard.type("MODERADORX");
    await a.waitForTimeout(300);
    expect(await surfaceText(a)).not.toContain("MODERADORX");

    // Protocol level: a raw client with the moderator's token sends a real update — dropped,
    // never stored; the same update from a co-author's token is stored (the test can fail).
    const watcher = rawCollabClient(server.url, `/collab/${documentName}?token=${await collabToken("moderator@example.org")}`);
    const writer = rawCollabClient(server.url, `/collab/${documentName}?token=${await collabToken("verified@example.org")}`);
    await until(() => watcher.received.length > 0 && writer.received.length > 0, 10_000, "raw clients attached");
    watcher.send(insertMessage(new Y.Doc(), "intruso", "raw-probe"));
    writer.send(insertMessage(new Y.Doc(), "coautora", "raw-probe-writer"));
    await until(() => storedDoc().getText("raw-probe-writer").toString() === "coautora", 10_000, "co-author's raw update stored");
    expect(storedDoc().getText("raw-probe").toString()).toBe("");
    watcher.ws.close();
    writer.ws.close();
    await Promise.all([watcher.closed, writer.closed]);

    // The stock y-websocket client in Node, with a collab token, converges with the browsers.
    const nodeDoc = new Y.Doc();
    const provider = new WebsocketProvider(`${server.url.replace(/^http/, "ws")}/collab`, documentName, nodeDoc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: await collabToken("verified@example.org") },
      disableBc: true,
    });
    try {
      await until(() => provider.synced, 10_000, "stock client synced");
      expect(fragmentText(nodeDoc)).toContain("JOURNEYALFA");
      const text = paragraphText(nodeDoc, 0);
      text.insert(text.length, " DESDENODO");
      await a.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("DESDENODO"), SURFACE);
      await caretAtEndOfFirstParagraph(a);
      await a.keyboard.type(" DESDENAVEGADOR");
      await until(() => fragmentText(nodeDoc).includes("DESDENAVEGADOR"), 10_000, "browser edit reaches Node");
      await b.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("DESDENAVEGADOR"), SURFACE);
      expect(fragmentText(nodeDoc)).toBe(await surfaceText(a));
      expect(await surfaceText(b)).toBe(await surfaceText(a));
    } finally {
      provider.destroy();
    }
    expect(await seriousAxeViolations(a)).toEqual([]);
    await a.screenshot({ path: "test-results/amendment-journey-live.png", fullPage: true });
    for (const made of [ngo, verified, moderator]) {
      expect(made.errors).toEqual([]);
      await made.context.close();
    }
  }, 120_000);

  it("after SIGKILL mid-typing and a restart on the same port, the text is intact and the browsers converge", async () => {
    const ngo = await signedInContext(browser, target(), "ngo@example.org", DESKTOP);
    const verified = await signedInContext(browser, target(), "verified@example.org", DESKTOP);
    const a = await ngo.context.newPage();
    const b = await verified.context.newPage();
    await openAmendment(a, "synced");
    await openAmendment(b, "synced");
    await caretAtEndOfFirstParagraph(a);

    const typed = " kilo lima mike november oscar papa quebec romeo sierra tango uniform victor";
    const typing = a.keyboard.type(typed, { delay: 25 });
    // Let some words through, then kill the server while the NGO is still typing.
    await b.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes(" kilo lima"), SURFACE, { timeout: 20_000 });
    server.child.kill("SIGKILL");
    await server.exited;
    // What the other co-author had received was acknowledged by the server: it must be stored.
    const seen = await surfaceText(b);
    let seenTyped = "";
    for (let n = typed.length; n > 0; n--) {
      if (seen.includes(typed.slice(0, n))) {
        seenTyped = typed.slice(0, n);
        break;
      }
    }
    expect(seenTyped.length).toBeGreaterThan(5);
    expect(fragmentText(storedDoc())).toContain(seenTyped);
    await typing;
    const written = await surfaceText(a);
    expect(written).toContain(typed);

    // Restart on the same port and database: both browsers reconnect by themselves; the NGO's
    // words typed while the server was down are sent again and reach the other co-author once.
    server = await startChildServer(databaseUrl, port);
    await until(async () => (await surfaceText(b)) === written, 30_000, "the other co-author converges");
    await until(() => fragmentText(storedDoc()) === written, 15_000, "restarted server stored every word");
    expect(written.split(typed).length).toBe(2);

    // A fresh page load shows the same text from the restarted server.
    const c = await verified.context.newPage();
    await openAmendment(c, "synced");
    expect(await surfaceText(c)).toBe(written);
    for (const made of [ngo, verified]) await made.context.close();
  }, 120_000);

  it("the co-authors submit the amendment and a resident supports it", async () => {
    const ngo = await signedInContext(browser, target(), "ngo@example.org", DESKTOP);
    const a = await ngo.context.newPage();
    await openAmendment(a, "synced");
    const finalText = await surfaceText(a);
    await a.locator(".amendment-confirm summary", { hasText: /enviar|presentar/i }).first().click();
    await a.click("button[name=intent][value=submit]");
    await a.waitForURL((url) => url.searchParams.get("done") === "submitted");
    const row = inspect.db
      .select({ status: amendments.status, content: amendments.content, contentHash: amendments.contentHash })
      .from(amendments)
      .where(eq(amendments.id, amendmentId))
      .get();
    expect(row?.status).toBe("submitted");
    expect(row?.contentHash).toBe(contentHash(JSON.parse(row?.content ?? "null")));
    expect(row?.content).toContain("DESDENODO");
    expect(row?.content).toContain("victor");
    // The public page now shows the frozen wording as tracked changes against the article.
    expect(await a.textContent(".tracked-changes")).toContain("DESDENODO");
    expect(JSON.stringify(JSON.parse(row?.content ?? "null"))).toContain(finalText.slice(-40));

    const resident = await signedInContext(browser, target(), "resident@example.org", DESKTOP);
    const r = await resident.context.newPage();
    await r.goto(`${server.url}/processes/${SLUG}/amendments/${amendmentId}`);
    await r.click("button[name=intent][value=support]");
    await r.waitForURL((url) => url.searchParams.has("done"));
    const residentId = inspect.db.select({ id: users.id }).from(users).where(eq(users.email, "resident@example.org")).get()?.id ?? 0;
    const supports = inspect.db
      .select({ userId: amendmentSupports.userId })
      .from(amendmentSupports)
      .where(and(eq(amendmentSupports.amendmentId, amendmentId), eq(amendmentSupports.userId, residentId)))
      .all();
    expect(supports).toHaveLength(1);
    await r.waitForFunction(() => document.querySelector("#support-heading")?.textContent?.startsWith("1 "));
    expect(await seriousAxeViolations(r)).toEqual([]);
    await r.screenshot({ path: "test-results/amendment-journey-supported.png", fullPage: true });
    for (const made of [ngo, resident]) {
      expect(made.errors).toEqual([]);
      await made.context.close();
    }
  }, 90_000);
});
