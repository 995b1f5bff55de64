import { and, eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { documentVersions, processes } from "../../db/schema";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { DESKTOP, PHONE, expectAccessible, launchBrowser, newContext, screenshot } from "../support/browser";
import { postMultipart, signedInClient } from "../support/docadmin";
import { saveAndPublish } from "../support/reimport";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The page of an article merged into another by a re-import, in Chromium: the notice's link is
 * followed by keyboard to the surviving article; axe on both pages, at phone and desktop widths.
 */

const slug = ORDINANCE.slug;
let server: TestServer;
let browser: Browser;
let survivor: Clause;
let merged: Clause;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(and(eq(documentVersions.processId, processId), eq(documentVersions.number, 1))).get()?.content ?? "{}";
  const flat = flattenClauses(clauseTree(documentSchema.nodeFromJSON(JSON.parse(content))));
  const parentOf = new Map(flat.map((f) => [f.clause.id, f.parentId]));
  const list = flat.map((f) => f.clause).filter((c) => c.kind === "article" && c.articleType === "article");
  const plain = (a: Clause | undefined) => a !== undefined && a.children.every((c) => c.kind === "paragraph");
  const index = list.findIndex((a, i) => i > 3 && plain(a) && plain(list[i + 1]) && parentOf.get(a.id) === parentOf.get(list[i + 1]?.id ?? ""));
  survivor = list[index] as Clause;
  merged = list[index + 1] as Clause;
  const editor = await signedInClient(server, "editor@example.org");
  const lines = (await (await editor.get(`/processes/${slug}/v/1/markdown`)).text()).split("\n");
  lines.splice(
    lines.findIndex((l) => /^#{2,6} /.test(l) && l.includes(merged.label) && l.endsWith(merged.heading)),
    1,
  );
  const preview = await postMultipart(editor, `/admin/processes/${slug}/import`, { intent: "preview", file: new Blob([lines.join("\n")], { type: "text/markdown" }) }, "ordenanza.md");
  expect(preview.status).toBe(200);
  await saveAndPublish(editor, slug, await preview.text(), 1, "Se fusionan dos artículos.");
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.each([
  ["desktop", DESKTOP],
  ["phone", PHONE],
])("merged clause page (%s)", (name, viewport) => {
  it("says where its text went and the link leads there by keyboard", async () => {
    const { context, errors } = await newContext(browser, viewport);
    const page = await context.newPage();
    await page.goto(`${server.url}/processes/${slug}/clauses/${merged.id}`);
    const link = page.locator("p.notice a.merged-into");
    expect(await link.textContent()).toBe(`${survivor.label}. ${survivor.heading}`);
    expect(await page.locator("p.notice").textContent()).toMatch(/^Fusionado en .* en la versión 2\./);
    await expectAccessible(page);
    await screenshot(page, `clause-merged-${name}`);
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/processes/${slug}/clauses/${survivor.id}`);
    await expectAccessible(page);
    await page.goto(`${server.url}/processes/${slug}/clauses/${merged.id}/history`);
    await page.locator("a.merged-into").first().waitFor();
    await expectAccessible(page);
    await screenshot(page, `clause-merged-history-${name}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
