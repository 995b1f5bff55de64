import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed/content/accounts";
import { users } from "../../db/schema";
import { COOKIE } from "../../server/http/cookies";
import { createSession } from "../../server/services/sessions";
import type { TestServer } from "./server";

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Launches headless Chromium with the flags this sandboxed, offline machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** Phone-sized context with touch (for the phone layouts and touch tests). */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

/**
 * A new context whose pages fail the test on any console error or uncaught page error
 * (a CSP violation or a hydration error shows up there).
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = DESKTOP): Promise<{ context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ locale: "es-ES", ...options });
  const errors: string[] = [];
  context.on("page", (page) => watch(page, errors));
  return { context, errors };
}

function watch(page: Page, errors: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
}

/** Runs axe on the current page and returns serious or critical violations, described. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Fails the test, naming the page, when axe finds serious or critical violations on it. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page), page.url()).toEqual([]);
}

/** Screenshots go to screenshots/ (ignored by git) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

/**
 * Fills and submits the /login form already showing in `page`. It does not wait for the
 * outcome: a caller testing a wrong password looks for the form error instead.
 */
export async function submitLoginForm(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.fill("#login-email", email);
  await page.fill("#login-password", password);
  await page.click('#login button[type="submit"]');
}

/**
 * Logs in through the /login form in the browser (the real form, not a planted session cookie)
 * and waits until the login redirect lands on `redirectTo`.
 */
export async function loginInBrowser(page: Page, baseUrl: string, email: string, options: { password?: string; redirectTo?: string } = {}): Promise<void> {
  const redirectTo = options.redirectTo ?? "/";
  await page.goto(`${baseUrl}/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  await submitLoginForm(page, email, options.password);
  await page.waitForURL((url) => url.pathname === redirectTo);
}

/**
 * A new context (as newContext) already signed in as `email` through a session cookie created in
 * the database, for tests whose subject is not the login form (that form has its own tests).
 */
export async function signedInContext(
  browser: Browser,
  server: Pick<TestServer, "url" | "inspect">,
  email: string,
  options: BrowserContextOptions = DESKTOP,
): Promise<{ context: BrowserContext; errors: string[] }> {
  const made = await newContext(browser, options);
  const user = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`No user ${email}`);
  const { token } = createSession(server.inspect.db, user.id);
  await made.context.addCookies([{ name: COOKIE.session, value: token, url: server.url }]);
  return made;
}
