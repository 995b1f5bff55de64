import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { comments, documentVersions, phases, processes, users } from "../../db/schema";
import { versionText } from "../../server/services/annotations/anchoring";
import { DESKTOP, PHONE, expectAccessible, launchBrowser, screenshot, signedInContext } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

const SLUG = "ordenanza-movilidad-sostenible";
const DAY = 86_400_000;

let server: TestServer;
let browser: Browser;
let page: string;
let targetId: number;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const version = db.select({ id: documentVersions.id, content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).orderBy(documentVersions.number).all().at(-1);
  if (!version) throw new Error("no version");
  const clauseId = versionText("x", documentSchema.nodeFromJSON(JSON.parse(version.content))).clauses.find((c) => c.text !== "")?.id ?? "";
  page = `/processes/${SLUG}/clauses/${clauseId}`;
  db.delete(phases).where(and(eq(phases.processId, processId), eq(phases.kind, "debate"))).run();
  db.insert(phases).values({ processId, kind: "debate", startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() + DAY) }).run();
  const ngo = db.select({ id: users.id }).from(users).where(eq(users.email, "ngo@example.org")).get()?.id ?? 0;
  targetId = db
    .insert(comments)
    .values({ processId, clauseId, versionId: version.id, depth: 0, authorId: ngo, body: "Esta cláusula es un desastre.\nMás en https://example.org/informe", stance: "against", createdAt: new Date() })
    .returning({ id: comments.id })
    .get().id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("clause debate and moderation", () => {
  it("a resident replies and flags; a moderator hides with a reason; the placeholder shows it", async () => {
    const resident = await signedInContext(browser, server, "verified@example.org", DESKTOP);
    const tab = await resident.context.newPage();
    await tab.goto(`${server.url}${page}`);
    await expect(tab.locator(".badge--stance-against").first().textContent()).resolves.toContain("En contra");
    await expect(tab.locator(`#comment-${targetId} a[rel="nofollow ugc noopener"]`).getAttribute("href")).resolves.toBe("https://example.org/informe");
    await expectAccessible(tab);

    // Reply (keyboard-reachable <details>, plain form).
    await tab.locator(`#comment-${targetId} > article .comment__reply summary`).click();
    await tab.fill(`#reply-${targetId}-body`, "No estoy de acuerdo: el carril bici es necesario.");
    await tab.locator(`#comment-${targetId} > article .comment__reply input[name="stance"][value="for"]`).check();
    await tab.locator(`#comment-${targetId} > article .comment__reply button[type="submit"]`).click();
    await tab.waitForURL((url) => url.searchParams.get("done") === "posted");
    await tab.locator(`#comment-${targetId} .comment-list--replies`, { hasText: "el carril bici es necesario" }).waitFor();

    // Flag with a reason.
    await tab.locator(`#comment-${targetId} > article .comment__flag summary`).click();
    await tab.fill(`#flag-${targetId}-reason`, "Tono ofensivo");
    await tab.locator(`#comment-${targetId} > article .comment__flag button[type="submit"]`).click();
    await tab.waitForURL((url) => url.searchParams.get("done") === "flagged");
    await tab.locator('[role="status"]', { hasText: "moderación" }).waitFor();
    await expectAccessible(tab);

    // The moderator hides it from the queue with a public reason.
    const moderator = await signedInContext(browser, server, "moderator@example.org", DESKTOP);
    const queue = await moderator.context.newPage();
    await queue.goto(`${server.url}/admin/moderation`);
    await expect(queue.locator(".moderation-item").first().textContent()).resolves.toContain("Tono ofensivo");
    await expectAccessible(queue);
    await screenshot(queue, "debate-moderation-desktop");
    await queue.fill(`#comment-${targetId}-reason`, "Lenguaje irrespetuoso");
    await queue.locator(`#comment-${targetId}-reason`).press("Enter");
    await queue.waitForURL((url) => url.searchParams.get("done") === "hidden");
    await queue.locator('[role="status"]', { hasText: "Contenido ocultado" }).waitFor();
    await expect(queue.locator(".moderation-item").count()).resolves.toBe(0);

    // Readers see the placeholder with the reason, never the text; the reply stays.
    for (const [name, options] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      const reader = await signedInContext(browser, server, "verified@example.org", options);
      const view = await reader.context.newPage();
      await view.goto(`${server.url}${page}`);
      const item = view.locator(`#comment-${targetId}`);
      await expect(item.locator(".comment__placeholder").textContent()).resolves.toContain("Lenguaje irrespetuoso");
      await expect(item.locator("> article").textContent()).resolves.not.toContain("desastre");
      await expect(item.locator(".comment-list--replies").textContent()).resolves.toContain("el carril bici es necesario");
      await expectAccessible(view);
      await screenshot(view, `debate-clause-${name}`);
      expect(reader.errors).toEqual([]);
      await reader.context.close();
    }
    expect(resident.errors).toEqual([]);
    expect(moderator.errors).toEqual([]);
    await resident.context.close();
    await moderator.context.close();
  });
});
