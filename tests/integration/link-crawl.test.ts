import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { ORDINANCE } from "../../db/seed/content/ordinance";
import { amendments, documentVersions, processes } from "../../db/schema";
import { signedInClient } from "../support/docadmin";
import { replaceRunTexts } from "../support/docx-edit";
import { TestClient } from "../support/http-client";
import { downloadDocx, previewImport, saveAndPublish } from "../support/reimport";
import { startTestServer, type TestServer } from "../support/server";

/*
 * Link crawl: after a Word re-import of the demo ordinance that modifies articles, removes one
 * and adds one (published as version 2), every same-origin link reachable from the public
 * entry points is followed breadth-first by an anonymous visitor, an editor and a resident,
 * each with its own cookies. No page may answer 404 or 5xx. Downloads are requested (status
 * checked) but not parsed; links that would sign out or change state are not followed.
 */

const MAX_PAGES = 3000;
const slug = ORDINANCE.slug;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

function v1Articles(): Clause[] {
  const proc = server.inspect.db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
  if (!proc) throw new Error("no demo ordinance");
  const row = server.inspect.db
    .select({ content: documentVersions.content })
    .from(documentVersions)
    .where(and(eq(documentVersions.processId, proc.id), eq(documentVersions.number, 1)))
    .get();
  if (!row) throw new Error("no version 1");
  const tree = clauseTree(documentSchema.nodeFromJSON(JSON.parse(row.content)));
  return flattenClauses(tree).map((f) => f.clause).filter((c) => c.kind === "article" && c.articleType === "article");
}

function decode(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Links a page offers: <a href> and GET forms (submitted empty, as their action URL). */
function linksOf(html: string, pageUrl: URL, origin: string): string[] {
  const out: string[] = [];
  const body = html.replace(/<script[\s\S]*?<\/script>/g, "");
  for (const m of body.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)) out.push(decode(m[1] as string));
  for (const m of body.matchAll(/<form\b([^>]*)>/g)) {
    const attrs = m[1] as string;
    const method = /\smethod="([^"]*)"/i.exec(attrs)?.[1]?.toLowerCase() ?? "get";
    if (method !== "get") continue;
    out.push(decode(/\saction="([^"]*)"/.exec(attrs)?.[1] ?? pageUrl.pathname));
  }
  const urls: string[] = [];
  for (const href of out) {
    if (href.startsWith("mailto:") || href.startsWith("tel:") || href.startsWith("javascript:")) continue;
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      throw new Error(`unparseable link ${href} on ${pageUrl.pathname}`);
    }
    if (url.origin !== origin) continue;
    url.hash = "";
    // Sign-in pages only differ by where they send back to; one visit of each is enough.
    if (/^\/(login|signup|forgot-password)$/.test(url.pathname) && url.search !== "") {
      urls.push(`${url.pathname}?redirectTo=%2F`);
      continue;
    }
    urls.push(url.pathname + url.search);
  }
  return urls;
}

/** Paths whose GET would end the session or that only serve the live socket. */
const SKIP = [/^\/logout/, /^\/collab/, /^\/api\/v1\/.*\/events/];

interface CrawlResult {
  visited: number;
  links: number;
  broken: string[];
}

async function crawl(client: TestClient, seeds: string[]): Promise<CrawlResult> {
  const origin = new URL(client.baseUrl).origin;
  const seen = new Set<string>(seeds);
  const queue = [...seen].map((s) => ({ path: s, from: "(seed)" }));
  const broken: string[] = [];
  let links = 0;
  let visited = 0;
  while (queue.length > 0 && visited < MAX_PAGES) {
    const { path, from } = queue.shift() as { path: string; from: string };
    visited += 1;
    const response = await client.get(path, { headers: { accept: "text/html" } });
    if (response.status === 404 || response.status >= 500) {
      broken.push(`${response.status} ${path} (linked from ${from})`);
      await response.body?.cancel();
      continue;
    }
    const next: string[] = [];
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      if (location) next.push(...linksOf(`<a href="${location.replace(/"/g, "&quot;")}">`, new URL(path, origin), origin));
      await response.body?.cancel();
    } else if ((response.headers.get("content-type") ?? "").startsWith("text/html")) {
      next.push(...linksOf(await response.text(), new URL(path, origin), origin));
    } else {
      await response.body?.cancel();
    }
    for (const link of next) {
      links += 1;
      // A discussion's sort orders are one page each; one order per page is visited.
      const key = link.replace(/([?&])sort=[^&]*/, "$1sort");
      if (SKIP.some((r) => r.test(link)) || seen.has(key)) continue;
      seen.add(key);
      queue.push({ path: link, from: path });
    }
  }
  expect(visited, "the crawl stayed under its bound").toBeLessThan(MAX_PAGES);
  return { visited, links, broken };
}

describe("link crawl after a re-import", () => {
  it("follows every same-origin link as anonymous, editor and resident with no 404 or 5xx", async () => {
    const editor = await signedInClient(server, "editor@example.org");
    const articles = v1Articles();
    const modified = articles.slice(0, 2);
    const victim = articles.find((a, i) => i > 2 && a.children.every((c) => c.kind === "paragraph")) as Clause;
    const bytes = await replaceRunTexts(await downloadDocx(editor, slug, 1), [
      ...modified.map((a) => {
        const p = a.children.find((c) => c.kind === "paragraph") as Clause;
        return { from: p.text, to: `${p.text} Texto añadido en Word.` };
      }),
      { from: `${victim.label}. ${victim.heading}`, to: `${victim.label}. Zarzuelas orbitales` },
      ...(victim.children.filter((c) => c.kind === "paragraph") as Clause[]).map((p, i) => ({
        from: p.text,
        to: `Los violonchelos del cometa ${i} afinan el trombón con lúpulo y acordeón bajo la nébula.`,
      })),
    ]);
    const html = await previewImport(editor, slug, bytes);
    await saveAndPublish(editor, slug, html, 1, "Revisión en Word: dos artículos cambiados, uno sustituido");

    // The public entry points, and every clause page and version of every process: the
    // reading page's clause links are drawn by the annotation layer in the browser.
    const seeds = ["/", "/processes", "/admin/moderation", `/processes/${slug}/v/1/diff/2`];
    for (const version of server.inspect.db.select({ processId: documentVersions.processId, number: documentVersions.number, content: documentVersions.content }).from(documentVersions).all()) {
      const proc = server.inspect.db.select({ slug: processes.slug }).from(processes).where(eq(processes.id, version.processId)).get();
      if (!proc) continue;
      seeds.push(`/processes/${proc.slug}`, `/processes/${proc.slug}/v/${version.number}`);
      for (const f of flattenClauses(clauseTree(documentSchema.nodeFromJSON(JSON.parse(version.content))))) seeds.push(`/processes/${proc.slug}/clauses/${f.clause.id}`);
    }
    // Private drafts answer 404 to anyone but their authors on purpose; they are not seeds.
    for (const a of server.inspect.db.select({ id: amendments.id, processId: amendments.processId, status: amendments.status }).from(amendments).all()) {
      if (a.status === "draft") continue;
      const proc = server.inspect.db.select({ slug: processes.slug }).from(processes).where(eq(processes.id, a.processId)).get();
      if (proc) seeds.push(`/processes/${proc.slug}/amendments/${a.id}`);
    }
    const jars: Array<[string, TestClient]> = [
      ["anonymous", new TestClient(server.url)],
      ["editor", editor],
      ["resident", await signedInClient(server, "resident@example.org")],
      ["moderator", await signedInClient(server, "moderator@example.org")],
    ];
    const report: string[] = [];
    const broken: string[] = [];
    for (const [who, client] of jars) {
      const result = await crawl(client, seeds);
      report.push(`${who}: ${result.visited} pages, ${result.links} links`);
      broken.push(...result.broken.map((b) => `${who}: ${b}`));
      expect(result.visited, `${who} reached more than the seeds`).toBeGreaterThan(seeds.length);
    }
    expect(broken, `crawl (${report.join("; ")}) found broken links`).toEqual([]);
  }, 240_000);
});
