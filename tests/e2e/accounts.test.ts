import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed/content/accounts";
import { messagesFor } from "../../server/i18n/translate";
import { DESKTOP, expectAccessible, launchBrowser, newContext, PHONE, screenshot, submitLoginForm } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Accounts in a real browser: sign up, log out, log in, switch language, open the demo
 * process; every demo account logs in and sees its name (staff also the staff-area link).
 * Every page visited passes axe, and no page logs a console error.
 */

let server: TestServer;
let browser: Browser;
const es = messagesFor("es");
const en = messagesFor("en");

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
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, page.url()).toBeLessThanOrEqual(0);
}

/** The account link in the header, which shows the signed-in person's name. */
function accountLink(page: Page) {
  return page.locator(".site-header a.account-link");
}

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await expectAccessible(page);
  await submitLoginForm(page, email, password);
}

describe("accounts in the browser", () => {
  it("a person signs up, logs in, logs out, logs in again, switches to English and opens the demo process", async () => {
    const { context, errors } = await newContext(browser, DESKTOP);
    const page = await context.newPage();

    await page.goto(`${server.url}/signup`);
    await expectAccessible(page);

    // Submitting the empty form validates in the browser and moves focus to the first error.
    await page.click('#signup button[type="submit"]');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("signup-name");
    await expect.poll(() => page.getAttribute("#signup-name", "aria-invalid")).toBe("true");
    const describedBy = (await page.getAttribute("#signup-name", "aria-describedby")) ?? "";
    expect(await page.locator(`[id="${describedBy.split(" ").find((id) => id.endsWith("-error"))}"]`).textContent()).toBe(es["auth.error.nameRequired"]);
    await expectAccessible(page);

    await page.fill("#signup-name", "Nuria Vecina");
    await page.fill("#signup-email", "nuria@example.net");
    await page.fill("#signup-password", "nuria's long passphrase");
    await page.check("#signup-acceptTerms");
    await page.click('#signup button[type="submit"]');
    // Sign-up answers the same for new and existing addresses: "check your e-mail", no session.
    await page.waitForURL(`${server.url}/signup?sent=1`);
    await expect.poll(() => page.locator("h1").textContent()).toBe(es["auth.signup.sentTitle"]);
    await expectAccessible(page);
    await page.getByRole("link", { name: es["auth.signup.sentLogin"] }).first().click();
    await page.waitForURL(`${server.url}/login`);
    await submitLoginForm(page, "nuria@example.net", "nuria's long passphrase");
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => accountLink(page).textContent()).toContain("Nuria Vecina");
    await expectAccessible(page);

    await page.click(`.site-header button:has-text("${es["common.nav.logout"]}")`);
    await expect.poll(() => page.locator(`.site-header a[href="/login"]`).count()).toBe(1);
    expect(await accountLink(page).count()).toBe(0);

    // A wrong password gets the form error, announced and without leaving the page.
    await logIn(page, "nuria@example.net", "not the passphrase");
    await expect.poll(() => page.locator('#login [role="alert"]').textContent()).toContain(es["auth.login.invalid"]);
    await expectAccessible(page);
    // Chromium logs every 4xx fetch; this one is the intended 400 of the wrong password, nothing else.
    expect(errors).toEqual(["console: Failed to load resource: the server responded with a status of 400 (Bad Request)"]);
    errors.length = 0;

    await page.fill("#login-password", "nuria's long passphrase");
    await page.click('#login button[type="submit"]');
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => accountLink(page).textContent()).toContain("Nuria Vecina");

    await page.selectOption("#language-select", "en");
    await expect.poll(() => page.getAttribute("html", "lang")).toBe("en");
    await expect.poll(() => page.locator("h1").first().textContent()).toBe(en["common.home.title"]);
    await expectAccessible(page);

    await page.getByRole("link", { name: "Ordenanza de Movilidad Sostenible" }).first().click();
    await page.waitForURL(/\/processes\/[^/]+$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Ordenanza de Movilidad Sostenible");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await expectAccessible(page);

    await page.goto(`${server.url}/account`);
    await expect.poll(() => page.locator("h1").textContent()).toBe(en["account.title"]);
    expect(await page.locator(".account-facts").textContent()).toContain("nuria@example.net");
    expect(await page.locator(".account-facts").textContent()).toContain(en["account.role.resident"]);
    await expectAccessible(page);
    await screenshot(page, "accounts-account-desktop");
    await page.fill("#profile-name", "Nuria Vecina Puig");
    await page.click('#profile button[type="submit"]');
    await expect.poll(() => page.locator('[role="status"]').textContent()).toBe(en["account.saved"]);
    await expect.poll(() => accountLink(page).textContent()).toContain("Nuria Vecina Puig");
    await expectAccessible(page);

    expect(errors).toEqual([]);
    await context.close();
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.email, a] as const))("%s logs in and the header shows their name", async (_email, account) => {
    const { context, errors } = await newContext(browser, DESKTOP);
    const page = await context.newPage();
    await logIn(page, account.email, DEMO_PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await expect.poll(() => accountLink(page).textContent()).toContain(account.name);
    const staffLink = page.locator(`.site-nav a[href="/admin"]`);
    if (account.staffRoles.length > 0) {
      expect(await staffLink.textContent()).toBe(es["common.nav.admin"]);
    } else {
      expect(await staffLink.count()).toBe(0);
    }
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const)("the login, sign-up and password pages look right at %s width", async (label, options) => {
    const { context, errors } = await newContext(browser, options);
    const page = await context.newPage();
    for (const path of ["/login", "/signup", "/forgot-password"]) {
      await page.goto(`${server.url}${path}`);
      await expectAccessible(page);
      await expectNoSidewaysScroll(page);
      await screenshot(page, `accounts${path.replace("/", "-")}-${label}`);
    }
    // The sign-up form with its errors showing.
    await page.goto(`${server.url}/signup`);
    await page.fill("#signup-email", "not-an-address");
    await page.fill("#signup-password", "short");
    await page.click('#signup button[type="submit"]');
    for (const id of ["#signup-name", "#signup-email", "#signup-password", "#signup-acceptTerms"]) {
      await expect.poll(() => page.getAttribute(id, "aria-invalid"), { message: id }).toBe("true");
    }
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await screenshot(page, `accounts-signup-errors-${label}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
