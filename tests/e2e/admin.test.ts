import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COOKIE } from "../../server/http/cookies";
import { createSession } from "../../server/services/sessions";
import { users } from "../../db/schema";
import { eq } from "drizzle-orm";
import { DESKTOP, expectAccessible, launchBrowser, newContext, PHONE, screenshot, submitLoginForm } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The staff area in a real browser: an admin logs in through the login form, verifies an
 * organization, grants a role by keyboard, and finds both actions in the audit log. Every page
 * passes axe, and the phone layout never scrolls sideways (wide tables scroll inside .table-wrap).
 */

let server: TestServer;
let browser: Browser;

const PAGES = ["/admin", "/admin/users", "/admin/organizations", "/admin/audit", "/admin/outbox"] as const;

beforeAll(async () => {
  mkdirSync("screenshots", { recursive: true });
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The page is no wider than the screen (a wide table must scroll inside its own box). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  // Compared with the phone's width, not window.innerWidth: a mobile browser widens its layout
  // viewport to fit overflowing content, which would hide the very problem.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, page.url()).toBeLessThanOrEqual(PHONE.viewport?.width ?? 390);
}

function shotName(path: string): string {
  return path === "/admin" ? "admin-dashboard" : `admin-${path.slice("/admin/".length)}`;
}

describe("staff area", () => {
  it("an admin verifies an organization, grants a role and sees both in the audit log", async () => {
    const { context, errors } = await newContext(browser, DESKTOP);
    const page = await context.newPage();

    await page.goto(`${server.url}/admin`);
    await page.waitForURL(/\/login\?redirectTo=%2Fadmin/);
    await submitLoginForm(page, "admin@example.org");
    await page.waitForURL(/\/admin$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Gestión de la plataforma");
    await expectAccessible(page);
    await screenshot(page, "admin-dashboard-desktop");

    // Verify the organization that is waiting for it.
    await page.getByRole("link", { name: "Organizaciones", exact: true }).first().click();
    await page.waitForURL(/\/admin\/organizations$/);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Verificar organización — Asociación de Comerciantes del Centro" }).click();
    await expect.poll(() => page.locator(".notice").textContent()).toBe("Organización verificada.");
    const card = page.locator(".org", { has: page.getByRole("heading", { name: "Asociación de Comerciantes del Centro" }) });
    await expect.poll(() => card.locator(".badge").textContent()).toBe("Verificada");
    await expectAccessible(page);
    await screenshot(page, "admin-organizations-desktop");

    // Find the resident by keyboard and make them an editor without the mouse.
    await page.goto(`${server.url}/admin/users`);
    await page.getByLabel("Buscar por nombre o e-mail").focus();
    await page.keyboard.type("resident@");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=resident%40/);
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    const grant = page.getByRole("button", { name: "Dar rol Editor/a — Carmen Ortega" });
    await grant.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator(".notice").textContent()).toBe("Rol concedido.");
    await expect.poll(() => page.locator("tbody tr").first().locator(".badge--phase").textContent()).toBe("Editor/a");
    await expectAccessible(page);
    await screenshot(page, "admin-users-desktop");

    // Both actions are in the audit log, newest first.
    await page.getByRole("link", { name: "Registro de auditoría", exact: true }).first().click();
    await page.waitForURL(/\/admin\/audit$/);
    // The URL changes before the client-side navigation renders the new list: wait for it.
    const sentences = () => page.locator(".audit-entry__sentence").allTextContents();
    await expect
      .poll(async () => (await sentences()).slice(0, 2))
      .toEqual(["Marta Gil (Administración) dio a Carmen Ortega el rol Editor/a", "Marta Gil (Administración) verificó la organización Asociación de Comerciantes del Centro"]);
    // The person and the organization are links; the raw code only shows once the detail is opened.
    const first = page.locator(".audit-entry").first();
    await expect.poll(() => first.getByRole("link", { name: "Carmen Ortega" }).getAttribute("href")).toBe("/admin/users?q=resident%40example.org");
    expect(await first.locator("code", { hasText: "user.role.grant" }).isVisible()).toBe(false);
    await first.locator("summary").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => first.locator("code", { hasText: "user.role.grant" }).isVisible()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, "admin-audit-desktop");

    // The filter, by keyboard, keeps only one kind of action, chosen by its name in words.
    await page.getByLabel("Acción", { exact: true }).selectOption({ label: "Organización verificada" });
    await page.getByLabel("Quién (nombre o e-mail)").focus();
    await page.keyboard.type("admin@");
    await page.keyboard.press("Enter");
    await page.waitForURL(/action=organization.verify/);
    await expect.poll(sentences).toEqual(["Marta Gil (Administración) verificó la organización Asociación de Comerciantes del Centro"]);

    await page.goto(`${server.url}/admin/outbox`);
    await expectAccessible(page);
    await screenshot(page, "admin-outbox-desktop");

    expect(errors).toEqual([]);
    await context.close();
  });

  it("works on a phone: every page passes axe and nothing scrolls sideways", async () => {
    const admin = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, "admin@example.org")).get();
    if (!admin) throw new Error("no admin");
    const { token } = createSession(server.inspect.db, admin.id);
    const { context, errors } = await newContext(browser, PHONE);
    await context.addCookies([{ name: COOKIE.session, value: token, url: server.url }]);
    const page = await context.newPage();
    for (const path of PAGES) {
      await page.goto(`${server.url}${path}`);
      await expect.poll(() => page.locator("h1").count()).toBe(1);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await screenshot(page, `${shotName(path)}-phone`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a moderator sees the staff area without the admin-only sections", async () => {
    const moderator = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, "moderator@example.org")).get();
    if (!moderator) throw new Error("no moderator");
    const { token } = createSession(server.inspect.db, moderator.id);
    const { context, errors } = await newContext(browser, DESKTOP);
    await context.addCookies([{ name: COOKIE.session, value: token, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/users`);
    // Moderators get the sections of their work and none of the admin-only or editing ones.
    await expect.poll(() => page.locator(".staff-nav a").allTextContents()).toEqual(expect.arrayContaining(["Resumen", "Personas", "Organizaciones", "Moderación"]));
    const sections = await page.locator(".staff-nav a").allTextContents();
    for (const adminOnly of ["Registro de auditoría", "Correo saliente", "Procesos"]) expect(sections).not.toContain(adminOnly);
    // Moderators block; they neither verify nor assign roles, and cannot block an admin.
    expect(await page.getByRole("button", { name: /^Verificar/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Dar rol/ }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Bloquear — Marta Gil (Administración)" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Bloquear — Antonio Ruiz" }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, "admin-users-moderator-desktop");
    expect(errors).toEqual([]);
    await context.close();
  });
});
