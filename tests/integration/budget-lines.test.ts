import { and, count, eq, inArray, isNull } from "drizzle-orm";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { AMENDMENT_AMOUNTS } from "../../collab/schema/amendment-schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { SqliteCollabStore } from "../../db/collab-store";
import { amendmentAuthors, amendments, comments, documentVersions, phases, processes, users } from "../../db/schema";
import { BUDGET } from "../../db/seed/content/budget";
import { signedInClient } from "../support/docadmin";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/*
 * "Budgets are as open as regulations": every line of the demo budget's reading page links to
 * its debate and its amendments with the viewer's counts — read here from the page and checked
 * against the database — and offers "propose a change" only while the amendments phase is open.
 */

const SLUG = BUDGET.slug;
const DAY = 86_400_000;
let server: TestServer;
let processId: number;
let versionId: number;
let lines: Clause[];
let resident: TestClient;

function userId(email: string): number {
  return server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? 0;
}

function insertComment(clauseId: string, values: { hidden?: boolean; parentId?: number } = {}): number {
  return server.inspect.db
    .insert(comments)
    .values({
      processId,
      clauseId,
      versionId,
      parentId: values.parentId ?? null,
      depth: values.parentId ? 1 : 0,
      authorId: userId("verified@example.org"),
      body: "Esta partida necesita más detalle.",
      createdAt: new Date(),
      hiddenAt: values.hidden ? new Date() : null,
      hiddenReason: values.hidden ? "Lenguaje ofensivo." : null,
    })
    .returning({ id: comments.id })
    .get().id;
}

/** Opens (or closes) the budget's amendments phase around the real clock. */
function setAmendmentsPhase(open: boolean): void {
  const db = server.inspect.db;
  db.delete(phases).where(and(eq(phases.processId, processId), eq(phases.kind, "amendments"))).run();
  const start = open ? Date.now() - DAY : Date.now() + 5 * DAY;
  db.insert(phases).values({ processId, kind: "amendments", startsAt: new Date(start), endsAt: new Date(start + 20 * DAY) }).run();
}

/** The debate and amendments links of one line on a reading page: hrefs and the counts they show. */
function lineLinks(html: string, line: Clause) {
  const start = html.indexOf(`<tr id="${line.anchor}">`);
  expect(start, `row of ${line.code}`).toBeGreaterThan(-1);
  const row = html.slice(start, html.indexOf("</tr>", start));
  const link = (kind: string) => {
    const m = new RegExp(`<a href="([^"]+)" data-count="(\\d+)" class="budget__link budget__link--${kind}">([^<]*)`).exec(row);
    expect(m, `${kind} link of ${line.code}`).not.toBeNull();
    return { href: (m?.[1] ?? "").replace(/&amp;/g, "&"), count: Number(m?.[2]), text: m?.[3] ?? "" };
  };
  const propose = /<a href="([^"]+)" class="budget__link budget__link--propose">/.exec(row);
  return { debate: link("debate"), amendments: link("amendments"), propose: propose ? (propose[1] ?? "") : null };
}

/** Comments in a line's thread as the database has them, visible (not hidden) or all. */
function dbComments(clauseId: string, includeHidden: boolean): number {
  const where = and(eq(comments.processId, processId), eq(comments.clauseId, clauseId), includeHidden ? undefined : isNull(comments.hiddenAt));
  return server.inspect.db.select({ n: count() }).from(comments).where(where).get()?.n ?? 0;
}

/** Public budget amendments (submitted once) of the process whose frozen amounts change `lineId`. */
function dbPublicAmendments(lineId: string): number {
  const rows = server.inspect.db.select({ content: amendments.content, submittedAt: amendments.submittedAt }).from(amendments).where(and(eq(amendments.processId, processId), eq(amendments.kind, "budget"))).all();
  const base = lines.find((l) => l.id === lineId)?.amountCents;
  return rows.filter((r) => r.submittedAt !== null && r.content !== null && (JSON.parse(r.content) as { amounts: Record<string, number> }).amounts[lineId] !== base).length;
}

let lineA: Clause;
let lineB: Clause;
let lineC: Clause;
let draftId: number;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.inspect.db;
  processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const version = db.select({ id: documentVersions.id, content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).get();
  versionId = version?.id ?? 0;
  const tree = clauseTree(documentSchema.nodeFromJSON(JSON.parse(version?.content ?? "{}")));
  lines = flattenClauses(tree)
    .map((f) => f.clause)
    .filter((c) => c.kind === "budget_line");
  [lineA, lineB, lineC] = lines as [Clause, Clause, Clause];
  const budgetId = flattenClauses(tree).find((f) => f.clause.kind === "budget")?.clause.id ?? "";

  // Line A: a comment with a reply, and a hidden comment; line B: one comment.
  const first = insertComment(lineA.id);
  insertComment(lineA.id, { parentId: first });
  insertComment(lineA.id, { hidden: true });
  insertComment(lineB.id);

  // A submitted budget amendment moving 1.000 € from line B to line A (same district).
  const amounts = Object.fromEntries(lines.map((l) => [l.id, l.amountCents ?? 0]));
  amounts[lineA.id] = (lineA.amountCents ?? 0) + 100_000;
  amounts[lineB.id] = (lineB.amountCents ?? 0) - 100_000;
  const author = userId("verified@example.org");
  const submitted = db
    .insert(amendments)
    .values({ processId, versionId, clauseId: budgetId, kind: "budget", status: "submitted", justification: "Más sombra.", createdBy: author, createdAt: new Date(), content: JSON.stringify({ amounts }), contentHash: "x", submittedAt: new Date() })
    .returning({ id: amendments.id })
    .get();
  db.insert(amendmentAuthors).values({ amendmentId: submitted.id, userId: author, role: "author", joinedAt: new Date() }).run();

  // A private draft of a resident, started from line C's own page, whose live amounts move money from line A to line C.
  setAmendmentsPhase(true);
  resident = await signedInClient(server, "resident@example.org");
  const started = await resident.postForm(`/processes/${SLUG}/clauses/${lineC.id}`, { intent: "amend", kind: "budget", justification: "Más para la biblioteca." });
  expect(started.status, await started.clone().text()).toBe(303);
  draftId = Number(/\/amendments\/(\d+)/.exec(started.headers.get("location") ?? "")?.[1]);
  const draft = db.select({ clauseId: amendments.clauseId, status: amendments.status, kind: amendments.kind }).from(amendments).where(eq(amendments.id, draftId)).get();
  expect(draft).toEqual({ clauseId: budgetId, status: "draft", kind: "budget" });
  const store = new SqliteCollabStore(db, () => new Date());
  const doc = new Y.Doc();
  const stored = store.load(`amendment-${draftId}`);
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const { update } of stored.updates) Y.applyUpdate(doc, update);
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    doc.getMap(AMENDMENT_AMOUNTS).set(lineA.id, (lineA.amountCents ?? 0) - 50_000);
    doc.getMap(AMENDMENT_AMOUNTS).set(lineC.id, (lineC.amountCents ?? 0) + 50_000);
  });
  store.append(`amendment-${draftId}`, Y.encodeStateAsUpdate(doc, before));
  doc.destroy();
});

afterAll(async () => {
  await server?.stop();
});

describe("budget lines link to their debate and amendments", () => {
  it("an anonymous reader sees counts equal to the database, without the hidden comment or the private draft", async () => {
    for (const path of [`/processes/${SLUG}`, `/processes/${SLUG}/v/1`]) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      for (const line of lines) {
        const links = lineLinks(html, line);
        expect(links.debate.count, `${path} ${line.code} comments`).toBe(dbComments(line.id, false));
        expect(links.amendments.count, `${path} ${line.code} amendments`).toBe(dbPublicAmendments(line.id));
        expect(links.debate.text).toContain(String(links.debate.count));
        expect(links.amendments.text).toContain(String(links.amendments.count));
      }
      // The hidden comment and the draft exist, and are left out.
      expect(dbComments(lineA.id, true)).toBe(3);
      expect(lineLinks(html, lineA).debate.count).toBe(2);
      expect(lineLinks(html, lineA).amendments.count).toBe(1);
      expect(lineLinks(html, lineC).amendments.count).toBe(0);
    }
  });

  it("the draft counts for its co-author, the hidden comment for a moderator", async () => {
    const mine = await (await resident.get(`/processes/${SLUG}`)).text();
    expect(lineLinks(mine, lineA).amendments.count).toBe(2);
    expect(lineLinks(mine, lineC).amendments.count).toBe(1);
    expect(lineLinks(mine, lineA).debate.count).toBe(2);
    const moderator = await signedInClient(server, "moderator@example.org");
    const staff = await (await moderator.get(`/processes/${SLUG}`)).text();
    expect(lineLinks(staff, lineA).debate.count).toBe(3);
    // The client-navigation fragment carries the same per-viewer counts.
    const fragment = (await (await resident.get(`/processes/${SLUG}/v/1/html`, { headers: { Accept: "application/json" } })).json()) as { body: string };
    expect(lineLinks(fragment.body, lineC).amendments.count).toBe(1);
  });

  it("every line's links resolve (200) to its page, which lists what was counted", async () => {
    const html = await (await fetch(`${server.url}/processes/${SLUG}`)).text();
    for (const line of lines) {
      const links = lineLinks(html, line);
      expect(links.debate.href).toBe(`/processes/${SLUG}/clauses/${line.id}`);
      const page = await fetch(`${server.url}${links.debate.href}`);
      expect(page.status, links.debate.href).toBe(200);
      expect((await fetch(`${server.url}${links.amendments.href.split("#")[0]}`)).status).toBe(200);
      expect(links.amendments.href).toBe(`/processes/${SLUG}/clauses/${line.id}#amendments-heading`);
    }
    const pageA = await (await fetch(`${server.url}/processes/${SLUG}/clauses/${lineA.id}`)).text();
    expect(pageA).toContain(`/processes/${SLUG}/amendments/`);
    expect(pageA).not.toContain(`/processes/${SLUG}/amendments/${draftId}"`);
    expect(await (await resident.get(`/processes/${SLUG}/clauses/${lineC.id}`)).text()).toContain(`/processes/${SLUG}/amendments/${draftId}"`);
  });

  it("offers 'propose a change' on every line during the amendments phase only, and the line page has the form", async () => {
    setAmendmentsPhase(true);
    let html = await (await resident.get(`/processes/${SLUG}`)).text();
    for (const line of lines) expect(lineLinks(html, line).propose).toBe(`/processes/${SLUG}/clauses/${line.id}#propose-amendment-card`);
    const linePage = await (await resident.get(`/processes/${SLUG}/clauses/${lineB.id}`)).text();
    expect(linePage).toContain('id="propose-amendment-card"');
    expect(linePage).toContain('name="intent" value="amend"');
    // The latest version's own permalink offers it too.
    expect(await (await fetch(`${server.url}/processes/${SLUG}/v/1`)).text()).toContain("budget__link--propose");

    setAmendmentsPhase(false);
    for (const client of [resident, new TestClient(server.url)]) {
      html = await (await client.get(`/processes/${SLUG}`)).text();
      expect(html).toContain("budget__link--debate");
      expect(html).not.toContain("budget__link--propose");
    }
    // And the server refuses it outside the phase too.
    const before = server.inspect.db.select({ n: count() }).from(amendments).where(inArray(amendments.processId, [processId])).get()?.n;
    const refused = await resident.postForm(`/processes/${SLUG}/clauses/${lineB.id}`, { intent: "amend", kind: "budget", justification: "Fuera de plazo." });
    expect(refused.status).toBe(403);
    expect(server.inspect.db.select({ n: count() }).from(amendments).where(inArray(amendments.processId, [processId])).get()?.n).toBe(before);
  });
});
