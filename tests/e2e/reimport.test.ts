import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, launchBrowser, loginInBrowser, newContext } from "../support/browser";
import { replaceRunTexts } from "../support/docx-edit";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Issue 10, first "Done when": the editor downloads v1 of the demo ordinance as DOCX from the
 * reading page, four articles are edited in the Word file, the re-import preview shows exactly
 * 4 modified and nothing new or removed, v2 is published, the public comparison shows those 4
 * and nothing else, and every v1 clause page still opens.
 */

const SLUG = "ordenanza-movilidad-sostenible";
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface ApiClause {
  id: string;
  kind: string;
  text?: string;
  children?: ApiClause[];
}

async function clauses(n: number): Promise<ApiClause[]> {
  const body = (await (await fetch(`${server.url}/api/v1/processes/${SLUG}/versions/${n}`)).json()) as { version: { clauses: ApiClause[] } };
  const out: ApiClause[] = [];
  const walk = (nodes: ApiClause[] | undefined) => nodes?.forEach((c) => (out.push(c), walk(c.children)));
  walk(body.version.clauses);
  return out;
}

describe("re-import through Word (issue 10)", () => {
  it("download DOCX → edit 4 articles → preview 4 modified → v2 → comparison shows 4 → old clause pages open", async () => {
    const { context, errors } = await newContext(browser, DESKTOP);
    const editor = await context.newPage();
    await loginInBrowser(editor, server.url, "editor@example.org", { redirectTo: `/processes/${SLUG}/v/1` });
    const [download] = await Promise.all([editor.waitForEvent("download"), editor.getByRole("link", { name: "Descargar en Word (DOCX)" }).click()]);
    const path = await download.path();
    if (!path) throw new Error("no download");
    const v1 = await clauses(1);
    const targets = v1.filter((c) => c.kind === "article").slice(-8, -4);
    const edits = targets.map((a) => {
      const p = a.children?.find((c) => c.kind === "paragraph");
      return { from: p?.text ?? "", to: `${p?.text ?? ""} Texto revisado en Word.` };
    });
    const edited = await replaceRunTexts(new Uint8Array(readFileSync(path)), edits);

    await editor.goto(`${server.url}/admin/processes/${SLUG}/import`);
    await editor.locator('input[type="file"][name="file"]').setInputFiles({
      name: "ordenanza.docx",
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      buffer: Buffer.from(edited),
    });
    await editor.getByRole("button", { name: "Ver vista previa" }).click();
    await editor.locator(".reimport").waitFor();
    const badge = async (status: string) => Number(await editor.locator(`.reimport__summary [data-status="${status}"] strong`).textContent());
    expect(await badge("modified")).toBe(4);
    expect(await badge("new")).toBe(0);
    expect(await badge("removed")).toBe(0);
    expect(await badge("moved")).toBe(0);
    await expectAccessible(editor);
    await editor.getByRole("button", { name: "Guardar como borrador" }).click();
    await editor.waitForURL((url) => url.pathname === `/admin/processes/${SLUG}/publish`);
    await editor.getByLabel("Qué cambia en esta versión").fill("Cuatro artículos revisados en Word.");
    await editor.getByRole("button", { name: "Publicar versión 2" }).click();
    await editor.waitForURL(/done=published&version=2/);

    await editor.goto(`${server.url}/processes/${SLUG}/v/1/diff/2`);
    const count = async (key: string) => Number(await editor.locator(`.diff-summary__item--${key} strong`).textContent());
    expect(await count("modified")).toBe(4);
    expect(await count("added")).toBe(0);
    expect(await count("removed")).toBe(0);

    for (const a of v1.filter((c) => c.kind === "article")) {
      const response = await fetch(`${server.url}/processes/${SLUG}/clauses/${a.id}`);
      expect(response.status).toBe(200);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
