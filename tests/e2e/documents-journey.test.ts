import { mkdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { isClauseId } from "../../collab/schema";
import { ordinanceDocument } from "../../db/seed/content/ordinance";
import { DESKTOP, expectAccessible, launchBrowser, loginInBrowser, newContext } from "../support/browser";
import { documentToDocx } from "../support/docx-fixture";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The acceptance journey of issue 3 ("Done when"), through the real pages in Chromium:
 *
 *  1. an editor logs in, creates a process, imports the demo ordinance from a DOCX file
 *     (built from the seed, so fixture and seed cannot drift), makes it public and publishes v1;
 *  2. in the browser editor, edits three articles and adds one, saves, publishes v2;
 *  3. a resident opens the v1→v2 diff and sees exactly those changes, with the counts;
 *  4. the Akoma Ntoso of both versions validates against the OASIS schema;
 *  5. every clause permalink of v1 lands on the same clause in v2.
 *
 * Every page visited passes axe and logs no console error.
 */

const SLUG = "ordenanza-movilidad-recorrido";
const TITLE = "Ordenanza de Movilidad Sostenible (recorrido)";
const EDIT_MARK = " Redacción revisada tras la consulta.";
const NEW_HEADING = "Evaluación anual de la ordenanza";
const NEW_TEXT = "El Ayuntamiento publicará cada año un informe de evaluación de los efectos de esta ordenanza.";

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

/** A clause of the versions API (`GET /api/v1/processes/{slug}/versions/{n}`). */
interface ApiClause {
  id: string;
  kind: string;
  number?: string;
  heading?: string;
  text?: string;
  /** The permalink fragment, derived from the stable id. */
  anchor: string;
  children?: ApiClause[];
}

/** Every clause of a published version, in document order, through the public API. */
async function versionClauses(n: number): Promise<ApiClause[]> {
  const response = await fetch(`${server.url}/api/v1/processes/${SLUG}/versions/${n}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { version: { clauses: ApiClause[] } };
  const out: ApiClause[] = [];
  const walk = (nodes: ApiClause[] | undefined) => {
    for (const node of nodes ?? []) {
      out.push(node);
      walk(node.children);
    }
  };
  walk(body.version.clauses);
  return out;
}

const AKN_DIR = "/work/shared/schemas/akn/";
const aknSchema = { fileName: "akomantoso30.xsd", contents: readFileSync(`${AKN_DIR}akomantoso30.xsd`, "utf8") };
const xmlXsd = { fileName: "xml.xsd", contents: readFileSync(`${AKN_DIR}xml.xsd`, "utf8") };

describe("documents journey (issue 3)", () => {
  it("import DOCX → v1 → edit 3 articles and add 1 in the browser → v2 → diff, AKN and permalinks", async () => {
    // 1. The editor creates the process and imports the ordinance from Word.
    const { context: editorContext, errors: editorErrors } = await newContext(browser, DESKTOP);
    const editor = await editorContext.newPage();
    await loginInBrowser(editor, server.url, "editor@example.org", { redirectTo: "/admin/processes/new" });
    await expectAccessible(editor);
    await editor.getByLabel("Tipo de proceso").selectOption("regulation");
    await editor.getByLabel("Título").fill(TITLE);
    await editor.getByLabel("Dirección web").fill(SLUG);
    await editor.getByRole("button", { name: "Crear proceso" }).click();
    await editor.waitForURL((url) => url.pathname === `/admin/processes/${SLUG}`);
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "Hacer público el proceso" }).click();
    await editor.waitForURL(/done=publish/);

    await editor.goto(`${server.url}/admin/processes/${SLUG}/import`);
    await expectAccessible(editor);
    const docx = await documentToDocx(ordinanceDocument());
    await editor.locator('input[type="file"][name="file"]').setInputFiles({
      name: "ordenanza-movilidad.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: docx,
    });
    await editor.getByRole("button", { name: "Ver vista previa" }).click();
    await editor.getByRole("button", { name: "Guardar como borrador" }).waitFor();
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "Guardar como borrador" }).click();
    await editor.waitForURL((url) => url.pathname === `/admin/processes/${SLUG}/publish`);

    // Publish v1.
    await editor.getByLabel("Qué cambia en esta versión").fill("Borrador inicial importado de Word.");
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "Publicar versión 1" }).click();
    await editor.waitForURL(/done=published&version=1/);
    const v1 = await versionClauses(1);
    const v1ArticleList = v1.filter((c) => c.kind === "article");
    expect(v1ArticleList.length).toBeGreaterThanOrEqual(10);
    // The import kept the seed's text: the first article is the seed's first article.
    expect(v1ArticleList[0]?.heading).toBe("Objeto");

    // 2. In the browser editor: append a sentence to the first paragraph of articles 2, 5 and 8.
    await editor.goto(`${server.url}/admin/processes/${SLUG}/draft`);
    const surface = editor.locator("#draft-editor-surface");
    await surface.waitFor();
    await expectAccessible(editor);
    const articles = surface.locator("article");
    const editedIndexes = [1, 4, 7];
    for (const index of editedIndexes) {
      const paragraph = articles.nth(index).locator("p.clause-paragraph").first();
      await paragraph.click();
      await caretToEnd(paragraph);
      await editor.keyboard.type(EDIT_MARK);
    }
    // Add one article after the last article of the last chapter (provisions keep their own numbering).
    const lastChapterArticle = surface.locator("section.chapter").last().locator("article").last();
    const lastParagraph = lastChapterArticle.locator("p.clause-paragraph").last();
    await lastParagraph.click();
    await caretToEnd(lastParagraph);
    await editor.getByRole("button", { name: "Añadir artículo" }).click();
    await editor.keyboard.type(NEW_HEADING);
    await editor.keyboard.press("ArrowDown");
    await editor.keyboard.type(NEW_TEXT);
    await expect.poll(() => editor.locator(".draft-editor__status").getAttribute("data-dirty")).toBe("true");
    await editor.getByRole("button", { name: "Guardar borrador" }).click();
    await expect.poll(() => editor.locator(".draft-editor__status").textContent()).toContain("Guardado");
    await expectAccessible(editor);

    // Publish v2.
    await editor.goto(`${server.url}/admin/processes/${SLUG}/publish`);
    await editor.getByLabel("Qué cambia en esta versión").fill("Revisa los artículos 2, 5 y 8 y añade la evaluación anual.");
    await editor.getByRole("button", { name: "Publicar versión 2" }).click();
    await editor.waitForURL(/done=published&version=2/);
    expect(editorErrors).toEqual([]);
    await editorContext.close();

    const v2 = await versionClauses(2);
    const v1Ids = new Set(v1.map((c) => c.id));
    const v2ById = new Map(v2.map((c) => [c.id, c]));
    const editedParagraphs = editedIndexes.map((i) => v1ArticleList[i]?.children?.find((c) => c.kind === "paragraph"));
    for (const p of editedParagraphs) {
      expect(p).toBeDefined();
      expect(v2ById.get(p?.id ?? "")?.text).toBe(`${p?.text ?? ""}${EDIT_MARK}`);
    }
    const added = v2.filter((c) => !v1Ids.has(c.id));
    expect(added.map((c) => c.kind).sort()).toEqual(["article", "paragraph"]);
    const newArticle = added.find((c) => c.kind === "article");
    expect(newArticle?.heading).toBe(NEW_HEADING);
    expect(isClauseId(newArticle?.id)).toBe(true);

    // 3. A resident opens the v1→v2 diff and sees exactly those changes.
    const { context: residentContext, errors: residentErrors } = await newContext(browser, DESKTOP);
    const resident = await residentContext.newPage();
    await loginInBrowser(resident, server.url, "resident@example.org", { redirectTo: "/processes" });
    await resident.goto(`${server.url}/processes/${SLUG}/v/1/diff/2`);
    await expectAccessible(resident);
    await resident.screenshot({ path: "screenshots/journey-diff-desktop.png" });
    const count = async (key: string) => Number(await resident.locator(`.diff-summary__item--${key} strong`).textContent());
    // Counts are per clause: three modified paragraphs; the new article and its one paragraph.
    expect(await count("modified")).toBe(3);
    expect(await count("added")).toBe(2);
    expect(await count("removed")).toBe(0);
    expect(await count("moved")).toBe(0);
    expect(await count("renumbered")).toBe(0);
    // Only insertions in the changed clauses (the legend above them shows a sample of each).
    const inserted = await resident.locator(".dc ins").allTextContents();
    expect(inserted.filter((text) => text.includes("Redacción revisada tras la consulta."))).toHaveLength(3);
    expect(await resident.locator(".dc del").count()).toBe(0);
    expect(await resident.locator(".dc").filter({ hasText: NEW_HEADING }).count()).toBeGreaterThan(0);
    // The JSON diff says the same, clause by clause.
    const { diff: apiDiff } = (await (await fetch(`${server.url}/api/v1/processes/${SLUG}/versions/1/diff/2`)).json()) as {
      diff: { summary: Record<string, number>; clauses: Array<{ id: string; status: string }> };
    };
    expect(apiDiff.summary).toMatchObject({ modified: 3, added: 2, removed: 0, moved: 0, renumbered: 0 });
    const changed = apiDiff.clauses.filter((c) => c.status !== "unchanged");
    expect(changed.filter((c) => c.status === "modified").map((c) => c.id).sort()).toEqual(editedParagraphs.map((p) => p?.id ?? "").sort());
    expect(changed.filter((c) => c.status === "added").map((c) => c.id).sort()).toEqual(added.map((c) => c.id).sort());

    // 5. Every clause permalink of v1 lands on the same clause in v2.
    await resident.goto(`${server.url}/processes/${SLUG}/v/1`);
    await expectAccessible(resident);
    const anchors = await resident.locator('[id^="art-"], [id^="par-"], [id^="cap-"], [id^="item-"], [id^="list-"]').evaluateAll((els) => els.map((el) => el.id));
    expect(anchors.length).toBeGreaterThan(v1ArticleList.length);
    const v2Html = await (await fetch(`${server.url}/processes/${SLUG}/v/2`)).text();
    const missing = anchors.filter((anchor) => !v2Html.includes(`id="${anchor}"`));
    expect(missing).toEqual([]);
    // The API's anchors of every v1 clause (preamble paragraphs included) are the page's ids in v2.
    expect(v1.map((c) => c.anchor).filter((anchor) => !v2Html.includes(`id="${anchor}"`))).toEqual([]);
    // In the browser: an edited paragraph's and an article's v1 permalinks open the same clause in v2.
    const editedAnchor = `par-${editedParagraphs[1]?.id ?? ""}`;
    await resident.goto(`${server.url}/processes/${SLUG}/v/2#${editedAnchor}`);
    const target = resident.locator(`#${editedAnchor}`);
    await expect.poll(() => target.isVisible()).toBe(true);
    expect(await target.textContent()).toContain("Redacción revisada tras la consulta.");
    const articleAnchor = `art-${v1ArticleList[4]?.id ?? ""}`;
    await resident.goto(`${server.url}/processes/${SLUG}/v/2#${articleAnchor}`);
    expect(await resident.locator(`#${articleAnchor}`).textContent()).toContain(v1ArticleList[4]?.heading ?? "∅");
    await expectAccessible(resident);
    expect(residentErrors).toEqual([]);
    await residentContext.close();

    // 4. The Akoma Ntoso of both versions validates against the OASIS schema.
    for (const n of [1, 2]) {
      const response = await fetch(`${server.url}/api/v1/processes/${SLUG}/versions/${n}/akn`);
      expect(response.status).toBe(200);
      const xml = await response.text();
      expect(xml).toContain("<act");
      const result = await validateXML({ xml: [{ fileName: `v${n}.xml`, contents: xml }], schema: [aknSchema], preload: [xmlXsd] });
      expect(result.errors.map((e) => e.rawMessage), `AKN v${n}`).toEqual([]);
      if (n === 2) expect(xml).toContain(NEW_HEADING);
    }
  });
});

/** Puts the caret at the end of a (possibly wrapped) paragraph; End only reaches the end of a visual line. */
async function caretToEnd(paragraph: ReturnType<Page["locator"]>): Promise<void> {
  await paragraph.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    range.collapse(false);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  });
}
