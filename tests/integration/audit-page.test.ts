import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amendments, comments, documentVersions, organizations, processes, users } from "../../db/schema";
import { COOKIE } from "../../server/http/cookies";
import { appendAudit } from "../../server/services/audit";
import { createSession } from "../../server/services/sessions";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The staff audit page (/admin/audit) on a real server: each entry is a sentence in the reader's
 * language with links to what it names, the codes and JSON only inside a <details>, filters in
 * the query string, and only the roles "audit.view" allows get the page.
 */

let server: TestServer;
const ids = { admin: 0, resident: 0, process: 0, organization: 0, comment: 0, amendment: 0 };
const SLUG = "ordenanza-movilidad-sostenible";

function idOf(email: string): number {
  const row = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`No user ${email}`);
  return row.id;
}

async function clientFor(email: string | null, locale = "es"): Promise<TestClient> {
  const client = new TestClient(server.url);
  if (email) client.setCookie(COOKIE.session, createSession(server.inspect.db, idOf(email)).token);
  client.setCookie(COOKIE.locale, locale);
  return client;
}

/** The entries of the page: each one's sentence as text, its raw HTML, in page order. */
async function entries(path: string, locale = "es"): Promise<{ status: number; html: string; items: { text: string; html: string }[] }> {
  const response = await (await clientFor("admin@example.org", locale)).get(path);
  const html = await response.text();
  const items = [...html.matchAll(/<li class="audit-entry">([^]*?)<\/li>/g)].map((m) => {
    const body = m[1] ?? "";
    const sentence = /<p class="audit-entry__sentence">([^]*?)<\/p>/.exec(body)?.[1] ?? "";
    return { text: decode(sentence.replace(/<!--[^]*?-->/g, "").replace(/<[^>]+>/g, "")), html: body };
  });
  return { status: response.status, html, items };
}

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  server = await startTestServer();
  const db = server.inspect.db;
  ids.admin = idOf("admin@example.org");
  ids.resident = idOf("resident@example.org");
  const process = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get();
  const organization = db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, "comerciantes-centro")).get();
  const amendment = db.select({ id: amendments.id }).from(amendments).where(eq(amendments.status, "submitted")).get();
  if (!process || !organization || !amendment) throw new Error("demo data missing");
  ids.process = process.id;
  ids.organization = organization.id;
  ids.amendment = amendment.id;
  const version = db.select({ id: documentVersions.id, number: documentVersions.number }).from(documentVersions).where(eq(documentVersions.processId, process.id)).get();
  if (!version) throw new Error("demo version missing");
  const comment = db
    .insert(comments)
    .values({ processId: process.id, clauseId: "art-1", versionId: version.id, depth: 0, authorId: ids.resident, body: "Un comentario.", createdAt: at("2026-03-01T10:00:00Z") })
    .returning({ id: comments.id })
    .get();
  ids.comment = comment.id;
  // Written by the one writer, at known times (Europe/Madrid is UTC+1 in March).
  appendAudit(db, { actorId: ids.admin, action: "version.publish", targetType: "process", targetId: ids.process, detail: { number: version.number, contentHash: "abc" } }, at("2026-03-02T09:00:00Z"));
  appendAudit(db, { actorId: ids.admin, action: "user.role.grant", targetType: "user", targetId: ids.resident, detail: { role: "editor" } }, at("2026-03-05T23:30:00Z"));
  appendAudit(db, { actorId: idOf("moderator@example.org"), action: "comment.hide", targetType: "comment", targetId: ids.comment, detail: { reason: "Spam", flagsSettled: 1 } }, at("2026-03-07T12:00:00Z"));
  appendAudit(db, { actorId: ids.admin, action: "organization.verify", targetType: "organization", targetId: ids.organization }, at("2026-03-09T12:00:00Z"));
  appendAudit(db, { actorId: ids.resident, action: "amendment.support", targetType: "amendment", targetId: ids.amendment }, at("2026-03-10T12:00:00Z"));
  appendAudit(db, { actorId: ids.admin, action: "user.block", targetType: "user", targetId: 987654 }, at("2026-03-11T12:00:00Z"));
});

afterAll(async () => {
  await server?.stop();
});

describe("the audit log in words", () => {
  it("tells each entry as a sentence in the reader's language", async () => {
    const expected: Record<string, string[]> = {
      es: ["Marta Gil (Administración) bloqueó a #987654", "Carmen Ortega apoyó la enmienda", "Marta Gil (Administración) verificó la organización Asociación de Comerciantes del Centro", "Lucía Romero (Participación) ocultó el comentario", "Marta Gil (Administración) dio a Carmen Ortega el rol Editor/a", "Marta Gil (Administración) publicó la versión 1 de Ordenanza de Movilidad Sostenible"],
      en: ["Marta Gil (Administración) blocked #987654", "Carmen Ortega supported the amendment", "Marta Gil (Administración) verified the organization Asociación de Comerciantes del Centro", "Lucía Romero (Participación) hid the comment", "Marta Gil (Administración) gave Carmen Ortega the role Editor", "Marta Gil (Administración) published version 1 of Ordenanza de Movilidad Sostenible"],
      ca: ["Marta Gil (Administración) va bloquejar #987654", "Carmen Ortega va donar suport a l’esmena", "Marta Gil (Administración) va verificar l’organització Asociación de Comerciantes del Centro", "Lucía Romero (Participación) va amagar el comentari", "Marta Gil (Administración) va donar a Carmen Ortega el rol Editor/a", "Marta Gil (Administración) va publicar la versió 1 de Ordenanza de Movilidad Sostenible"],
      fr: ["Marta Gil (Administración) a bloqué #987654", "Carmen Ortega a soutenu l’amendement", "Marta Gil (Administración) a vérifié l’organisation Asociación de Comerciantes del Centro", "Lucía Romero (Participación) a masqué le commentaire", "Marta Gil (Administración) a donné à Carmen Ortega le rôle Rédacteur·rice", "Marta Gil (Administración) a publié la version 1 de Ordenanza de Movilidad Sostenible"],
    };
    for (const [locale, starts] of Object.entries(expected)) {
      const page = await entries("/admin/audit", locale);
      expect(page.status, locale).toBe(200);
      const texts = page.items.map((i) => i.text);
      expect(texts.slice(0, starts.length).map((t, n) => t.slice(0, starts[n]?.length)), locale).toEqual(starts);
      // No raw code outside the details element.
      for (const item of page.items) expect(item.html.split("<details")[0], locale).not.toMatch(/user\.role\.grant|version\.publish|organization\.verify/);
    }
  });

  it("links what the sentence names, plain text when there is nothing to open, and a localized <time>", async () => {
    const { items } = await entries("/admin/audit");
    const [blocked, supported, verified, hidden, granted, published] = items;
    expect(published?.html).toContain(`href="/processes/${SLUG}/v/1"`);
    expect(published?.html).toContain(`href="/processes/${SLUG}"`);
    expect(published?.html).toMatch(/<time dateTime="2026-03-02T09:00:00.000Z">2 mar 2026, 10:00<\/time>/);
    expect(granted?.html).toContain(`href="/admin/users?q=resident%40example.org"`);
    expect(granted?.html).toContain(`href="/admin/users?q=admin%40example.org"`);
    expect(hidden?.html).toContain(`href="/processes/${SLUG}/clauses/art-1#comment-${ids.comment}"`);
    expect(verified?.html).toContain(`href="/admin/organizations#org-${ids.organization}-name"`);
    expect(supported?.html).toContain(`href="/processes/${SLUG}/amendments/${ids.amendment}"`);
    // A person who does not exist (any more) is named by id, with no link.
    expect(blocked?.html.split("<details")[0]).not.toContain("#987654</a>");
    expect(blocked?.html).toContain("<strong>#987654</strong>");
  });

  it("keeps the code, the target and the JSON detail inside a closed <details>", async () => {
    const { items } = await entries("/admin/audit");
    const hidden = (items[3]?.html ?? "").replace(/<!-- -->/g, "");
    const [before, details = ""] = hidden.split("<details");
    expect(before).not.toContain("flagsSettled");
    expect(details).not.toMatch(/^[^>]*\bopen\b/);
    expect(details).toContain("comment.hide");
    expect(details).toContain(`comment #${ids.comment}`);
    expect(decode(details)).toContain('{"reason":"Spam","flagsSettled":1}');
  });

  it("filters by actor (name or e-mail), action, target and dates, in the query string", async () => {
    const codes = async (query: string) => (await entries(`/admin/audit?${query}`)).items.map((i) => /<dd><code>([^<]+)<\/code><\/dd>/.exec(i.html)?.[1]);
    const texts = async (query: string) => (await entries(`/admin/audit?${query}`)).items.map((i) => i.text.split(" ").slice(0, 3).join(" "));
    expect(await texts("actor=carmen")).toEqual(["Carmen Ortega apoyó"]);
    expect(await texts("actor=moderator%40example")).toEqual(["Lucía Romero (Participación)"]);
    expect((await entries("/admin/audit?action=user.role.grant")).items.map((i) => i.text)).toEqual(["Marta Gil (Administración) dio a Carmen Ortega el rol Editor/a"]);
    expect((await entries("/admin/audit?type=organization&target=comerciantes")).items).toHaveLength(1);
    expect((await entries(`/admin/audit?type=comment&target=${ids.comment}`)).items.map((i) => i.text)).toEqual([expect.stringContaining("ocultó el comentario")]);
    expect((await entries("/admin/audit?target=Movilidad")).items.map((i) => i.text)).toEqual([expect.stringContaining("publicó la versión 1")]);
    expect((await entries("/admin/audit?target=nada-con-este-nombre")).items).toEqual([]);
    // 23:30 UTC on 5 March is 00:30 on 6 March in Madrid: the days are the council's.
    expect(await codes("from=2026-03-06&to=2026-03-09")).toEqual(["organization.verify", "comment.hide", "user.role.grant"]);
    expect((await entries("/admin/audit?from=2026-03-06&to=2026-03-06")).items).toHaveLength(1);
    expect((await entries("/admin/audit?to=2026-03-05")).items).toHaveLength(1);
    // The select offers the actions in words, the form is refilled from the query.
    const { html } = await entries("/admin/audit?action=organization.verify&actor=marta");
    expect(html).toMatch(/<option value="organization.verify" selected="">Organización verificada<\/option>/);
    expect(html).toMatch(/id="audit-actor"[^>]*value="marta"|value="marta"[^>]*id="audit-actor"/);
  });

  it("answers a malformed filter with 400, the field and the reason", async () => {
    for (const [query, field, reason] of [
      ["from=2026-02-30", "audit-from", "Escribe una fecha real"],
      ["from=2026-03-10&to=2026-03-01", "audit-to", "no puede ser anterior"],
      ["action=made.up", "audit-action", "Elige una acción"],
      ["type=planet", "audit-type", "Elige un tipo"],
    ] as const) {
      const page = await entries(`/admin/audit?${query}`);
      expect(page.status, query).toBe(400);
      expect(page.items, query).toEqual([]);
      expect(page.html, query).toMatch(new RegExp(`id="${field}-error">[^<]*${reason}`));
    }
  });

  it("is paged, keeping the filters in the pager's links", async () => {
    for (let i = 0; i < 30; i++) appendAudit(server.inspect.db, { actorId: ids.admin, action: "process.update", targetType: "process", targetId: ids.process, detail: { slug: SLUG, previousSlug: SLUG } }, at(`2026-04-01T10:${String(i).padStart(2, "0")}:00Z`));
    const first = await entries("/admin/audit?action=process.update");
    expect(first.items).toHaveLength(25);
    expect(first.html).toContain('href="/admin/audit?action=process.update&amp;page=2"');
    const second = await entries("/admin/audit?action=process.update&page=2");
    expect(second.items).toHaveLength(5);
  });

  it("gives the page only to those audit.view allows: admins, not editors or moderators", async () => {
    for (const [email, status] of [
      ["editor@example.org", 403],
      ["moderator@example.org", 403],
      ["resident@example.org", 403],
      ["admin@example.org", 200],
    ] as const) {
      const response = await (await clientFor(email)).get("/admin/audit?actor=marta");
      expect(response.status, email).toBe(status);
      if (status === 403) expect(await response.text(), email).not.toContain("Marta Gil (Administración) dio a");
    }
    const anonymous = await (await clientFor(null)).get("/admin/audit");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});
