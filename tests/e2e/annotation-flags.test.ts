import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { DESKTOP, expectAccessible, launchBrowser, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Flagging from the reading page's thread panel: a resident reports an annotation (the result
 * is shown and announced in the panel; a second report says "already"), and a moderator finds
 * it in /admin/moderation.
 */

let server: TestServer;
let browser: Browser;
const ORD = `/processes/${ORDINANCE.slug}`;
const BODY = "Comentario que alguien denunciará.";

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens the first annotation counter's thread panel once the lazy layer has drawn it. */
async function openFirstThread(page: Page) {
  await page.goto(`${server.url}${ORD}`);
  await page.locator(".anno-badge").first().click();
  const panel = page.locator(".anno-panel");
  await panel.waitFor();
  return panel;
}

describe("flagging an annotation from the reading page", () => {
  it("a resident flags an annotation; it reaches the moderation queue", async () => {
    // A verified resident annotates the first paragraph with the keyboard composer.
    const author = await signedInContext(browser, server, "verified@example.org", DESKTOP);
    const page = await author.context.newPage();
    await page.goto(`${server.url}${ORD}`);
    // The per-paragraph button shows on keyboard focus, as a keyboard user reaches it.
    await page.locator(".anno-kbd").first().focus();
    await page.keyboard.press("Enter");
    const dialog = page.locator("dialog.anno-dialog");
    await dialog.waitFor();
    await page.fill("#anno-body", BODY);
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: "detached" });
    await page.locator(".anno-badge").first().waitFor();
    // One's own annotation also offers the form (the server decides); the author does not use it.
    expect(author.errors).toEqual([]);
    await author.context.close();

    const resident = await signedInContext(browser, server, "resident@example.org", DESKTOP);
    const reader = await resident.context.newPage();
    let panel = await openFirstThread(reader);
    const flag = panel.locator("details.anno-flag");
    await flag.locator("summary").click();
    expect(await flag.locator("summary").textContent()).toBe("Denunciar");
    // An empty reason is refused in place, with the error tied to the field.
    await flag.locator('button[type="submit"]').click();
    const textarea = flag.locator("textarea");
    expect(await textarea.getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(reader);
    await textarea.fill("Contiene un insulto.");
    await flag.locator('button[type="submit"]').click();
    await panel.locator(".anno-card__flagged").waitFor();
    expect(await panel.locator(".anno-card__flagged").textContent()).toBe("Gracias: moderación revisará tu denuncia.");
    expect(await reader.locator(".anno-layer [aria-live=polite]").textContent()).toBe("Gracias: moderación revisará tu denuncia.");
    await expectAccessible(reader);

    // A second report of the same annotation answers 409, shown as "already flagged".
    panel = await openFirstThread(reader);
    await panel.locator("details.anno-flag summary").click();
    await panel.locator("details.anno-flag textarea").fill("Otra vez.");
    await panel.locator('details.anno-flag button[type="submit"]').click();
    await panel.locator(".anno-card__flagged").waitFor();
    expect(await panel.locator(".anno-card__flagged").textContent()).toBe("Ya has denunciado este contenido.");
    // Chromium logs every non-2xx fetch to the console; the 409 above is the expected answer.
    expect(resident.errors.filter((e) => !e.includes("status of 409"))).toEqual([]);
    await resident.context.close();

    const moderator = await signedInContext(browser, server, "moderator@example.org", DESKTOP);
    const queue = await moderator.context.newPage();
    await queue.goto(`${server.url}/admin/moderation`);
    const text = (await queue.locator("main").textContent()) ?? "";
    expect(text).toContain(BODY);
    expect(text).toContain("Contiene un insulto.");
    await expectAccessible(queue);
    expect(moderator.errors).toEqual([]);
    await moderator.context.close();
  });
});
