import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { documentDrafts, documentVersions, processes } from "../../db/schema";
import { versionText } from "../../server/services/annotations/anchoring";
import { editClauses } from "../support/annotations";
import { signedInClient } from "../support/docadmin";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { DESKTOP, PHONE, expectAccessible, launchBrowser, newContext, screenshot, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The resident-facing annotation UI on the reading page: annotating by mouse, by keyboard only
 * and by touch on a phone; highlights with counters after a reload, the thread panel, the
 * one-paragraph rule and the anonymous "log in to comment" link.
 */

let server: TestServer;
let browser: Browser;
const ORD = `/processes/${ORDINANCE.slug}`;

interface Stored {
  exact: string;
  body: string;
  author: string;
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The annotations the API lists for version 1 (exact quote, body, author). */
async function stored(): Promise<Stored[]> {
  const response = await fetch(`${server.url}/api/v1/processes/${ORDINANCE.slug}/annotations?version=1`);
  expect(response.status).toBe(200);
  const data = (await response.json()) as {
    first: { items: Array<{ body?: { value: string }; creator: { name: string }; target: { selector?: Array<{ type: string; exact?: string }> } }> };
  };
  return data.first.items.map((item) => ({
    exact: item.target.selector?.find((s) => s.type === "TextQuoteSelector")?.exact ?? "",
    body: item.body?.value ?? "",
    author: item.creator.name,
  }));
}

/** Waits until the lazily loaded annotation layer has decorated the document. */
async function layerReady(page: Page): Promise<void> {
  await page.locator(".anno-kbd").first().waitFor({ state: "attached" });
}

/** Clause text elements (".ct") of the first preamble paragraphs. */
function paragraphText(page: Page, index: number) {
  return page.locator("#reading-doc .preamble p > .ct").nth(index);
}

describe("annotating the ordinance", () => {
  it("a resident annotates by mouse and by keyboard only; both are stored and highlighted after reload", async () => {
    const { context, errors } = await signedInContext(browser, server, "verified@example.org", DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}${ORD}`);
    await layerReady(page);
    await expectAccessible(page);

    // Mouse: drag across characters 10–40 of the first preamble paragraph.
    const first = paragraphText(page, 0);
    await first.evaluate((ct) => ct.scrollIntoView({ block: "center" }));
    const points = await first.evaluate((ct) => {
      const text = ct.firstChild as Text;
      const at = (i: number) => {
        const r = document.createRange();
        r.setStart(text, i);
        r.setEnd(text, i + 1);
        const rect = r.getBoundingClientRect();
        return { x: rect.left + 1, y: rect.top + rect.height / 2 };
      };
      return { from: at(4), to: at(30) };
    });
    await page.mouse.move(points.from.x, points.from.y);
    await page.mouse.down();
    await page.mouse.move(points.to.x, points.to.y, { steps: 8 });
    await page.mouse.up();
    const comment = page.locator(".anno-pop button");
    await comment.waitFor();
    await comment.click();
    const dialog = page.locator("dialog.anno-dialog");
    await dialog.waitFor();
    const mouseQuote = (await dialog.locator(".anno-dialog__quote q").textContent()) ?? "";
    expect(mouseQuote.length).toBeGreaterThan(5);
    await expectAccessible(page);
    await page.fill("#anno-body", "Comentario hecho con el ratón.");
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: "detached" });
    await page.locator("mark.anno").first().waitFor();

    // Keyboard only: from the second paragraph's permalink, Tab reaches its "Comentar este párrafo".
    const secondText = (await paragraphText(page, 1).textContent()) ?? "";
    const words = secondText.split(/\s+/).filter((w) => w !== "");
    await page.locator("#reading-doc .preamble p").nth(1).locator(".pl").focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("anno-kbd");
    await page.screenshot({ path: "screenshots/annotations-desktop-keyboard-button.png" });
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("anno-from");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Tab");
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowDown");
    const keyboardQuote = (await dialog.locator(".anno-dialog__quote q").textContent()) ?? "";
    await expectAccessible(page);
    await page.screenshot({ path: "screenshots/annotations-desktop-keyboard-dialog.png" });
    expect(keyboardQuote).toBe(words.slice(2, 6).join(" "));
    await page.keyboard.press("Tab");
    await page.keyboard.type("Comentario hecho solo con el teclado.");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" });

    const list = await stored();
    expect(list).toContainEqual(expect.objectContaining({ exact: mouseQuote, body: "Comentario hecho con el ratón." }));
    expect(list).toContainEqual(expect.objectContaining({ exact: keyboardQuote, body: "Comentario hecho solo con el teclado." }));

    // After a reload both show highlighted, each with a counter naming its count.
    await page.reload();
    await layerReady(page);
    await page.locator("mark.anno").first().waitFor();
    const marked = await page.locator("mark.anno").allTextContents();
    expect(marked.join("")).toContain(mouseQuote);
    expect(marked.join("")).toContain(keyboardQuote);
    const badges = page.locator(".anno-badge");
    expect(await badges.count()).toBe(2);
    expect(await page.locator(".anno-heat .visually-hidden").first().textContent()).toMatch(/1 comentario/);

    // The counter opens the thread panel: author, version, status, body.
    await badges.first().click();
    const panel = page.locator(".anno-panel");
    await panel.waitFor();
    expect(await panel.textContent()).toContain("Comentario hecho con el ratón.");
    expect(await panel.textContent()).toContain("sobre la versión 1");
    await expectAccessible(page);
    await screenshot(page, "annotations-desktop-panel");
    await page.screenshot({ path: "screenshots/annotations-desktop-panel-top.png" });

    // A selection across two paragraphs asks for one paragraph.
    await page.locator(".anno-panel__head button").click();
    await page.evaluate(() => {
      const cts = document.querySelectorAll("#reading-doc .preamble p > .ct");
      const a = cts[0]?.firstChild;
      const b = cts[1]?.firstChild;
      if (!a || !b) throw new Error("no paragraphs");
      const range = document.createRange();
      range.setStart(a, 2);
      range.setEnd(b, 5);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
    });
    await expect(page.locator(".anno-pop [role=status]").textContent()).resolves.toContain("un solo párrafo");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("anonymous readers get a log-in link that comes back to the process", async () => {
    const { context, errors } = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}${ORD}`);
    const link = page.locator(".anno-hint a");
    expect(await link.textContent()).toBe("Inicia sesión para comentar");
    expect(await link.getAttribute("href")).toBe(`/login?redirectTo=${encodeURIComponent(ORD)}`);
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("on a phone, a touch selection gets a Comentar button and the comment is stored", async () => {
    const { context, errors } = await signedInContext(browser, server, "verified@example.org", PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}${ORD}`);
    await layerReady(page);
    // A real touch-drag selection cannot be scripted in Chromium: select with the Selection API
    // (as the long-press handles leave it) and then tap the button with the touchscreen.
    const exact = await paragraphText(page, 2).evaluate((ct) => {
      const text = ct.firstChild as Text;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, 25);
      ct.scrollIntoView({ block: "center" });
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
      return range.toString().trim();
    });
    const comment = page.locator(".anno-pop button");
    await comment.waitFor();
    await comment.tap();
    const dialog = page.locator("dialog.anno-dialog");
    await dialog.waitFor();
    await page.fill("#anno-body", "Comentario desde el móvil.");
    await page.screenshot({ path: "screenshots/annotations-phone-dialog.png" });
    await dialog.locator('button[type="submit"]').tap();
    await dialog.waitFor({ state: "detached" });
    await page.locator("mark.anno").first().waitFor();
    expect(await stored()).toContainEqual(expect.objectContaining({ exact, body: "Comentario desde el móvil." }));

    await page.locator(".anno-badge").last().tap();
    await page.locator(".anno-panel").waitFor();
    await page.screenshot({ path: "screenshots/annotations-phone-sheet.png" });
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("after version 2 removes the keyboard-annotated paragraph, readers see carried and orphaned annotations", async () => {
    const db = server.inspect.db;
    const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, ORDINANCE.slug)).get()?.id ?? 0;
    const v1 = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).get()?.content ?? "";
    const preamble = versionText("1", documentSchema.nodeFromJSON(JSON.parse(v1))).clauses.filter((c) => c.text !== "");
    const removed = preamble[1];
    if (!removed) throw new Error("demo preamble too short");
    const draft = db.select({ content: documentDrafts.content }).from(documentDrafts).where(eq(documentDrafts.processId, processId)).get()?.content ?? "";
    db.update(documentDrafts)
      .set({ content: JSON.stringify(editClauses(JSON.parse(draft), { remove: [removed.id] })), updatedAt: new Date() })
      .where(eq(documentDrafts.processId, processId))
      .run();
    const editor = await signedInClient(server, "editor@example.org");
    expect((await editor.postForm(`/admin/processes/${ORDINANCE.slug}/publish`, { changelog: "Sin el segundo párrafo", baseVersion: "1" })).status).toBe(303);

    const { context, errors } = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}${ORD}`);
    const orphans = page.locator(".anno-orphans");
    await orphans.waitFor();
    expect(await orphans.locator("h2").textContent()).toBe("Comentarios que ya no encuentran su texto");
    expect(await orphans.textContent()).toContain("Comentario hecho solo con el teclado.");
    expect(await orphans.textContent()).toContain("sin texto");
    expect(await orphans.textContent()).toContain("sobre la versión 1");
    await page.locator(".anno-badge").first().click();
    const panel = page.locator(".anno-panel");
    await panel.waitFor();
    expect(await panel.textContent()).toContain("trasladado");
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("anno-badge");
    await orphans.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "screenshots/annotations-v2-orphans.png" });
    expect(errors).toEqual([]);
    await context.close();

    // Version 1 is no longer the latest: its annotations still show, but nothing offers annotating.
    const resident = await signedInContext(browser, server, "verified@example.org", DESKTOP);
    const old = await resident.context.newPage();
    await old.goto(`${server.url}${ORD}/v/1`);
    await old.locator("mark.anno").first().waitFor();
    expect(await old.locator(".anno-hint").count()).toBe(0);
    expect(await old.locator(".anno-kbd").count()).toBe(0);
    expect(resident.errors).toEqual([]);
    await resident.context.close();
  });
});
