import { mkdirSync } from "node:fs";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ordinanceDocument } from "../../db/seed/content/ordinance";
import { DESKTOP, expectAccessible, launchBrowser, PHONE, screenshot, signedInContext } from "../support/browser";
import { documentToDocx } from "../support/docx-fixture";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The editor side of documents in a real browser, at desktop and phone widths: the process
 * list and page, importing the demo ordinance from a DOCX (preview shown, then saved), an
 * import error naming the line, and the publish page. Every page passes axe, no console
 * errors, no sideways scrolling; screenshots go to screenshots/docadmin-*.png.
 */

let server: TestServer;
let browser: Browser;
let docx: Buffer;

beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  server = await startTestServer();
  browser = await launchBrowser();
  docx = await documentToDocx(ordinanceDocument());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectGoodPage(page: Page): Promise<void> {
  await expectAccessible(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, page.url()).toBeLessThanOrEqual(0);
}

function editorContext(options: BrowserContextOptions) {
  return signedInContext(browser, server, "editor@example.org", options);
}

describe.each([
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const)("process administration on %s", (width, options) => {
  it("imports the ordinance from DOCX with a preview, then publishes", async () => {
    const { context, errors } = await editorContext(options);
    const page = await context.newPage();
    const slug = "ordenanza-movilidad-sostenible";

    await page.goto(`${server.url}/admin/processes`);
    await expect(page.getByRole("heading", { level: 1, name: "Procesos" }).isVisible()).resolves.toBe(true);
    await expectGoodPage(page);

    await page.goto(`${server.url}/admin/processes/${slug}`);
    await expectGoodPage(page);
    await screenshot(page, `docadmin-process-${width}`);

    await page.goto(`${server.url}/admin/processes/${slug}/import`);
    await expectGoodPage(page);
    await page.setInputFiles("#import-file", { name: "borrador.md", mimeType: "text/markdown", buffer: Buffer.from("# Ordenanza\n\n## Capítulo I. General\n\nTexto suelto.\n") });
    await page.getByRole("button", { name: "Ver vista previa" }).click();
    await page.getByRole("alert").filter({ hasText: "Línea 5" }).waitFor();
    await expectGoodPage(page);
    await screenshot(page, `docadmin-import-error-${width}`);

    await page.setInputFiles("#import-file", { name: "ordenanza.docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", buffer: docx });
    await page.getByRole("button", { name: "Ver vista previa" }).click();
    await page.getByRole("heading", { name: "¿Guardar como borrador?" }).waitFor();
    expect(await page.locator(".doc-preview__article").count()).toBeGreaterThan(0);
    await expectGoodPage(page);
    await screenshot(page, `docadmin-import-preview-${width}`);
    await page.getByRole("heading", { name: "¿Guardar como borrador?" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `screenshots/docadmin-import-preview-${width}-viewport.png` });

    await page.getByRole("button", { name: "Guardar como borrador" }).click();
    await page.waitForURL(`**/admin/processes/${slug}/publish?done=imported`);
    await page.getByRole("heading", { name: /Publicar la versión 2/ }).waitFor();
    await expectGoodPage(page);
    await screenshot(page, `docadmin-publish-${width}`);
    await page.screenshot({ path: `screenshots/docadmin-publish-${width}-viewport.png` });

    // The deliberate import error answers 400, which Chromium logs as a failed resource load.
    expect(errors.filter((e) => !e.includes("status of 400 (Bad Request)"))).toEqual([]);
    expect(errors.length).toBeLessThanOrEqual(1);
    await context.close();
  });
});
