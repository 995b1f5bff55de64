import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, launchBrowser, newContext, PHONE, screenshot, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Organization accounts in a real browser: a resident applies from their account page (a
 * javascript: web address is refused in the form before anything is sent), the admin verifies
 * the application in the staff queue, and the organization's profile is then public. Every page
 * passes axe at desktop and phone widths, and the phone layout never scrolls sideways.
 */

let server: TestServer;
let browser: Browser;

const NAME = "Asociación Amigos del Parque Fluvial";
const SLUG = "asociacion-amigos-del-parque-fluvial";

beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, page.url()).toBeLessThanOrEqual(PHONE.viewport?.width ?? 390);
}

describe("organization accounts", () => {
  it("a resident applies, the admin verifies it, and its profile is public", async () => {
    // The resident applies from their account page.
    const resident = await signedInContext(browser, server, "resident@example.org", DESKTOP);
    const page = await resident.context.newPage();
    await page.goto(`${server.url}/account`);
    await page.getByRole("link", { name: "Solicitar una cuenta de organización" }).click();
    await page.waitForURL(/\/account\/organizations\/new$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Solicitar una cuenta de organización");
    await expectAccessible(page);

    await page.getByLabel("Denominación legal").fill(NAME);
    await page.getByLabel("Número de registro").fill("AND41-2015-00777");
    await page.getByLabel("Tipo").selectOption("association");
    await page.getByLabel("Dirección", { exact: true }).fill("Paseo del Río 1, 41000 Villanueva del Río");
    await page.getByLabel("Web (opcional)").fill("javascript:alert(1)");
    await page.getByLabel("Correo de contacto").fill("info@parque-fluvial.example.org");
    await page.getByLabel("A qué se dedica la organización (opcional)").fill("Cuidamos las riberas del río.");
    await page.getByRole("button", { name: "Enviar la solicitud" }).click();
    const webError = page.locator("#organization-application-website-error");
    await expect.poll(() => webError.textContent()).toBe("Escribe una dirección web que empiece por https:// o http://.");
    expect(await page.getByLabel("Web (opcional)").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);
    await screenshot(page, "organization-apply-error-desktop");

    await page.getByLabel("Web (opcional)").fill("https://parque-fluvial.example.org");
    await page.getByRole("button", { name: "Enviar la solicitud" }).click();
    await page.waitForURL(/\/account\?organization=applied$/);
    await expect.poll(() => page.locator(".notice").textContent()).toContain("Tu solicitud se ha enviado");
    const mine = page.locator(".account-org", { hasText: NAME });
    await expect.poll(() => mine.locator(".badge").textContent()).toBe("Pendiente de verificación");
    await expectAccessible(page);
    await screenshot(page, "organization-account-pending-desktop");
    expect(resident.errors).toEqual([]);

    // Nobody sees a profile yet.
    const visitor = await newContext(browser, DESKTOP);
    const anon = await visitor.context.newPage();
    // (Asked without rendering, so the page's expected 404 is not a console error of the visit below.)
    expect((await visitor.context.request.get(`${server.url}/organizations/${SLUG}`)).status()).toBe(404);

    // The admin verifies it from the queue, where it comes first.
    const admin = await signedInContext(browser, server, "admin@example.org", DESKTOP);
    const staff = await admin.context.newPage();
    await staff.goto(`${server.url}/admin/organizations`);
    const card = staff.locator(".org", { has: staff.getByRole("heading", { name: NAME }) });
    await expect.poll(() => card.locator(".badge").textContent()).toBe("Pendiente de verificación");
    await expect.poll(() => card.textContent()).toContain("AND41201500777");
    await expectAccessible(staff);
    await screenshot(staff, "organization-queue-desktop");
    await staff.getByRole("button", { name: `Verificar organización — ${NAME}` }).click();
    await expect.poll(() => staff.locator(".notice").textContent()).toBe("Organización verificada.");
    await expect.poll(() => card.locator(".badge").textContent()).toBe("Verificada");
    expect(admin.errors).toEqual([]);

    // Now the profile is public.
    const after = await anon.goto(`${server.url}/organizations/${SLUG}`);
    expect(after?.status()).toBe(200);
    await expect.poll(() => anon.locator("h1").textContent()).toBe(NAME);
    await expect.poll(() => anon.getByRole("link", { name: "https://parque-fluvial.example.org" }).getAttribute("href")).toBe("https://parque-fluvial.example.org");
    await expect.poll(() => anon.locator("#org-section-amendments").textContent()).toBe("Enmiendas en su nombre");
    await expectAccessible(anon);
    await screenshot(anon, "organization-profile-desktop");
    expect(visitor.errors).toEqual([]);

    // And the resident's account links to it.
    await page.reload();
    await expect.poll(() => mine.getByRole("link", { name: NAME }).getAttribute("href")).toBe(`/organizations/${SLUG}`);
  });

  it.each([
    ["the application form", "/account/organizations/new", "resident@example.org"],
    ["the account page", "/account", "ngo@example.org"],
    ["a profile with amendments", "/organizations/bici-villanueva", null],
    ["the staff queue", "/admin/organizations", "admin@example.org"],
  ])("%s passes axe on a phone and does not scroll sideways", async (_label, path, email) => {
    const { context, errors } = email ? await signedInContext(browser, server, email, PHONE) : await newContext(browser, PHONE);
    const page = await context.newPage();
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status()).toBe(200);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, `organization-${path.split("/").filter(Boolean).join("-")}-phone`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
