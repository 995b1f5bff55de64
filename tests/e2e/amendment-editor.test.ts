import { and, eq } from "drizzle-orm";
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEuros } from "../../app/editor/amendment/amounts";
import { isClauseId } from "../../collab/schema";
import { documentVersions, phases, processes, users } from "../../db/schema";
import { acceptInvite, createInvite, startAmendment } from "../../server/services/amendments";
import { loadCurrentUser, type CurrentUser } from "../../server/services/current-user";
import { launchBrowser, PHONE, seriousAxeViolations, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The live amendment editor in Chromium, on the real amendment page: two co-authors (an NGO
 * representative on a desktop, a verified resident on a phone) write the same draft and see each
 * other's words and named cursors; undo takes back only one's own typing; the tracked-changes
 * panel marks insertions as <ins>; a moderator watches read-only and cannot change a word.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const BUDGET_SLUG = "presupuestos-participativos-2027";
const DAY = 86_400_000;

let server: TestServer;
let browser: Browser;
let amendmentId: number;
let budgetAmendmentId: number;
let revokedAmendmentId: number;
let ngoName: string;
let verifiedName: string;

type NodeJson = { type: string; attrs?: Record<string, unknown>; content?: NodeJson[] };

function userByEmail(email: string): CurrentUser {
  const row = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  const user = row ? loadCurrentUser(server.inspect.db, row.id) : null;
  if (!user) throw new Error(`No user ${email}`);
  return user;
}

/** The id of the first node of `type` in the process's latest published version. */
function firstClauseId(processId: number, type: string): string {
  const version = server.inspect.db
    .select({ content: documentVersions.content })
    .from(documentVersions)
    .where(eq(documentVersions.processId, processId))
    .orderBy(documentVersions.number)
    .all()
    .pop();
  if (!version) throw new Error(`process ${processId} has no version`);
  const find = (node: NodeJson): string | null => {
    if (node.type === type && isClauseId(node.attrs?.id)) return node.attrs.id;
    for (const child of node.content ?? []) {
      const id = find(child);
      if (id) return id;
    }
    return null;
  };
  const id = find(JSON.parse(version.content) as NodeJson);
  if (!id) throw new Error(`process ${processId} has no ${type}`);
  return id;
}

/** Opens the amendments phase around now (the test's own database), whatever the seed's dates. */
function openAmendmentsPhase(processId: number, now: Date): void {
  const window = { startsAt: new Date(now.getTime() - DAY), endsAt: new Date(now.getTime() + 10 * DAY) };
  const existing = server.inspect.db
    .select({ id: phases.id })
    .from(phases)
    .where(and(eq(phases.processId, processId), eq(phases.kind, "amendments")))
    .get();
  if (existing) server.inspect.db.update(phases).set(window).where(eq(phases.id, existing.id)).run();
  else server.inspect.db.insert(phases).values({ processId, kind: "amendments", ...window }).run();
}

beforeAll(async () => {
  mkdirSync("test-results", { recursive: true });
  server = await startTestServer();
  browser = await launchBrowser();
  const now = new Date();
  const processId = (slug: string) => {
    const row = server.inspect.db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
    if (!row) throw new Error(`no process ${slug}`);
    openAmendmentsPhase(row.id, now);
    return row.id;
  };
  const verified = userByEmail("verified@example.org");
  const ngo = userByEmail("ngo@example.org");
  verifiedName = verified.name;
  ngoName = ngo.name;
  // Through the services, as the pages do: the verified resident starts it and invites the NGO.
  amendmentId = startAmendment(
    server.inspect.db,
    verified,
    { slug: SLUG, clauseId: firstClauseId(processId(SLUG), "article"), kind: "modify", justification: "Precisar la redacción del artículo para que se entienda mejor." },
    now,
  ).id;
  acceptInvite(server.inspect.db, ngo, createInvite(server.inspect.db, verified, amendmentId, now).token, now);
  budgetAmendmentId = startAmendment(
    server.inspect.db,
    verified,
    { slug: BUDGET_SLUG, clauseId: firstClauseId(processId(BUDGET_SLUG), "budget"), kind: "budget", justification: "Pasar dinero del arbolado a los bancos del mismo distrito." },
    now,
  ).id;
  acceptInvite(server.inspect.db, ngo, createInvite(server.inspect.db, verified, budgetAmendmentId, now).token, now);
  revokedAmendmentId = startAmendment(
    server.inspect.db,
    verified,
    { slug: SLUG, clauseId: firstClauseId(processId(SLUG), "article"), kind: "modify", justification: "Una segunda propuesta sobre el mismo artículo, para probar la retirada de un coautor." },
    now,
  ).id;
  acceptInvite(server.inspect.db, ngo, createInvite(server.inspect.db, verified, revokedAmendmentId, now).token, now);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SURFACE = ".amendment-editor__surface";

async function openEditor(page: Page, status: "synced" | "readonly"): Promise<void> {
  await page.goto(`${server.url}/processes/${SLUG}/amendments/${amendmentId}`);
  await page.waitForSelector(`[data-collab-status="${status}"]`, { timeout: 30_000 });
  await page.waitForSelector(SURFACE);
}

async function surfaceText(page: Page): Promise<string> {
  return (await page.textContent(SURFACE)) ?? "";
}

/**
 * Puts the caret at the end of the n-th paragraph of the editor (not the heading). The End key
 * would only reach the end of the visual line of a wrapped paragraph.
 */
async function caretAtEndOfParagraph(page: Page, index: number): Promise<void> {
  await page.click(`${SURFACE} p.clause-paragraph >> nth=${index}`);
  await page.evaluate(
    ([sel, i]) => {
      const paragraph = document.querySelectorAll(`${sel} p.clause-paragraph`)[i];
      const selection = window.getSelection();
      if (!paragraph || !selection) throw new Error(`no paragraph ${i}`);
      const range = document.createRange();
      range.selectNodeContents(paragraph);
      range.collapse(false);
      selection.removeAllRanges();
      selection.addRange(range);
    },
    [SURFACE, index] as const,
  );
  // ProseMirror reads the DOM selection on the next selectionchange.
  await page.waitForTimeout(100);
}

describe("live amendment editor", () => {
  it("two co-authors write together, see each other's cursors, undo only their own words; a moderator only watches", async () => {
    const ngo = await signedInContext(browser, server, "ngo@example.org");
    const verified = await signedInContext(browser, server, "verified@example.org", PHONE);
    const moderator = await signedInContext(browser, server, "moderator@example.org");
    const a = await ngo.context.newPage();
    const b = await verified.context.newPage();
    const m = await moderator.context.newPage();

    await openEditor(a, "synced");
    await openEditor(b, "synced");
    const original = await surfaceText(a);
    expect(original.length).toBeGreaterThan(10);
    expect(await a.getAttribute(SURFACE, "contenteditable")).toBe("true");
    // The editor has an accessible name and says how to leave it.
    expect(await a.getAttribute(SURFACE, "aria-labelledby")).toBeTruthy();
    expect(await a.getAttribute(SURFACE, "aria-describedby")).toBeTruthy();

    // The NGO types at the end of the first paragraph; the resident sees it live.
    await caretAtEndOfParagraph(a, 0);
    await a.keyboard.type(" ALFAUNO");
    await b.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("ALFAUNO"), SURFACE);
    // …and the NGO's cursor, labelled with their name.
    await b.waitForFunction(
      (name) => [...document.querySelectorAll(".amend-cursor__label")].some((el) => el.textContent === name),
      ngoName,
    );

    // The resident types in the last paragraph; the NGO sees it and the resident's cursor.
    await caretAtEndOfParagraph(b, (await b.locator(`${SURFACE} p.clause-paragraph`).count()) - 1);
    await b.keyboard.type(" BETADOS");
    await a.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("BETADOS"), SURFACE);
    await a.waitForFunction(
      (name) => [...document.querySelectorAll(".amend-cursor__label")].some((el) => el.textContent === name),
      verifiedName,
    );

    // Both see who is here, by name (not only by colour).
    expect(await a.textContent(".amendment-presence")).toContain(verifiedName);
    expect(await b.textContent(".amendment-presence")).toContain(ngoName);

    // The tracked-changes panel marks the insertions in the text, with hidden "insertado:" for screen readers.
    await a.waitForFunction(() => [...document.querySelectorAll(".tracked-changes ins")].some((el) => el.textContent?.includes("ALFAUNO")));
    const ins = a.locator(".tracked-changes ins", { hasText: "ALFAUNO" }).first();
    expect(await ins.locator(".visually-hidden").textContent()).toContain("insertado");
    await a.waitForFunction(() => document.querySelector(".tracked-changes__summary")?.textContent === "2 palabras insertadas");
    expect(await a.locator(".tracked-changes del").count()).toBe(0);

    // The moderator watches: read-only, told so, and typing changes nothing.
    await openEditor(m, "readonly");
    expect(await m.getAttribute(SURFACE, "contenteditable")).toBe("false");
    expect(await m.textContent(".amendment-editor__status")).toContain("Solo lectura");
    expect(await m.textContent(".amendment-editor__readonly")).toContain("Solo lectura");
    await m.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("BETADOS"), SURFACE);
    await m.click(`${SURFACE} p.clause-paragraph >> nth=0`);
    await m.keyboard.type("MODERADORZZ");
    await m.keyboard.press("Enter");
    await a.waitForTimeout(800);
    expect(await surfaceText(m)).not.toContain("MODERADORZZ");
    expect(await surfaceText(a)).not.toContain("MODERADORZZ");

    // Ctrl+Z in the NGO's browser takes back the NGO's words only.
    await a.click(SURFACE);
    await a.keyboard.press("Control+z");
    await a.waitForFunction((sel) => !document.querySelector(sel)?.textContent?.includes("ALFAUNO"), SURFACE);
    expect(await surfaceText(a)).toContain("BETADOS");
    await b.waitForFunction((sel) => !document.querySelector(sel)?.textContent?.includes("ALFAUNO"), SURFACE);
    expect(await surfaceText(b)).toContain("BETADOS");

    // Enter starts a new paragraph with a fresh clause id, the same in both browsers, and the
    // tracked changes label it as an added paragraph.
    await caretAtEndOfParagraph(a, 0);
    await a.keyboard.press("Enter");
    await a.keyboard.type("GAMMA nuevo apartado");
    await b.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("GAMMA"), SURFACE);
    const clauseIds = (page: Page) => page.$$eval(`${SURFACE} p.clause-paragraph`, (ps) => ps.map((p) => p.getAttribute("data-clause-id") ?? ""));
    const idsA = await clauseIds(a);
    expect(idsA.every((id) => isClauseId(id))).toBe(true);
    expect(new Set(idsA).size).toBe(idsA.length);
    await b.waitForFunction(
      ([sel, expected]) => JSON.stringify([...document.querySelectorAll(`${sel} p.clause-paragraph`)].map((p) => p.getAttribute("data-clause-id") ?? "")) === expected,
      [SURFACE, JSON.stringify(idsA)] as const,
    );
    await a.waitForFunction(() => [...document.querySelectorAll(".tc-block--inserted .tc-block__label")].some((el) => el.textContent === "Párrafo añadido"));

    // Escape leaves the editor (focus is not trapped).
    await a.click(SURFACE);
    await a.keyboard.press("Escape");
    expect(await a.evaluate((sel) => document.activeElement === document.querySelector(sel), SURFACE)).toBe(false);

    await a.screenshot({ path: "test-results/amendment-editor-desktop.png", fullPage: true });
    await b.screenshot({ path: "test-results/amendment-editor-phone.png", fullPage: true });
    await m.screenshot({ path: "test-results/amendment-editor-readonly.png", fullPage: true });

    for (const page of [a, b, m]) expect(await seriousAxeViolations(page), page.url()).toEqual([]);

    // The NGO submits: the resident's open editor is closed with ACCESS_CHANGED, reconnects and
    // is now read-only, saying why; the moderator's read-only connection carries on.
    await a.click("summary:has-text('Presentar la enmienda')");
    await a.click("button[name=intent][value=submit]");
    await b.waitForSelector(`[data-collab-status="readonly"]`, { timeout: 30_000 });
    expect(await b.getAttribute(SURFACE, "contenteditable")).toBe("false");
    expect(await b.textContent(".amendment-editor__status")).toContain("se ha presentado");
    await b.click(`${SURFACE} p.clause-paragraph >> nth=0`);
    await b.keyboard.type("TARDEZZ");
    expect(await surfaceText(b)).not.toContain("TARDEZZ");
    expect(await m.getAttribute("[data-collab-status]", "data-collab-status")).toBe("readonly");
    await b.screenshot({ path: "test-results/amendment-editor-phone-submitted.png", fullPage: true });

    expect([...ngo.errors, ...verified.errors, ...moderator.errors]).toEqual([]);
    await Promise.all([ngo.context.close(), verified.context.close(), moderator.context.close()]);
  });

  it("budget amendment: amounts typed by one co-author appear live for the other, with district totals and the totals status", async () => {
    const ngo = await signedInContext(browser, server, "ngo@example.org");
    const verified = await signedInContext(browser, server, "verified@example.org", PHONE);
    const a = await ngo.context.newPage();
    const b = await verified.context.newPage();
    const url = `${server.url}/processes/${BUDGET_SLUG}/amendments/${budgetAmendmentId}`;
    for (const page of [a, b]) {
      await page.goto(url);
      await page.waitForSelector('[data-collab-status="synced"]', { timeout: 30_000 });
    }
    const inputs = (page: Page) => page.locator(".amount-input");
    expect(await inputs(a).count()).toBeGreaterThan(2);
    const first = parseEuros((await inputs(a).nth(0).inputValue()) ?? "");
    const second = parseEuros((await inputs(a).nth(1).inputValue()) ?? "");
    if (first === null || second === null || first < 10_000) throw new Error("unexpected demo amounts");
    const euros = (cents: number) => (cents / 100).toFixed(2).replace(".", ",");
    expect(await a.textContent(".budget-changes__status")).toContain("Totales sin cambios");

    // The NGO takes 100 € from the first line: its district no longer adds up, and the resident sees it live.
    await inputs(a).nth(0).fill(euros(first - 10_000));
    await a.waitForFunction(() => document.querySelector(".budget-changes__status")?.textContent?.includes("cambia en"));
    await b.waitForFunction(([value]) => (document.querySelectorAll(".amount-input")[0] as HTMLInputElement | undefined)?.value === value, [euros(first - 10_000)] as const);
    expect(await b.textContent(".budget-changes__status")).toMatch(/El distrito .+ cambia en −100,00/);

    // The resident gives it to the second line (same district): totals are whole again for both.
    await inputs(b).nth(1).fill(euros(second + 10_000));
    for (const page of [a, b]) {
      await page.waitForFunction(() => document.querySelector(".budget-changes__status")?.textContent?.includes("Totales sin cambios"));
      expect(await page.locator(".budget-changes__lines tbody tr").count()).toBe(2);
    }
    // A typo is flagged at the field and not shared.
    await inputs(a).nth(2).fill("12,3,4");
    expect(await inputs(a).nth(2).getAttribute("aria-invalid")).toBe("true");
    await a.keyboard.press("Tab");

    await a.screenshot({ path: "test-results/amendment-editor-budget-desktop.png", fullPage: true });
    await b.screenshot({ path: "test-results/amendment-editor-budget-phone.png", fullPage: true });
    for (const page of [a, b]) expect(await seriousAxeViolations(page), page.url()).toEqual([]);
    expect([...ngo.errors, ...verified.errors]).toEqual([]);
    await Promise.all([ngo.context.close(), verified.context.close()]);
  });

  it("a co-author removed while writing is stopped, told why, and does not reconnect", async () => {
    const ngo = await signedInContext(browser, server, "ngo@example.org");
    const verified = await signedInContext(browser, server, "verified@example.org");
    const a = await ngo.context.newPage();
    const b = await verified.context.newPage();
    let sockets = 0;
    a.on("websocket", () => void (sockets += 1));
    const url = `${server.url}/processes/${SLUG}/amendments/${revokedAmendmentId}`;
    for (const page of [a, b]) {
      await page.goto(url);
      await page.waitForSelector('[data-collab-status="synced"]', { timeout: 30_000 });
    }
    expect(sockets).toBe(1);
    await b.click("button[name=intent][value=removeCoauthor]");
    await a.waitForSelector('[data-collab-status="stopped"]', { timeout: 30_000 });
    expect(await a.textContent(".amendment-editor__status")).toContain("Se ha retirado tu acceso");
    expect(await a.getAttribute(SURFACE, "contenteditable")).toBe("false");
    // y-websocket would retry within a second or two; it must not.
    await a.waitForTimeout(2_500);
    expect(sockets).toBe(1);
    expect(await a.getAttribute("[data-collab-status]", "data-collab-status")).toBe("stopped");
    expect(await seriousAxeViolations(a)).toEqual([]);
    expect([...ngo.errors, ...verified.errors]).toEqual([]);
    await Promise.all([ngo.context.close(), verified.context.close()]);
  });

  it("readers' pages never load the editor (ProseMirror and Yjs stay out of their bundles)", async () => {
    const reader = await signedInContext(browser, server, "resident@example.org");
    const page = await reader.context.newPage();
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });
    await page.goto(`${server.url}/processes/${SLUG}`);
    await page.waitForLoadState("networkidle");
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((url) => /AmendmentEditor/.test(url))).toEqual([]);
    expect(reader.errors).toEqual([]);
    await reader.context.close();
  });
});
