import { eq } from "drizzle-orm";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isClauseId } from "../../collab/schema";
import { documentDrafts, processes } from "../../db/schema";
import { buildDirectory } from "../../server/build-directory";
import { DESKTOP, launchBrowser, newContext, PHONE, seriousAxeViolations, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The browser draft editor in Chromium: an editor types into an article, splits a paragraph,
 * adds an article from the toolbar, saves, reloads and finds the text persisted with fresh
 * clause ids. Also: derived numbering, keyboard toolbar, budget line side form, the page
 * without JavaScript, axe, screenshots, and that readers' pages never load the editor chunk.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const BUDGET_SLUG = "presupuestos-participativos-2027";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A browser context signed in as the demo editor (the login form has its own tests). */
function editorContext(options = DESKTOP): Promise<{ context: BrowserContext; errors: string[] }> {
  return signedInContext(browser, server, "editor@example.org", options);
}

type NodeJson = { type: string; attrs?: Record<string, unknown>; content?: NodeJson[]; text?: string };

function storedDraft(slug: string): NodeJson {
  const row = server.inspect.db
    .select({ content: documentDrafts.content })
    .from(documentDrafts)
    .innerJoin(processes, eq(processes.id, documentDrafts.processId))
    .where(eq(processes.slug, slug))
    .get();
  if (!row) throw new Error(`no draft for ${slug}`);
  return JSON.parse(row.content) as NodeJson;
}

function all(node: NodeJson, type: string, out: NodeJson[] = []): NodeJson[] {
  if (node.type === type) out.push(node);
  for (const child of node.content ?? []) all(child, type, out);
  return out;
}

const textOf = (node: NodeJson): string => (node.text ?? "") + (node.content ?? []).map(textOf).join("");

function clauseIds(doc: NodeJson): string[] {
  const ids: string[] = [];
  const walk = (n: NodeJson) => {
    if (typeof n.attrs?.id === "string") ids.push(n.attrs.id);
    (n.content ?? []).forEach(walk);
  };
  walk(doc);
  return ids;
}

async function openEditor(page: Page, slug: string): Promise<void> {
  await page.goto(`${server.url}/admin/processes/${slug}/draft`);
  await page.locator("#draft-editor-surface").waitFor();
}

describe("draft editor", () => {
  it("edits, adds an article from the toolbar, saves, and the text survives a reload with new ids", async () => {
    const before = storedDraft(SLUG);
    const idsBefore = new Set(clauseIds(before));
    const articlesBefore = all(before, "article").length;
    const { context, errors } = await editorContext();
    const page = await context.newPage();
    await openEditor(page, SLUG);
    expect(await seriousAxeViolations(page)).toEqual([]);

    const surface = page.locator("#draft-editor-surface");
    expect(await surface.getAttribute("role")).toBe("textbox");
    expect(await page.getByRole("textbox", { name: "Texto del borrador" }).count()).toBe(1);
    // Numbering is derived: a label on the heading, not text in the document.
    const firstHeading = surface.locator("article h2.clause-heading").first();
    expect(await firstHeading.getAttribute("data-label")).toBe("Artículo 1");
    expect(await firstHeading.textContent()).toBe("Objeto");
    const secondHeading = surface.locator("article h2.clause-heading").nth(1);
    const secondTitle = await secondHeading.textContent();
    expect(await secondHeading.getAttribute("data-label")).toBe("Artículo 2");

    // Type at the end of article 1's first paragraph, then split it with Enter.
    const firstParagraph = surface.locator("article").first().locator("p").first();
    expect(await firstParagraph.getAttribute("data-label")).toBe("1.1");
    await firstParagraph.click();
    // End only reaches the end of the visual line of a wrapped paragraph: put the caret at its end.
    await firstParagraph.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      range.collapse(false);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    });
    await page.keyboard.type(" Texto añadido en el navegador.");
    await expect.poll(() => page.locator(".draft-editor__status").getAttribute("data-dirty")).toBe("true");
    expect(await page.locator(".draft-editor__status").textContent()).toContain("Cambios sin guardar");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Párrafo nuevo tras dividir.");
    await expect.poll(() => surface.locator("article").first().locator("p").nth(1).getAttribute("data-label")).toBe("1.2");

    // Bold by shortcut: the toolbar button reports it.
    const bold = page.getByRole("button", { name: "Negrita" });
    expect(await bold.getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Control+b");
    await expect.poll(() => bold.getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.type(" Importante.");
    await page.keyboard.press("Control+b");

    // Add an article after article 1 with the toolbar; the cursor lands in its heading.
    await page.getByRole("button", { name: "Añadir artículo" }).click();
    await page.keyboard.type("Artículo añadido en el navegador");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.type("Contenido del artículo nuevo.");
    const headings = surface.locator("article h2.clause-heading");
    await expect.poll(() => headings.nth(1).textContent()).toBe("Artículo añadido en el navegador");
    expect(await headings.nth(1).getAttribute("data-label")).toBe("Artículo 2");
    // The old article 2 is renumbered, its text untouched.
    expect(await headings.nth(2).textContent()).toBe(secondTitle);
    expect(await headings.nth(2).getAttribute("data-label")).toBe("Artículo 3");
    expect(await seriousAxeViolations(page)).toEqual([]);
    // A viewport shot (the whole ordinance is 14 000 px tall), around the new article.
    await headings.nth(1).evaluate((el) => el.scrollIntoView({ block: "center" }));
    await page.screenshot({ path: "screenshots/draft-editor-desktop.png" });

    await page.getByRole("button", { name: "Guardar borrador" }).click();
    await expect.poll(() => page.locator(".draft-editor__status").textContent()).toContain("Guardado");
    expect(await page.locator(".draft-editor__status").getAttribute("data-dirty")).toBe("false");

    // Stored: the edit, the split paragraph and the new article, each new clause with a new id.
    const after = storedDraft(SLUG);
    const articles = all(after, "article");
    expect(articles).toHaveLength(articlesBefore + 1);
    const [first, added] = articles;
    if (!first || !added) throw new Error("articles missing");
    const firstParagraphs = all(first, "paragraph");
    expect(textOf(firstParagraphs[0] ?? { type: "x" })).toContain("Texto añadido en el navegador.");
    expect(firstParagraphs[0]?.attrs?.id).toBe(all(before, "article")[0]?.content?.[1]?.attrs?.id);
    expect(textOf(firstParagraphs[1] ?? { type: "x" })).toBe("Párrafo nuevo tras dividir. Importante.");
    const split = String(firstParagraphs[1]?.attrs?.id);
    expect(isClauseId(split) && !idsBefore.has(split)).toBe(true);
    expect(textOf(added)).toBe("Artículo añadido en el navegadorContenido del artículo nuevo.");
    const addedIds = [String(added.attrs?.id), ...all(added, "paragraph").map((p) => String(p.attrs?.id))];
    for (const id of addedIds) expect(isClauseId(id) && !idsBefore.has(id), id).toBe(true);
    const ids = clauseIds(after);
    expect(new Set(ids).size).toBe(ids.length);

    // Reload: the saved text is what the editor shows.
    await page.reload();
    await surface.waitFor();
    await expect.poll(() => page.locator("#draft-editor-surface article h2.clause-heading").nth(1).textContent()).toBe("Artículo añadido en el navegador");
    expect(await page.locator("#draft-editor-surface").textContent()).toContain("Texto añadido en el navegador.");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works by keyboard: one tab stop for the toolbar, arrows move, shortcuts are listed", async () => {
    const { context, errors } = await editorContext();
    const page = await context.newPage();
    await openEditor(page, SLUG);
    const toolbar = page.getByRole("toolbar", { name: "Herramientas de edición" });
    expect(await toolbar.locator('button[tabindex="0"]').count()).toBe(1);
    await toolbar.locator('button[tabindex="0"]').focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-command"))).toBe("undo");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-command"))).toBe("bold");
    await page.keyboard.press("End");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-command"))).toBe("chapter");
    expect(await toolbar.locator('button[tabindex="0"]').getAttribute("data-command")).toBe("chapter");
    const shortcuts = page.locator("#draft-shortcuts");
    expect(await shortcuts.textContent()).toContain("Alt+Shift+A");
    expect(await shortcuts.textContent()).toContain("Ctrl+S");

    // Alt+Shift+P adds a paragraph after the current one, by keyboard alone.
    const firstArticle = page.locator("#draft-editor-surface article").first();
    const count = await firstArticle.locator("p").count();
    await firstArticle.locator("p").first().click();
    await page.keyboard.press("Alt+Shift+P");
    await page.keyboard.type("Añadido con el teclado.");
    await expect.poll(() => firstArticle.locator("p").count()).toBe(count + 1);
    expect(await firstArticle.locator("p").nth(1).textContent()).toBe("Añadido con el teclado.");
    // Leaving with unsaved work asks first; declining keeps the editor and the text.
    const dialogs: string[] = [];
    page.once("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole("link", { name: "← Volver al proceso" }).click();
    await expect.poll(() => dialogs).toEqual(["Hay cambios sin guardar en el borrador. ¿Salir y perderlos?"]);
    expect(new URL(page.url()).pathname).toBe(`/admin/processes/${SLUG}/draft`);
    expect(await firstArticle.locator("p").nth(1).textContent()).toBe("Añadido con el teclado.");
    await firstArticle.locator("p").nth(1).click();
    // Undo removes it again.
    await page.keyboard.press("Control+z");
    await expect.poll(() => firstArticle.locator("p").count()).toBe(count);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("edits a budget line's amount in the side form and saves it", async () => {
    const { context, errors } = await editorContext();
    const page = await context.newPage();
    await openEditor(page, BUDGET_SLUG);
    const line = page.locator("#draft-editor-surface p.budget-line").first();
    await line.click();
    const form = page.locator(".draft-budget form");
    await form.waitFor();
    await form.getByLabel("Importe en euros").fill("-3");
    await form.getByRole("button", { name: "Aplicar a la línea" }).click();
    const amount = form.getByLabel("Importe en euros");
    expect(await amount.getAttribute("aria-invalid")).toBe("true");
    await amount.fill("12345,67");
    await form.getByLabel("Código").fill("PP-TEST");
    await form.getByRole("button", { name: "Aplicar a la línea" }).click();
    await expect.poll(() => line.getAttribute("data-label")).toBe("PP-TEST");
    expect(await line.getAttribute("data-amount")).toContain("12.345,67");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Guardar borrador" }).click();
    await expect.poll(() => page.locator(".draft-editor__status").textContent()).toContain("Guardado");
    const stored = all(storedDraft(BUDGET_SLUG), "budget_line")[0];
    expect(stored?.attrs).toMatchObject({ code: "PP-TEST", amountCents: 1234567 });
    await page.screenshot({ path: "screenshots/draft-editor-budget-desktop.png" });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fits a phone and passes axe there", async () => {
    const { context, errors } = await editorContext(PHONE);
    const page = await context.newPage();
    await openEditor(page, SLUG);
    expect(await seriousAxeViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "screenshots/draft-editor-phone.png" });
    await page.locator("#draft-editor-surface article").nth(2).evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: "screenshots/draft-editor-phone-article.png" });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("says the editor needs JavaScript when it is off", async () => {
    const { context, errors } = await editorContext({ ...DESKTOP, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/processes/${SLUG}/draft`);
    expect(await page.locator(".draft-page__nojs").textContent()).toContain("El editor del borrador necesita JavaScript");
    expect(await page.locator(".draft-page__nojs").isVisible()).toBe(true);
    expect(await page.locator("#draft-editor-surface").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("is never loaded by readers' pages", async () => {
    // The server build's asset manifest lists every chunk a route loads up front; the editor
    // chunk must only ever be a dynamic import of the draft route.
    const serverBuild = join(process.cwd(), buildDirectory, "server", "index.js");
    const build = (await import(pathToFileURL(serverBuild).href)) as { assets: { routes: Record<string, { module: string; imports?: string[] }> } };
    const clientDir = join(buildDirectory, "client");
    const editorChunks = readdirSync(join(clientDir, "assets")).filter((f) => f.startsWith("DraftEditor-"));
    expect(editorChunks).toHaveLength(1);
    const readingRoutes = Object.entries(build.assets.routes).filter(([id]) => id.startsWith("routes/processes."));
    expect(readingRoutes.length).toBeGreaterThan(0);
    for (const [id, route] of readingRoutes) {
      for (const file of [route.module, ...(route.imports ?? [])]) {
        expect(file, `${id} loads ${file}`).not.toContain("DraftEditor");
        // A class name only prosemirror-view uses.
        expect(readFileSync(join(clientDir, file), "utf8").includes("ProseMirror-hideselection"), `${id} pulls prosemirror-view via ${file}`).toBe(false);
      }
    }
    // prosemirror-view is in the build (in the editor chunk, or a chunk it shares with the
    // amendment editor), so the checks above could have found it.
    const viewChunks = readdirSync(join(clientDir, "assets")).filter((f) => f.endsWith(".js") && readFileSync(join(clientDir, "assets", f), "utf8").includes("ProseMirror-hideselection"));
    expect(viewChunks.length).toBeGreaterThan(0);

    // In the browser: a reader's page requests no editor script.
    const { context, errors } = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });
    await page.goto(`${server.url}/processes/${SLUG}`);
    await page.waitForLoadState("networkidle");
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((url) => url.includes("DraftEditor"))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
