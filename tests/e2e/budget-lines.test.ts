import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { amendmentAuthors, amendments, comments, documentVersions, phases, processes, users } from "../../db/schema";
import { BUDGET } from "../../db/seed/content/budget";
import { DESKTOP, expectAccessible, launchBrowser, screenshot, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/**
 * A budget line on the phone and on the desktop: its debate and amendments links (with counts)
 * and "propose a change" followed by keyboard from the line itself, axe on every page reached.
 */

const SLUG = BUDGET.slug;
const DAY = 86_400_000;
const PHONE_375: BrowserContextOptions = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
let server: TestServer;
let browser: Browser;
let line: Clause;
let amendmentId: number;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const version = db.select({ id: documentVersions.id, content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).get();
  const tree = clauseTree(documentSchema.nodeFromJSON(JSON.parse(version?.content ?? "{}")));
  const flat = flattenClauses(tree).map((f) => f.clause);
  const lines = flat.filter((c) => c.kind === "budget_line");
  line = lines[2] as Clause;
  const donor = lines[3] as Clause;
  const author = db.select({ id: users.id }).from(users).where(eq(users.email, "verified@example.org")).get()?.id ?? 0;
  db.insert(comments).values({ processId, clauseId: line.id, versionId: version?.id ?? 0, depth: 0, authorId: author, body: "¿Cuántos árboles de sombra son?", createdAt: new Date() }).run();
  const amounts = Object.fromEntries(lines.map((l) => [l.id, l.amountCents ?? 0]));
  amounts[line.id] = (line.amountCents ?? 0) + 200_000;
  amounts[donor.id] = (donor.amountCents ?? 0) - 200_000;
  const budgetId = flat.find((c) => c.kind === "budget")?.id ?? "";
  amendmentId = db
    .insert(amendments)
    .values({ processId, versionId: version?.id ?? 0, clauseId: budgetId, kind: "budget", status: "submitted", justification: "Más sombra en la plaza.", createdBy: author, createdAt: new Date(), content: JSON.stringify({ amounts }), contentHash: "e2e", submittedAt: new Date() })
    .returning({ id: amendments.id })
    .get().id;
  db.insert(amendmentAuthors).values({ amendmentId, userId: author, role: "author", joinedAt: new Date() }).run();
  // The amendments phase open now, so the lines offer "propose a change".
  db.delete(phases).where(and(eq(phases.processId, processId), eq(phases.kind, "amendments"))).run();
  db.insert(phases).values({ processId, kind: "amendments", startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() + 10 * DAY) }).run();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.each([
  ["desktop", DESKTOP],
  ["phone", PHONE_375],
])("budget line links (%s)", (name, viewport) => {
  it("follows the line's debate, amendments and propose links by keyboard; axe finds nothing serious", async () => {
    const { context, errors } = await signedInContext(browser, server, "resident@example.org", viewport);
    const page = await context.newPage();
    await page.goto(`${server.url}/processes/${SLUG}`);
    const row = page.locator(`tr#${line.anchor}`);
    const debate = row.locator("a.budget__link--debate");
    const amendmentsLink = row.locator("a.budget__link--amendments");
    const propose = row.locator("a.budget__link--propose");
    expect(await debate.innerText()).toMatch(/^Debate \(1 comentario\)/);
    expect(await amendmentsLink.innerText()).toMatch(/^Enmiendas \(1\)/);
    expect(await propose.innerText()).toMatch(/^Proponer un cambio/);
    // The accessible name says which line, as a links list read out of the table must.
    expect(await debate.textContent()).toContain(line.code ?? "");
    await expectAccessible(page);
    // On a phone the page itself never scrolls sideways (a wide table scrolls in its own box).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual((viewport.viewport?.width ?? 0) + 1);
    await screenshot(page, `budget-lines-${name}`);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/budget-lines-${name}-row.png` });

    await debate.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/processes/${SLUG}/clauses/${line.id}`);
    await page.locator(".comment-list").getByText("¿Cuántos árboles de sombra son?").waitFor();
    await expectAccessible(page);

    await page.goBack();
    await amendmentsLink.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/processes/${SLUG}/clauses/${line.id}#amendments-heading`);
    await page.locator(`.amendments-section a[href="/processes/${SLUG}/amendments/${amendmentId}"]`).first().waitFor();
    await expectAccessible(page);
    // The amendment's table of moved amounts scrolls in its own box on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual((viewport.viewport?.width ?? 0) + 1);
    await screenshot(page, `budget-line-page-${name}`);

    await page.goBack();
    await propose.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/processes/${SLUG}/clauses/${line.id}#propose-amendment-card`);
    const form = page.locator("#propose-amendment-card form");
    await form.waitFor();
    await form.locator("textarea").fill("Pasar dinero de la biblioteca a la sombra de la plaza.");
    await form.locator('button[type="submit"]').focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/amendments\/\d+\?done=started$/);
    await expectAccessible(page);

    expect(errors).toEqual([]);
    await context.close();
  });
});
