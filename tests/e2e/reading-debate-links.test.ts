import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { DESKTOP, expectAccessible, launchBrowser, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/**
 * From the reading page to a clause's debate, without per-clause links in the server HTML: the
 * lazy annotation layer adds a "Debate" link to each article heading, and the thread panel links
 * to the debate on the annotated paragraph.
 */

let server: TestServer;
let browser: Browser;
const ORD = `/processes/${ORDINANCE.slug}`;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("debate links on the reading page", () => {
  it("the server HTML has none; the layer's heading link and the panel link land on the clause pages", async () => {
    const html = await (await fetch(`${server.url}${ORD}`)).text();
    expect(html).not.toContain(`${ORD}/clauses/`);

    const { context, errors } = await signedInContext(browser, server, "verified@example.org", DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}${ORD}`);
    const headingLink = page.locator("article.art .art__h a.anno-debate").first();
    await headingLink.waitFor();
    const articleId = await page.locator("article.art").first().getAttribute("id");
    const heading = (await page.locator("article.art .art__h .lbl").first().textContent()) ?? "";
    expect(await headingLink.textContent()).toBe("Debate");
    expect(await headingLink.getAttribute("href")).toBe(`${ORD}/clauses/${articleId?.slice("art-".length)}`);
    await expectAccessible(page);
    await headingLink.click();
    await page.waitForURL(`**${ORD}/clauses/${articleId?.slice("art-".length)}`);
    expect(await page.locator("h1").textContent()).toContain(heading.replace(/\.$/, ""));
    await expectAccessible(page);

    // An annotation on a paragraph: its thread panel links to that paragraph's debate.
    await page.goto(`${server.url}${ORD}`);
    const paragraph = page.locator("#reading-doc article.art p").first();
    const paragraphId = ((await paragraph.getAttribute("id")) ?? "").slice("par-".length);
    await paragraph.locator(".anno-kbd").focus();
    await page.keyboard.press("Enter");
    const dialog = page.locator("dialog.anno-dialog");
    await dialog.waitFor();
    await page.fill("#anno-body", "Comentario para ir al debate.");
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: "detached" });
    await paragraph.locator(".anno-badge").click();
    const link = page.locator(".anno-panel__debate a");
    await link.waitFor();
    expect(await link.textContent()).toBe("Debate sobre este artículo o párrafo");
    await expectAccessible(page);
    await link.click();
    await page.waitForURL(`**${ORD}/clauses/${paragraphId}`);
    await page.locator("h1").waitFor();
    await expectAccessible(page);

    expect(errors).toEqual([]);
    await context.close();
  });
});
