import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses } from "../../collab/schema/clauses";
import { amendmentAuthors, amendmentInvites, amendments, amendmentSupports, documentVersions, organizationMembers, organizations, phases, processes, users } from "../../db/schema";
import { signedInClient } from "../support/docadmin";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/*
 * The amendment pages over HTTP: proposing each kind from the clause page (and a budget move
 * from the list page), 400/403/404/409/410 answers that store nothing, the invitation link, and
 * user text escaped on output.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const BUDGET = "presupuestos-participativos-2027";
const DAY = 86_400_000;

let server: TestServer;
let author: TestClient;
let other: TestClient;
let moderator: TestClient;
let clausePage: string;
let articleIds: string[];

const amendmentCount = () => server.inspect.db.select({ n: count() }).from(amendments).get()?.n ?? 0;
const idFromLocation = (response: Response): number => {
  const match = /\/amendments\/(\d+)(\?|$)/.exec(response.headers.get("location") ?? "");
  if (!match) throw new Error(`No amendment in Location: ${response.headers.get("location")}`);
  return Number(match[1]);
};

function latestTree(slug: string) {
  const db = server.inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).orderBy(documentVersions.number).all().at(-1)?.content ?? "";
  return { processId, tree: clauseTree(documentSchema.nodeFromJSON(JSON.parse(content))) };
}

/** Starts an amendment from the clause page; returns the response (303 on success). */
function propose(client: TestClient, fields: Record<string, string>, page = clausePage, options = {}) {
  return client.postForm(page, { intent: "amend", kind: "modify", justification: "Mejor redacción.", ...fields }, options);
}

async function startDraft(client: TestClient, kind: string, justification = "Mejor redacción.", page = clausePage): Promise<number> {
  const response = await propose(client, { kind, justification }, page);
  expect(response.status, await response.clone().text()).toBe(303);
  return idFromLocation(response);
}

beforeAll(async () => {
  server = await startTestServer();
  author = await signedInClient(server, "verified@example.org");
  other = await signedInClient(server, "resident@example.org");
  moderator = await signedInClient(server, "moderator@example.org");
  const { tree } = latestTree(SLUG);
  articleIds = flattenClauses(tree)
    .map((f) => f.clause)
    .filter((c) => c.kind === "article")
    .map((c) => c.id);
  // The last articles: far from the ones the demo seed amends.
  clausePage = `/processes/${SLUG}/clauses/${articleIds.at(-1)}`;
});

afterAll(async () => {
  await server?.stop();
});

describe("proposing amendments", () => {
  it.each(["modify", "add", "delete"])("a %s amendment from the clause page → 303 to its page, which its author can read", async (kind) => {
    const before = amendmentCount();
    const id = await startDraft(author, kind);
    expect(amendmentCount()).toBe(before + 1);
    const row = server.inspect.db.select({ kind: amendments.kind, status: amendments.status }).from(amendments).where(eq(amendments.id, id)).get();
    expect(row).toEqual({ kind, status: "draft" });
    const page = await author.get(`/processes/${SLUG}/amendments/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Enmienda ${id}`);
    expect(html).toContain("Borrador");
  });

  it("a budget move from the budget's amendments list → 303 (amendments phase opened for the test)", async () => {
    const { processId } = latestTree(BUDGET);
    const db = server.inspect.db;
    db.delete(phases).where(and(eq(phases.processId, processId), eq(phases.kind, "amendments"))).run();
    db.insert(phases).values({ processId, kind: "amendments", startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() + DAY) }).run();
    const list = await author.get(`/processes/${BUDGET}/amendments`);
    expect(await list.text()).toContain("Proponer mover dinero entre partidas");
    const response = await author.postForm(`/processes/${BUDGET}/amendments?index`, { intent: "amend", kind: "budget", justification: "Más dinero para el parque." });
    expect(response.status).toBe(303);
    const id = idFromLocation(response);
    expect(server.inspect.db.select({ kind: amendments.kind }).from(amendments).where(eq(amendments.id, id)).get()?.kind).toBe("budget");
    // The process page (where residents land) leads to the proposal form.
    expect(await (await author.get(`/processes/${BUDGET}`)).text()).toContain(`/processes/${BUDGET}/amendments#propose-heading`);
  });

  it("a missing or blank justification → 400 with the field error, nothing stored", async () => {
    const before = amendmentCount();
    for (const justification of ["", "   "]) {
      const response = await propose(author, { justification });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Escribe la justificación");
    }
    const tooLong = await propose(author, { justification: "x".repeat(5001) });
    expect(tooLong.status).toBe(400);
    const badKind = await propose(author, { kind: "rewrite-everything" });
    expect(badKind.status).toBe(400);
    expect(amendmentCount()).toBe(before);
  });

  it("a forged or missing CSRF token → 403, nothing stored; signed out → to the login page", async () => {
    const before = amendmentCount();
    expect((await propose(author, {}, clausePage, { csrf: "forged-token-value" })).status).toBe(403);
    expect((await propose(author, {}, clausePage, { csrf: false })).status).toBe(403);
    const anonymous = new TestClient(server.url);
    const response = await propose(anonymous, {});
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(amendmentCount()).toBe(before);
  });

  it("the clause page offers the form to signed-in people and a sign-in link to others", async () => {
    const signedIn = await (await author.get(clausePage)).text();
    expect(signedIn).toContain('name="justification"');
    expect(signedIn).toContain('value="delete"');
    const anonymous = await (await new TestClient(server.url).get(clausePage)).text();
    expect(anonymous).not.toContain('name="justification"');
    expect(anonymous).toContain("/login?redirectTo=");
  });
});

describe("drafts are private", () => {
  it("a draft is 404 for anyone but its co-authors; staff read it; the author's clause page lists it as a draft", async () => {
    const id = await startDraft(author, "modify", "Borrador privado de prueba.");
    const path = `/processes/${SLUG}/amendments/${id}`;
    expect((await other.get(path)).status).toBe(404);
    expect((await new TestClient(server.url).get(path)).status).toBe(404);
    expect((await author.get(`/processes/${BUDGET}/amendments/${id}`)).status).toBe(404);
    const staff = await moderator.get(path);
    expect(staff.status).toBe(200);
    expect(await staff.text()).toContain("solo en lectura");
    expect(await (await author.get(clausePage)).text()).toContain("Borrador: solo lo ven sus coautores.");
    expect(await (await other.get(clausePage)).text()).not.toContain("Borrador privado de prueba.");
  });
});

describe("submitted amendments", () => {
  let id: number;
  let path: string;

  beforeAll(async () => {
    // A deletion needs no wording, so it can be submitted straight away over HTTP.
    id = await startDraft(author, "delete", "Este artículo sobra.");
    path = `/processes/${SLUG}/amendments/${id}`;
    const submitted = await author.postForm(path, { intent: "submit" });
    expect(submitted.status).toBe(303);
  });

  it("shows status, content hash and supports to everyone, and appears on the clause page", async () => {
    const html = await (await new TestClient(server.url).get(path)).text();
    expect(html).toContain("Presentada");
    const hash = server.inspect.db.select({ hash: amendments.contentHash }).from(amendments).where(eq(amendments.id, id)).get()?.hash ?? "";
    expect(hash).not.toBe("");
    expect(html).toContain(hash);
    expect(html).toContain("0 apoyos");
    const clause = await (await new TestClient(server.url).get(clausePage)).text();
    expect(clause).toContain(`/processes/${SLUG}/amendments/${id}`);
    expect(clause).toContain("<del");
  });

  it("a second support by the same person is a friendly 409; the count stays at one", async () => {
    const first = await other.postForm(path, { intent: "support" });
    expect(first.status).toBe(303);
    const second = await other.postForm(path, { intent: "support" });
    expect(second.status).toBe(409);
    expect(await second.text()).toContain("Ya habías apoyado esta enmienda");
    const supports = server.inspect.db.select({ n: count() }).from(amendmentSupports).where(eq(amendmentSupports.amendmentId, id)).get()?.n;
    expect(supports).toBe(1);
    expect(await (await other.get(path)).text()).toContain("1 apoyo");
  });

  it("withdrawing by someone who is not a co-author → 403, nothing changes", async () => {
    const response = await other.postForm(path, { intent: "withdraw" });
    expect(response.status).toBe(403);
    expect(server.inspect.db.select({ status: amendments.status }).from(amendments).where(eq(amendments.id, id)).get()?.status).toBe("submitted");
  });

  it("anyone signed in may amend it further: a new draft linked to it, listed under it for its author", async () => {
    const response = await other.postForm(path, { intent: "amendFurther" });
    expect(response.status).toBe(303);
    const child = idFromLocation(response);
    expect(server.inspect.db.select({ parentId: amendments.parentId, status: amendments.status }).from(amendments).where(eq(amendments.id, child)).get()).toEqual({ parentId: id, status: "draft" });
    expect(await (await other.get(`/processes/${SLUG}/amendments/${child}`)).text()).toContain(`/processes/${SLUG}/amendments/${id}"`);
  });

  it("the process list shows it, filtered by status and paged", async () => {
    const all = await (await new TestClient(server.url).get(`/processes/${SLUG}/amendments`)).text();
    expect(all).toContain(`/processes/${SLUG}/amendments/${id}`);
    const withdrawn = await (await new TestClient(server.url).get(`/processes/${SLUG}/amendments?status=withdrawn`)).text();
    expect(withdrawn).not.toContain(`/processes/${SLUG}/amendments/${id}"`);
    expect((await new TestClient(server.url).get(`/processes/${SLUG}/amendments?status=nonsense&page=-3`)).status).toBe(200);
  });
});

describe("the invitation link", () => {
  let id: number;
  let path: string;

  beforeAll(async () => {
    id = await startDraft(author, "modify", "Con coautores.");
    path = `/processes/${SLUG}/amendments/${id}`;
  });

  async function makeInvite(): Promise<string> {
    const response = await author.postForm(path, { intent: "invite" });
    expect(response.status).toBe(200);
    const match = /\/amendments\/join\/([A-Za-z0-9_-]+)/.exec(await response.text());
    if (!match?.[1]) throw new Error("No invitation link on the page");
    return match[1];
  }

  it("signed out → login and back; signed in → confirm → co-author, and the draft opens", async () => {
    const token = await makeInvite();
    const anonymous = await new TestClient(server.url).get(`/amendments/join/${token}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/amendments/join/${token}`)}`);
    const confirm = await other.get(`/amendments/join/${token}`);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain(`Unirme a la enmienda ${id}`);
    // Says what one joins: the clause, the process and who started it.
    expect(confirmHtml).toMatch(new RegExp(`<p class="lead">Enmienda ${id} a(l| la) [^<]+<`));
    expect(confirmHtml).toContain("Ordenanza de Movilidad Sostenible");
    expect(confirmHtml).toContain("iniciada por");
    expect((await other.get(path)).status).toBe(404);
    const joined = await other.postForm(`/amendments/join/${token}`, { intent: "join" });
    expect(joined.status).toBe(303);
    expect(joined.headers.get("location")).toBe(`${path}?done=joined`);
    const page = await other.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="leave"');
  });

  it("an expired, revoked-by-time or garbage token → a translated 410 page", async () => {
    const token = await makeInvite();
    server.inspect.db.update(amendmentInvites).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(amendmentInvites.amendmentId, id)).run();
    const stranger = await signedInClient(server, "admin@example.org");
    for (const bad of [token, "garbage", "x".repeat(40)]) {
      const response = await stranger.get(`/amendments/join/${bad}`);
      expect(response.status).toBe(410);
      expect(await response.text()).toContain("Este enlace de invitación no funciona");
    }
    const posted = await stranger.postForm(`/amendments/join/${token}`, { intent: "join" });
    expect(posted.status).toBe(410);
    expect((await stranger.get(path)).status).toBe(200); // staff watch drafts, but did not join:
    expect(await (await stranger.get(path)).text()).not.toContain('value="leave"');
  });
});

describe("organizations", () => {
  let ngo: TestClient;
  let orgId: number;

  beforeAll(async () => {
    ngo = await signedInClient(server, "ngo@example.org");
    orgId = server.inspect.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "bici-villanueva")).get()?.id ?? 0;
  });

  it("a representative files on behalf of the organization; others may not (403, nothing stored)", async () => {
    const form = await (await ngo.get(clausePage)).text();
    expect(form).toContain('name="onBehalfOf"');
    expect(form).toContain(`<option value="${orgId}">`);
    const response = await propose(ngo, { kind: "modify", onBehalfOf: String(orgId), justification: "En nombre de la asociación." });
    expect(response.status).toBe(303);
    const id = idFromLocation(response);
    expect(server.inspect.db.select({ organizationId: amendments.organizationId }).from(amendments).where(eq(amendments.id, id)).get()?.organizationId).toBe(orgId);
    expect(await (await ngo.get(`/processes/${SLUG}/amendments/${id}`)).text()).toContain("en nombre de Asociación Ciclista Bici Villanueva");

    const before = amendmentCount();
    expect((await propose(author, { onBehalfOf: String(orgId) })).status).toBe(403);
    expect(amendmentCount()).toBe(before);
  });

  it("co-authors pick members of the organization, remove them, and withdraw the draft", async () => {
    const id = idFromLocation(await propose(ngo, { kind: "modify", onBehalfOf: String(orgId), justification: "Con el equipo." }));
    const path = `/processes/${SLUG}/amendments/${id}`;
    const db = server.inspect.db;
    const member = db.select({ id: users.id }).from(users).where(eq(users.email, "editor@example.org")).get()?.id ?? 0;
    db.insert(organizationMembers).values({ organizationId: orgId, userId: member, joinedAt: new Date() }).run();
    const page = await (await ngo.get(path)).text();
    expect(page).toContain(`<option value="${member}">Jordi Puig`);
    expect((await ngo.postForm(path, { intent: "addMember", userId: "" })).status).toBe(400);
    expect((await ngo.postForm(path, { intent: "addMember", userId: String(member) })).status).toBe(303);
    const isAuthor = () => db.select({ userId: amendmentAuthors.userId }).from(amendmentAuthors).where(and(eq(amendmentAuthors.amendmentId, id), eq(amendmentAuthors.userId, member))).get() !== undefined;
    expect(isAuthor()).toBe(true);
    expect((await ngo.postForm(path, { intent: "removeCoauthor", userId: String(member) })).status).toBe(303);
    expect(isAuthor()).toBe(false);
    expect((await ngo.postForm(path, { intent: "withdraw" })).status).toBe(303);
    expect(db.select({ status: amendments.status }).from(amendments).where(eq(amendments.id, id)).get()?.status).toBe("withdrawn");
  });
});

describe("user text is escaped", () => {
  it("a justification with HTML is shown as text on the amendment and clause pages", async () => {
    const evil = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"`;
    const id = await startDraft(author, "delete", evil);
    const path = `/processes/${SLUG}/amendments/${id}`;
    expect((await author.postForm(path, { intent: "submit" })).status).toBe(303);
    for (const html of [await (await author.get(path)).text(), await (await new TestClient(server.url).get(clausePage)).text()]) {
      expect(html).toContain("&lt;script&gt;alert");
      expect(html).not.toContain('<script>alert("x")');
      expect(html).not.toContain("<img src=x");
    }
  });
});
