import { mkdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { documentVersions, processes } from "../../db/schema";
import { DESKTOP, PHONE, expectAccessible, launchBrowser, screenshot, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/*
 * The co-author path in Chromium: a resident reads an article's text on its debate page, starts
 * a draft amendment there and makes an invitation link; another resident joins, and later — with
 * no URL at hand — finds the draft from "Mi participación" in the header and opens it. The
 * clause page, its history, a budget line's page and the participation page pass axe at desktop
 * and phone widths without sideways scrolling; screenshots go to screenshots/.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const BUDGET = "presupuestos-participativos-2027";

let server: TestServer;
let browser: Browser;
let article: Clause;
let budgetLine: Clause;

function latestTree(slug: string): Clause[] {
  const db = server.inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).orderBy(documentVersions.number).all().at(-1)?.content ?? "";
  return clauseTree(documentSchema.nodeFromJSON(JSON.parse(content)));
}

async function fitsThePhone(page: Page): Promise<void> {
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
}

beforeAll(async () => {
  server = await startTestServer();
  mkdirSync("screenshots", { recursive: true });
  const articles = flattenClauses(latestTree(SLUG)).map((f) => f.clause).filter((c) => c.kind === "article" && c.children.length > 1);
  const lines = flattenClauses(latestTree(BUDGET)).map((f) => f.clause).filter((c) => c.kind === "budget_line");
  if (!articles[0] || !lines[0]) throw new Error("unexpected demo content");
  article = articles[0];
  budgetLine = lines[0];
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("my participation", () => {
  it("a co-author finds the draft they joined from 'Mi participación' and opens it", async () => {
    const starter = await signedInContext(browser, server, "verified@example.org", DESKTOP);
    const page = await starter.context.newPage();
    await page.goto(`${server.url}/processes/${SLUG}/clauses/${article.id}`);
    // The debate shows what it debates: the article's paragraphs, not just its title.
    const firstParagraph = article.children.find((c) => c.kind === "paragraph");
    await page.locator(".debate__clause", { hasText: firstParagraph?.text.slice(0, 40) ?? "" }).waitFor();
    await expectAccessible(page);
    await screenshot(page, "clause-article-desktop");
    await page.getByLabel("Cambiar la redacción").check();
    await page.getByLabel("Justificación").fill("Redactémosla entre dos.");
    await page.getByRole("button", { name: "Empezar la enmienda" }).click();
    await page.waitForURL((url) => /\/amendments\/\d+$/.test(url.pathname));
    const draftPath = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "Crear un enlace de invitación" }).click();
    const inviteUrl = await page.locator("#invite-url").inputValue();
    expect(starter.errors).toEqual([]);
    await starter.context.close();

    const joiner = await signedInContext(browser, server, "resident@example.org", DESKTOP);
    const tab = await joiner.context.newPage();
    await tab.goto(inviteUrl);
    await tab.getByRole("button", { name: /^Unirme a la enmienda \d+$/ }).click();
    await tab.waitForURL((url) => url.pathname === draftPath);

    // Later, without the URL: from the home page, through the header link.
    await tab.goto(server.url);
    await tab.getByRole("link", { name: "Mi participación" }).click();
    await tab.waitForURL((url) => url.pathname === "/me/participation");
    const draftLink = tab.locator("#amendments-heading + ul li", { hasText: "Borrador" }).locator(`a[href="${draftPath}"]`);
    await draftLink.waitFor();
    await expectAccessible(tab);
    await screenshot(tab, "participation-desktop");
    await draftLink.click();
    await tab.waitForURL((url) => url.pathname === draftPath);
    await tab.locator("h1", { hasText: /^Enmienda \d+/ }).waitFor();
    await tab.getByText("Borrador", { exact: true }).first().waitFor();
    expect(joiner.errors).toEqual([]);
    await joiner.context.close();
  });

  it("on a phone and at desktop width: participation, clause, history and budget line pages pass axe and fit", async () => {
    for (const [viewport, suffix] of [
      [PHONE, "phone"],
      [DESKTOP, "desktop"],
    ] as const) {
      const { context, errors } = await signedInContext(browser, server, "resident@example.org", viewport);
      const page = await context.newPage();
      const visits: Array<[string, string]> = [
        ["/me/participation", "participation"],
        [`/processes/${SLUG}/clauses/${article.id}`, "clause-article"],
        [`/processes/${SLUG}/clauses/${article.id}/history`, "clause-history"],
        [`/processes/${BUDGET}/clauses/${budgetLine.id}`, "clause-budget-line"],
      ];
      for (const [path, name] of visits) {
        await page.goto(`${server.url}${path}`);
        await page.locator("h1").first().waitFor();
        await expectAccessible(page);
        if (suffix === "phone") await fitsThePhone(page);
        await screenshot(page, `${name}-${suffix}`);
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
