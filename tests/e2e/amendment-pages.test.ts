import { mkdirSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses } from "../../collab/schema/clauses";
import { amendments, amendmentSupports, documentVersions, processes, users } from "../../db/schema";
import { DESKTOP, PHONE, launchBrowser, seriousAxeViolations, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/*
 * The amendment pages in Chromium: a resident proposes an amendment from an article's debate
 * page and lands on its draft; the demo's submitted amendment shows on its clause page with its
 * tracked changes and supports, and a resident supports it. Every page visited passes axe at
 * desktop and phone widths with no console errors; screenshots go to test-results/.
 */

const SLUG = "ordenanza-movilidad-sostenible";

let server: TestServer;
let browser: Browser;
let demo: { id: number; clauseId: string; supportCount: number };
let lastArticle: string;
/** The invitation link the first test makes (the phone test opens it as another person). */
let inviteUrl = "";

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results", { recursive: true });
  await page.screenshot({ path: `test-results/amendment-pages-${name}.png`, fullPage: true });
}

async function accessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page), page.url()).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer();
  const db = server.inspect.db;
  const submitted = db
    .select({ id: amendments.id, clauseId: amendments.clauseId, supportCount: amendments.supportCount })
    .from(amendments)
    .where(eq(amendments.status, "submitted"))
    .get();
  if (!submitted) throw new Error("The demo seed has no submitted amendment");
  // The demo resident already supports it: take that support back so they can give it here.
  const resident = db.select({ id: users.id }).from(users).where(eq(users.email, "resident@example.org")).get()?.id ?? 0;
  const removed = db.delete(amendmentSupports).where(and(eq(amendmentSupports.amendmentId, submitted.id), eq(amendmentSupports.userId, resident))).run().changes;
  db.update(amendments).set({ supportCount: submitted.supportCount - removed }).where(eq(amendments.id, submitted.id)).run();
  demo = { ...submitted, supportCount: submitted.supportCount - removed };
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).orderBy(documentVersions.number).all().at(-1)?.content ?? "";
  const articles = flattenClauses(clauseTree(documentSchema.nodeFromJSON(JSON.parse(content)))).filter((f) => f.clause.kind === "article");
  lastArticle = articles.at(-1)?.clause.id ?? "";
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("amendment pages", () => {
  it("a resident proposes an amendment from the clause page and lands on its draft", async () => {
    const { context, errors } = await signedInContext(browser, server, "resident@example.org", DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/processes/${SLUG}/clauses/${lastArticle}`);
    await page.locator("#amendments-heading").waitFor();
    await accessible(page);
    await shoot(page, "clause-desktop");

    // Submitting without a justification keeps the person on the form with the error beside it.
    await page.getByLabel("Añadir un artículo nuevo después de este").check();
    await page.getByRole("button", { name: "Empezar la enmienda" }).click();
    await page.locator("#propose-amendment-justification-error, [id$='justification-error']").first().waitFor();
    await accessible(page);

    await page.getByLabel("Justificación").fill("Falta un artículo sobre las bicicletas de carga.");
    await page.getByRole("button", { name: "Empezar la enmienda" }).click();
    await page.waitForURL((url) => /\/amendments\/\d+$/.test(url.pathname) && url.searchParams.get("done") === "started");
    await page.locator("h1", { hasText: /^Enmienda \d+: nuevo artículo tras la Disposición/ }).waitFor();
    await page.getByText("Borrador", { exact: true }).first().waitFor();
    await page.locator(".amendment-justification__text", { hasText: "Falta un artículo sobre las bicicletas de carga." }).waitFor();
    await page.getByRole("button", { name: "Crear un enlace de invitación" }).click();
    inviteUrl = await page.locator("#invite-url").inputValue();
    expect(inviteUrl).toMatch(/\/amendments\/join\/[A-Za-z0-9_-]+$/);
    await accessible(page);
    await shoot(page, "draft-desktop");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the demo's submitted amendment shows on its clause page with its changes; a resident supports it", async () => {
    const { context, errors } = await signedInContext(browser, server, "resident@example.org", DESKTOP);
    const page = await context.newPage();
    await page.goto(`${server.url}/processes/${SLUG}/clauses/${demo.clauseId}`);
    const item = page.locator(`#amendment-${demo.id}`);
    await item.waitFor();
    await expect(item.locator("ins").count()).resolves.toBeGreaterThan(0);
    await expect(item.locator("del").count()).resolves.toBeGreaterThan(0);
    await expect(item.textContent()).resolves.toContain(`${demo.supportCount} apoyos`);
    await expect(item.textContent()).resolves.toContain("Presentada");
    await accessible(page);

    await item.getByRole("link", { name: /^Enmienda \d+/ }).click();
    await page.waitForURL((url) => url.pathname === `/processes/${SLUG}/amendments/${demo.id}`);
    await page.locator(".amendment-facts__supports", { hasText: `${demo.supportCount} apoyos` }).waitFor();
    await page.locator(".doc-hash code").waitFor();
    await accessible(page);
    await shoot(page, "submitted-desktop");
    await page.getByRole("button", { name: "Apoyar esta enmienda" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "supported");
    await page.reload();
    await page.locator(".amendment-facts__supports", { hasText: `${demo.supportCount + 1} apoyos` }).waitFor();
    await page.getByText("La apoyas").waitFor();
    await expect(page.getByRole("button", { name: "Apoyar esta enmienda" }).count()).resolves.toBe(0);
    await accessible(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("on a phone: the clause page, the amendment page, the list, the process page and the join page pass axe", async () => {
    const { context, errors } = await signedInContext(browser, server, "verified@example.org", PHONE);
    const page = await context.newPage();
    const visits: Array<[string, string]> = [
      [`/processes/${SLUG}/clauses/${demo.clauseId}`, "clause-phone"],
      [`/processes/${SLUG}/amendments/${demo.id}`, "submitted-phone"],
      [`/processes/${SLUG}/amendments`, "list-phone"],
      [`/processes/${SLUG}`, "process-phone"],
      [new URL(inviteUrl).pathname, "join-phone"],
    ];
    for (const [path, name] of visits) {
      await page.goto(`${server.url}${path}`);
      await page.locator("h1").first().waitFor();
      await accessible(page);
      // Nothing wider than the screen: the layout reflows instead of scrolling sideways.
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
      await shoot(page, name);
    }
    // The invitation: confirm, and the draft opens with its editor for the new co-author.
    await page.getByRole("button", { name: /^Unirme a la enmienda \d+$/ }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "joined");
    await page.getByText("Ya eres coautor de esta enmienda.").waitFor();
    await accessible(page);
    await shoot(page, "joined-phone");
    expect(errors).toEqual([]);
    await context.close();
  });
});
