import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { Browser, Page } from "playwright-core";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoReportPdf } from "../../server/services/submissions/demo";
import { RECEIPT_SUBJECT_PREFIX } from "../../server/services/submissions/receipt-pdf";
import { apiSignIn } from "../support/api";
import { DESKTOP, PHONE, launchBrowser, newContext, seriousAxeViolations, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";
import { PNG_1PX } from "../support/submissions";

/*
 * Done-when of formal submissions, in Chromium: ngo@example.org files with a real PDF in Bici
 * Villanueva's name, downloads the PDF receipt, reads number and hash from it with pdf-lib and
 * verifies it on the public verification page; an anonymous visitor sees it in the register and
 * on the clause page; another person's private attachment is 403 for resident@ and 401 without a
 * session. Every page passes axe at desktop and phone widths; screenshots go to test-results/.
 */

const SLUG = "ordenanza-movilidad-sostenible";
let server: TestServer;
let browser: Browser;
let pdfPath: string;

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results", { recursive: true });
  await page.screenshot({ path: `test-results/submissions-${name}.png`, fullPage: true });
}

async function accessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page), page.url()).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  pdfPath = join(tmpdir(), `informe-${process.pid}.pdf`);
  writeFileSync(pdfPath, await demoReportPdf("Informe de aforos 2026"));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("formal submissions in Chromium", () => {
  it("an organization files with a PDF, downloads the receipt and verifies it publicly; anonymous sees it", async () => {
    const { context, errors } = await signedInContext(browser, server, "ngo@example.org", { ...DESKTOP, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/processes/${SLUG}/submissions/new`);
    await accessible(page);
    await shoot(page, "form-desktop");
    await page.getByLabel("Asociación Ciclista Bici Villanueva").check();
    await page.fill("#title", "Alegación de prueba en Chromium");
    await page.fill("#body", "Primer párrafo.\n\nSegundo párrafo.");
    const clause = page.locator('input[name="clauses"]').nth(3);
    const clauseId = await clause.getAttribute("value");
    await clause.check();
    await page.setInputFiles("#attachments", pdfPath);
    await page.getByRole("button", { name: "Registrar la alegación" }).click();
    await page.waitForURL(/\/submissions\/VRI-\d{4}-\d{6}\?filed=1$/);
    const number = (await page.getByTestId("registry-number").textContent()) ?? "";
    await accessible(page);
    await shoot(page, "receipt-desktop");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Descargar el justificante (PDF)" }).click()]);
    const receiptPath = join(tmpdir(), `receipt-${process.pid}.pdf`);
    await download.saveAs(receiptPath);
    const receipt = await PDFDocument.load(readFileSync(receiptPath));
    const signed = JSON.parse((receipt.getSubject() ?? "").slice(RECEIPT_SUBJECT_PREFIX.length)) as { number: string; hash: string };
    expect(signed.number).toBe(number);
    expect(signed.hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    // A stranger verifies it on the public page with what the PDF says.
    const anon = await newContext(browser, DESKTOP);
    const visitor = await anon.context.newPage();
    await visitor.goto(`${server.url}/submissions/verify`);
    await visitor.fill("#number", signed.number);
    await visitor.fill("#hash", signed.hash);
    await visitor.getByRole("button", { name: "Verificar" }).click();
    await expect.poll(() => visitor.getByTestId("verify-result").getAttribute("data-valid")).toBe("true");
    await accessible(visitor);
    await shoot(visitor, "verify-desktop");
    // A changed hash does not verify.
    await visitor.goto(`${server.url}/submissions/verify?number=${signed.number}&hash=sha256:${"0".repeat(64)}`);
    expect(await visitor.getByTestId("verify-result").getAttribute("data-valid")).toBe("false");

    await visitor.goto(`${server.url}/processes/${SLUG}/submissions`);
    await expect.poll(() => visitor.getByText(number).count()).toBeGreaterThan(0);
    await accessible(visitor);
    await shoot(visitor, "register-desktop");
    await visitor.goto(`${server.url}/processes/${SLUG}/clauses/${clauseId ?? ""}`);
    expect(await visitor.getByText(number).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(anon.errors).toEqual([]);
    await anon.context.close();
    await context.close();
  }, 120_000);

  it("keeps a resident's private attachment from another resident (403) and from no session (401)", async () => {
    const token = await apiSignIn(server, "verified@example.org");
    const body = new FormData();
    body.append("title", "Privada");
    body.append("body", "Texto");
    body.append("attachments", new Blob([new Uint8Array(PNG_1PX)], { type: "image/png" }), "foto.png");
    const filed = (await (await fetch(new URL(`/api/v1/processes/${SLUG}/submissions`, server.url), { method: "POST", headers: { authorization: `Bearer ${token}` }, body })).json()) as {
      attachments: Array<{ url: string }>;
    };
    const url = `${server.url}${filed.attachments[0]?.url ?? ""}`;
    const resident = await signedInContext(browser, server, "resident@example.org");
    expect((await resident.context.request.get(url)).status()).toBe(403);
    const nobody = await newContext(browser, DESKTOP);
    expect((await nobody.context.request.get(url)).status()).toBe(401);
    await resident.context.close();
    await nobody.context.close();
  });

  it("passes axe on a phone for the form, the register and the demo receipt", async () => {
    const { context, errors } = await signedInContext(browser, server, "ngo@example.org", PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/processes/${SLUG}/submissions/new`);
    await accessible(page);
    await shoot(page, "form-phone");
    await page.goto(`${server.url}/processes/${SLUG}/submissions`);
    await accessible(page);
    await shoot(page, "register-phone");
    await page.locator(".submission-list__title a").first().click();
    await page.waitForURL(/\/submissions\/VRI-/);
    await accessible(page);
    await shoot(page, "receipt-phone");
    await page.goto(`${server.url}/submissions/verify`);
    await accessible(page);
    expect(errors).toEqual([]);
    await context.close();
    const staff = await signedInContext(browser, server, "editor@example.org", PHONE);
    const staffPage = await staff.context.newPage();
    await staffPage.goto(`${server.url}/admin/processes/${SLUG}/submissions/paper`);
    await accessible(staffPage);
    await shoot(staffPage, "paper-phone");
    expect(staff.errors).toEqual([]);
    await staff.context.close();
  }, 60_000);
});
