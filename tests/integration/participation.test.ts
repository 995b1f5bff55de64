import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";
import { comments, documentVersions, processes, submissions, users } from "../../db/schema";
import { openApiDocument } from "../../server/api/openapi";
import { apiSignIn, getWithToken } from "../support/api";
import { signedInClient } from "../support/docadmin";
import { TestClient } from "../support/http-client";
import { checkAgainstSchema } from "../support/json-schema-check";
import { startTestServer, type TestServer } from "../support/server";

/*
 * "My participation": a co-author finds the draft they joined (without knowing its URL) on
 * /me/participation and through GET /api/v1/me/amendments; strangers never see it; comments,
 * supports and flags are listed with their status and a link.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const PAGE = "/me/participation";
const API = "/api/v1/me/amendments";

let server: TestServer;
let author: TestClient;
let coauthor: TestClient;
let stranger: TestClient;
let draftId: number;
let article: Clause;

interface MyAmendmentJson {
  id: number;
  status: string;
  role: string;
  links: { html: string };
}

beforeAll(async () => {
  server = await startTestServer();
  author = await signedInClient(server, "verified@example.org");
  coauthor = await signedInClient(server, "resident@example.org");
  stranger = await signedInClient(server, "ngo@example.org");
  const db = server.inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).orderBy(documentVersions.number).all().at(-1)?.content ?? "";
  const articles = flattenClauses(clauseTree(documentSchema.nodeFromJSON(JSON.parse(content)))).map((f) => f.clause).filter((c) => c.kind === "article");
  const last = articles.at(-1);
  if (!last) throw new Error("no article");
  article = last;

  // The author starts a draft and invites the co-author, who joins through the link.
  const started = await author.postForm(`/processes/${SLUG}/clauses/${article.id}`, { intent: "amend", kind: "modify", justification: "Redacción conjunta." });
  expect(started.status).toBe(303);
  draftId = Number(/\/amendments\/(\d+)/.exec(started.headers.get("location") ?? "")?.[1]);
  const invited = await author.postForm(`/processes/${SLUG}/amendments/${draftId}`, { intent: "invite" });
  const token = /\/amendments\/join\/([A-Za-z0-9_-]+)/.exec(await invited.text())?.[1];
  if (!token) throw new Error("no invitation link");
  expect((await coauthor.postForm(`/amendments/join/${token}`, { intent: "join" })).status).toBe(303);
});
afterAll(async () => {
  await server?.stop();
});

describe("my participation page", () => {
  it("signed out → login; the header links to it once signed in", async () => {
    const anonymous = await new TestClient(server.url).get(PAGE);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(PAGE)}`);
    expect(await (await coauthor.get("/processes")).text()).toContain(`href="${PAGE}"`);
  });

  it("a co-author finds the draft they joined, as a draft, with its link; a stranger does not", async () => {
    const response = await coauthor.get(PAGE);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`href="/processes/${SLUG}/amendments/${draftId}"`);
    expect(html).toMatch(new RegExp(`amendments/${draftId}"[^]*?Borrador[^]*?coautor`));
    // The link opens the draft for them.
    expect((await coauthor.get(`/processes/${SLUG}/amendments/${draftId}`)).status).toBe(200);
    const strangers = await (await stranger.get(PAGE)).text();
    expect(strangers).not.toContain(`/amendments/${draftId}"`);
    expect(strangers).toContain("No eres coautor de ninguna enmienda.");
  });

  it("lists the formal submissions the person filed online, with their number and link, and nobody else's", async () => {
    const db = server.inspect.db;
    const ngoId = db.select({ id: users.id }).from(users).where(eq(users.email, "ngo@example.org")).get()?.id ?? 0;
    const own = db.select({ number: submissions.number }).from(submissions).where(and(eq(submissions.filedBy, ngoId), eq(submissions.channel, "online"))).all();
    const others = db.select({ number: submissions.number, by: submissions.filedBy }).from(submissions).all().filter((s) => s.by !== ngoId);
    expect(own.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    const mine = await (await stranger.get("/me/participation")).text();
    for (const s of own) expect(mine).toContain(`href="/submissions/${s.number}"`);
    for (const s of others) expect(mine).not.toContain(`href="/submissions/${s.number}"`);
    const theirs = await (await author.get("/me/participation")).text();
    for (const s of own) expect(theirs).not.toContain(`href="/submissions/${s.number}"`);
  });

  it("lists the person's comments, supports and flags with their status and link", async () => {
    const clausePage = `/processes/${SLUG}/clauses/${article.id}`;
    const posted = await author.postForm(clausePage, { intent: "comment", formKey: "new", stance: "", body: "Propongo aclarar el plazo." });
    expect(posted.status).toBe(303);
    const commentId = server.inspect.db.select({ id: comments.id }).from(comments).orderBy(comments.id).all().at(-1)?.id ?? 0;
    expect((await coauthor.postForm(clausePage, { intent: "support", formKey: `support-${commentId}`, commentId: String(commentId) })).status).toBe(303);
    expect((await coauthor.postForm(clausePage, { intent: "flag", formKey: `flag-${commentId}`, commentId: String(commentId), reason: "Repetido en otro hilo." })).status).toBe(303);
    expect((await coauthor.postForm(clausePage, { intent: "comment", formKey: "new", stance: "for", body: "Estoy de acuerdo con el cambio." })).status).toBe(303);

    const html = await (await coauthor.get(PAGE)).text();
    const link = `${clausePage}#comment-${commentId}`;
    // Their own comment, the support of the author's comment and the flag of it (pending).
    expect(html).toContain("Estoy de acuerdo con el cambio.");
    expect(html).toMatch(new RegExp(`Apoyos[^]*?href="${link}"`));
    expect(html).toMatch(new RegExp(`Denuncias[^]*?href="${link}"[^]*?Pendiente de revisión[^]*?Repetido en otro hilo.`));
    // The author's page has the comment they wrote and its support count; not the co-author's report.
    const authors = await (await author.get(PAGE)).text();
    expect(authors).toContain("Propongo aclarar el plazo.");
    expect(authors).toContain("1 apoyo");
    expect(authors).not.toContain("Repetido en otro hilo.");
  });
});

describe("GET /api/v1/me/amendments", () => {
  it("gives a co-author the draft they joined (bearer token), as in the OpenAPI document; strangers do not get it", async () => {
    const token = await apiSignIn(server, "resident@example.org");
    const response = await getWithToken(server, API, token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: MyAmendmentJson[]; total: number };
    expect(checkAgainstSchema(openApiDocument(), openApiDocument().paths[API]?.get?.responses["200"]?.content?.["application/json"]?.schema ?? { type: "null" }, body)).toEqual([]);
    const mine = body.items.find((a) => a.id === draftId);
    expect(mine).toMatchObject({ status: "draft", role: "coauthor", links: { html: `/processes/${SLUG}/amendments/${draftId}` } });
    const authorsToken = await apiSignIn(server, "verified@example.org");
    const authors = (await (await getWithToken(server, API, authorsToken)).json()) as { items: MyAmendmentJson[] };
    expect(authors.items.find((a) => a.id === draftId)?.role).toBe("author");
    const strangersToken = await apiSignIn(server, "ngo@example.org");
    const strangers = (await (await getWithToken(server, API, strangersToken)).json()) as { items: MyAmendmentJson[] };
    expect(strangers.items.some((a) => a.id === draftId)).toBe(false);
  });

  it("works with the session cookie too; without credentials → 401 JSON; POST → 405", async () => {
    const byCookie = await coauthor.get(API);
    expect(byCookie.status).toBe(200);
    expect(((await byCookie.json()) as { items: MyAmendmentJson[] }).items.some((a) => a.id === draftId)).toBe(true);
    const anonymous = await fetch(new URL(API, server.url));
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
    const token = await apiSignIn(server, "resident@example.org");
    const post = await fetch(new URL(API, server.url), { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(post.status).toBe(405);
  });
});
