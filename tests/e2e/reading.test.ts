import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUDGET } from "../../db/seed/content/budget";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { DESKTOP, PHONE, launchBrowser, newContext, screenshot, seriousAxeViolations } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";
import { editedOrdinance, insertVersion, versionJson } from "../support/versions";

let server: TestServer;
let browser: Browser;
let ids: ReturnType<typeof editedOrdinance>;
const ORD = `/processes/${ORDINANCE.slug}`;

beforeAll(async () => {
  server = await startTestServer();
  ids = editedOrdinance(versionJson(server.inspect, ORDINANCE.slug, 1));
  insertVersion(server.inspect, ORDINANCE.slug, 2, ids.v2, "Versión consolidada tras la consulta pública.");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens the version switcher (a <details>, whose open state survives client navigations). */
async function openVersions(page: Page): Promise<void> {
  await page.locator(".versions").evaluate((el) => {
    (el as HTMLDetailsElement).open = true;
  });
}

/** A viewport-sized screenshot too: full pages of a whole ordinance are too tall to review. */
async function shots(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await page.screenshot({ path: `screenshots/${name}-top.png` });
}

describe.each([
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const)("reading on %s", (name, options) => {
  it("reads the ordinance, follows a TOC link and a permalink", async () => {
    const { context, errors } = await newContext(browser, options);
    const page = await context.newPage();
    await page.goto(`${server.url}${ORD}/v/1`);
    await expect(page.locator("h1").textContent()).resolves.toContain(ORDINANCE.title);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shots(page, `reading-ordinance-${name}`);

    // The table of contents is a <details>: closed on phones, always shown on desktop.
    if (name === "phone") await page.locator(".toc summary").click();
    const tocLink = page.locator(".toc__list a").filter({ hasText: "Artículo 3" }).first();
    await tocLink.click();
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#art-/);
    await expect(page.locator(`${hash}`).isVisible()).resolves.toBe(true);
    if (name === "phone") await page.screenshot({ path: `screenshots/reading-ordinance-toc-target-${name}.png` });

    // A permalink from v1 opens the same clause in v2.
    const permalink = `${server.url}${ORD}/v/2#par-${ids.rewordedParagraphId}`;
    await page.goto(permalink);
    const target = page.locator(`#par-${ids.rewordedParagraphId}`);
    await expect(target.textContent()).resolves.toContain("ordenar y regular");
    await page.locator(`#par-${ids.rewordedParagraphId} .pl`).click();
    expect(await page.evaluate(() => location.hash)).toBe(`#par-${ids.rewordedParagraphId}`);
    await page.screenshot({ path: `screenshots/reading-permalink-${name}.png` });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reads the budget with tables, totals and chart", async () => {
    const { context, errors } = await newContext(browser, options);
    const page = await context.newPage();
    await page.goto(`${server.url}/processes/${BUDGET.slug}`);
    await expect(page.locator(".budget__table").count()).resolves.toBeGreaterThan(0);
    await expect(page.locator(".budget-chart svg").count()).resolves.toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shots(page, `reading-budget-${name}`);
    await page.locator(".budget-chart").screenshot({ path: `screenshots/reading-budget-chart-${name}.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("compares versions: redline and side by side", async () => {
    const { context, errors } = await newContext(browser, options);
    const page = await context.newPage();
    await page.goto(`${server.url}${ORD}/v/2`);
    // A client-side navigation to another version brings its text (fetched beside the data).
    await page.locator(".versions summary").click();
    await page.locator(".versions__link").filter({ hasText: "Versión 1" }).click();
    await page.waitForURL(/\/v\/1$/);
    await page.locator(`#art-${ids.removedArticleId}`).waitFor();
    await openVersions(page);
    await page.locator(".versions__link").filter({ hasText: "Versión 2" }).click();
    await page.waitForURL(/\/v\/2$/);
    await page.locator(`#par-${ids.rewordedParagraphId}`).waitFor();
    await openVersions(page);
    await page.locator("#compare-a").selectOption("1");
    await page.locator("#compare-b").selectOption("2");
    await page.locator(".versions__compare button").click();
    await page.waitForURL(/\/v\/1\/diff\/2/);
    await page.locator(".dc ins").first().waitFor();
    await expect(page.locator(".dbadge--removed").count()).resolves.toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shots(page, `diff-redline-${name}`);
    await page.getByRole("link", { name: "Lado a lado" }).click();
    await page.waitForURL(/view=side/);
    await page.locator(".dc__sides").first().waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shots(page, `diff-side-${name}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("without JavaScript", () => {
  it("the reading page and the diff work with scripts disabled", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "es-ES" });
    const page = await context.newPage();
    await page.goto(`${server.url}${ORD}`);
    await expect(page.locator(".art").count()).resolves.toBeGreaterThan(10);
    await page.goto(`${server.url}${ORD}/v/1/diff/2?view=side`);
    await expect(page.locator(".dc__sides").count()).resolves.toBeGreaterThan(0);
    await context.close();
  });
});
