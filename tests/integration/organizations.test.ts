import { and, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { clauseTree, flattenClauses } from "../../collab/schema/clauses";
import { amendments, auditLog, documentVersions, organizationMembers, organizations, outbox, processes, submissions, users } from "../../db/schema";
import { loadCurrentUser } from "../../server/services/current-user";
import { staffDashboardCounts } from "../../server/services/user-admin";
import { signedInClient } from "../support/docadmin";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/*
 * Organization accounts over HTTP: a person applies, staff reject with a reason or verify (both
 * audited and mailed from the configured origin), the applicant corrects and resubmits; the
 * public profile exists for verified organizations only and lists their public amendments; a
 * person who represents several organizations picks one on the clause page, and acting for one
 * they do not represent (or an unverified one) is 403. Bad input is 400 and stores nothing.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const APPLY = "/account/organizations/new";

let server: TestServer;
let applicant: TestClient;
let admin: TestClient;
let moderator: TestClient;
let anonymous: TestClient;

const orgCount = () => server.inspect.db.select({ n: count() }).from(organizations).get()?.n ?? 0;
const orgBySlug = (slug: string) => server.inspect.db.select().from(organizations).where(eq(organizations.slug, slug)).get();
const userId = (email: string) => server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? 0;
const auditOf = (action: string, organizationId: number) =>
  server.inspect.db
    .select({ actorId: auditLog.actorId, detail: auditLog.detail })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetType, "organization"), eq(auditLog.targetId, String(organizationId))))
    .all();
const lastMailTo = (email: string) => server.inspect.db.select({ subject: outbox.subject, body: outbox.body }).from(outbox).where(eq(outbox.recipient, email)).orderBy(desc(outbox.id)).get();

const VALID = {
  name: "Asociación Amigos del Parque Fluvial",
  registrationNumber: "and41-2015-00777",
  kind: "association",
  address: "Paseo del Río 1, 41000 Villanueva del Río",
  website: "https://parque-fluvial.example.org",
  contactEmail: "Info@Parque-Fluvial.example.org",
  contactPhone: "+34 955 123 456",
  description: "Cuidamos las riberas del río.",
};

beforeAll(async () => {
  server = await startTestServer();
  applicant = await signedInClient(server, "resident@example.org");
  admin = await signedInClient(server, "admin@example.org");
  moderator = await signedInClient(server, "moderator@example.org");
  anonymous = new TestClient(server.url);
});

afterAll(async () => {
  await server?.stop();
});

describe("applying", () => {
  it("sends anonymous visitors to the login page", async () => {
    const response = await anonymous.get(APPLY);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/login?redirectTo=");
  });

  it.each([
    ["a javascript: web address", { website: "javascript:alert(1)" }, "website", "https://"],
    ["a data: web address", { website: "data:text/html,<b>x</b>" }, "website", "https://"],
    ["a legal name over 160 characters", { name: "A".repeat(161) }, "name", "160"],
    ["an address over 300 characters", { address: "x".repeat(301) }, "address", "300"],
    ["an unknown type", { kind: "cartel" }, "kind", "tipo de organización"],
    ["no contact e-mail", { contactEmail: "" }, "contactEmail", "correo de contacto"],
    ["a malformed e-mail", { contactEmail: "not-an-email" }, "contactEmail", "correo válido"],
    ["a registration number of punctuation only", { registrationNumber: "---" }, "registrationNumber", "letras, cifras"],
    ["a seeded organization's registration number, typed differently", { registrationNumber: "and41 2009.00317" }, "registrationNumber", "Ya existe"],
  ])("refuses %s with 400, the field and the reason, storing nothing", async (_label, change, field, reason) => {
    const before = orgCount();
    const response = await applicant.postForm(APPLY, { ...VALID, ...change });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(`id="organization-application-${field}-error"`);
    expect(html).toContain(reason);
    expect(orgCount()).toBe(before);
  });

  it("stores a valid application as pending, with the applicant as its first member, audited", async () => {
    const before = orgCount();
    const response = await applicant.postForm(APPLY, VALID);
    expect(response.status, await response.clone().text()).toBe(303);
    expect(response.headers.get("location")).toBe("/account?organization=applied");
    expect(orgCount()).toBe(before + 1);
    const org = orgBySlug("asociacion-amigos-del-parque-fluvial");
    expect(org).toMatchObject({ name: VALID.name, registrationNumber: "AND41201500777", kind: "association", contactEmail: "info@parque-fluvial.example.org", verifiedAt: null, rejectedAt: null, appliedBy: userId("resident@example.org") });
    const member = server.inspect.db.select().from(organizationMembers).where(eq(organizationMembers.organizationId, org?.id ?? 0)).all();
    expect(member.map((m) => m.userId)).toEqual([userId("resident@example.org")]);
    expect(auditOf("organization.apply", org?.id ?? 0)).toHaveLength(1);
    const account = await (await applicant.get("/account")).text();
    expect(account).toContain(VALID.name);
    expect(account).toContain("Pendiente de verificación");
  });

  it("refuses a second application with the same registration number (400, nothing stored)", async () => {
    const before = orgCount();
    const response = await (await signedInClient(server, "verified@example.org")).postForm(APPLY, { ...VALID, name: "Otra asociación", registrationNumber: "AND41-2015-00777" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Ya existe una cuenta o una solicitud");
    expect(orgCount()).toBe(before);
  });

  it("shows a name with HTML escaped to staff and, once verified, on the profile", async () => {
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> Vecinos';
    const other = await signedInClient(server, "verified@example.org");
    const response = await other.postForm(APPLY, { ...VALID, name: hostile, registrationNumber: "G41999001", website: "" });
    expect(response.status).toBe(303);
    const staff = await (await admin.get("/admin/organizations")).text();
    expect(staff).not.toContain('<script>alert("x")</script>');
    expect(staff).not.toContain("<img src=x");
    expect(staff).toContain("&lt;script&gt;");
    const org = server.inspect.db.select().from(organizations).where(eq(organizations.registrationNumber, "G41999001")).get();
    expect((await admin.postForm("/admin/organizations", { intent: "verify", organizationId: String(org?.id) })).status).toBe(303);
    const profile = await (await anonymous.get(`/organizations/${org?.slug}`)).text();
    expect(profile).toContain("&lt;script&gt;");
    expect(profile).not.toContain("<img src=x");
  });
});

describe("staff review", () => {
  let orgId: number;
  let slug: string;

  beforeAll(() => {
    const org = orgBySlug("asociacion-amigos-del-parque-fluvial");
    orgId = org?.id ?? 0;
    slug = org?.slug ?? "";
  });

  it("shows the queue with the application's details", async () => {
    const html = await (await admin.get("/admin/organizations")).text();
    expect(html).toContain(VALID.name);
    expect(html).toContain("AND41201500777");
    expect(html).toContain("Carmen Ortega");
    // The seeded application waits in the queue too.
    expect(html).toContain("Asociación de Comerciantes del Centro");
  });

  it("has no public profile while pending, for anybody (404)", async () => {
    for (const client of [anonymous, applicant, admin]) expect((await client.get(`/organizations/${slug}`)).status).toBe(404);
  });

  it("refuses a rejection without a reason (400) and one by a moderator (403), changing nothing", async () => {
    expect((await admin.postForm("/admin/organizations", { intent: "reject", organizationId: String(orgId), reason: "   " })).status).toBe(400);
    expect((await moderator.postForm("/admin/organizations", { intent: "reject", organizationId: String(orgId), reason: "No." })).status).toBe(403);
    expect((await applicant.postForm("/admin/organizations", { intent: "reject", organizationId: String(orgId), reason: "No." })).status).toBe(403);
    expect(orgBySlug(slug)?.rejectedAt).toBeNull();
    expect(auditOf("organization.reject", orgId)).toHaveLength(0);
  });

  it("rejects with a reason: audited, the applicant mailed a link from the configured origin and told on their account page", async () => {
    const reason = "El número de registro no figura en el Registro de Asociaciones de Andalucía.";
    const pending = () => staffDashboardCounts(server.inspect.db, loadCurrentUser(server.inspect.db, userId("admin@example.org"))).organizationsPending;
    const pendingBefore = pending();
    const response = await admin.postForm("/admin/organizations", { intent: "reject", organizationId: String(orgId), reason });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toContain("done=rejectOrganization");
    const row = orgBySlug(slug);
    expect(row?.rejectedAt).not.toBeNull();
    expect(row?.rejectionReason).toBe(reason);
    // It waits for its applicant now, not for staff.
    expect(pending()).toBe(pendingBefore - 1);
    const audit = auditOf("organization.reject", orgId);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorId).toBe(userId("admin@example.org"));
    expect(JSON.parse(audit[0]?.detail ?? "{}")).toEqual({ reason });
    const mail = lastMailTo("resident@example.org");
    expect(mail?.subject).toContain(VALID.name);
    expect(mail?.body).toContain(reason);
    expect(mail?.body).toContain(`${server.url}/account`);
    expect(mail?.body).not.toContain("evil.example");
    const account = await (await applicant.get("/account")).text();
    expect(account).toContain("Rechazada");
    expect(account).toContain(reason);
    expect(account).toContain(`href="/account/organizations/${orgId}"`);
    expect((await anonymous.get(`/organizations/${slug}`)).status).toBe(404);
  });

  it("refuses a second rejection of an already rejected application (403)", async () => {
    expect((await admin.postForm("/admin/organizations", { intent: "reject", organizationId: String(orgId), reason: "Otra vez." })).status).toBe(403);
    expect(auditOf("organization.reject", orgId)).toHaveLength(1);
  });

  it("lets only the applicant open the correction form (404 for others)", async () => {
    expect((await applicant.get(`/account/organizations/${orgId}`)).status).toBe(200);
    expect((await (await signedInClient(server, "verified@example.org")).get(`/account/organizations/${orgId}`)).status).toBe(404);
    expect((await admin.get(`/account/organizations/${orgId}`)).status).toBe(404);
    expect((await applicant.get(`/account/organizations/999999`)).status).toBe(404);
  });

  it("refuses a correction with bad input (400) and one by someone else (403), changing nothing", async () => {
    expect((await applicant.postForm(`/account/organizations/${orgId}`, { ...VALID, website: "javascript:alert(1)" })).status).toBe(400);
    expect((await applicant.postForm(`/account/organizations/${orgId}`, { ...VALID, registrationNumber: "AND41-1987-00042" })).status).toBe(400);
    expect((await (await signedInClient(server, "verified@example.org")).postForm(`/account/organizations/${orgId}`, VALID)).status).toBe(403);
    expect(orgBySlug(slug)?.rejectedAt).not.toBeNull();
  });

  it("takes the corrected application back into the queue as pending, audited; resubmitting again is 403", async () => {
    const response = await applicant.postForm(`/account/organizations/${orgId}`, { ...VALID, registrationNumber: "AND41-2015-00778" });
    expect(response.status).toBe(303);
    const row = orgBySlug(slug);
    expect(row).toMatchObject({ registrationNumber: "AND41201500778", rejectedAt: null, rejectionReason: null, verifiedAt: null });
    expect(auditOf("organization.resubmit", orgId)).toHaveLength(1);
    expect((await applicant.postForm(`/account/organizations/${orgId}`, VALID)).status).toBe(403);
  });

  it("verifies: audited, the applicant mailed the profile link, the profile is public with its details", async () => {
    const response = await admin.postForm("/admin/organizations", { intent: "verify", organizationId: String(orgId) });
    expect(response.status).toBe(303);
    expect(orgBySlug(slug)?.verifiedAt).not.toBeNull();
    expect(auditOf("organization.verify", orgId)).toHaveLength(1);
    expect(lastMailTo("resident@example.org")?.body).toContain(`${server.url}/organizations/${slug}`);
    const profile = await anonymous.get(`/organizations/${slug}`);
    expect(profile.status).toBe(200);
    const html = await profile.text();
    expect(html).toContain(VALID.name);
    expect(html).toContain("AND41201500778");
    expect(html).toContain('href="https://parque-fluvial.example.org"');
    expect(html).toContain("Asociación");
    // Nothing about the applicant or the rejection is public.
    expect(html).not.toContain("Carmen Ortega");
    expect(html).not.toContain("Registro de Asociaciones de Andalucía");
    expect(await (await applicant.get("/account")).text()).toContain(`href="/organizations/${slug}"`);
  });

  it("has no profile again once staff withdraw the verification", async () => {
    expect((await admin.postForm("/admin/organizations", { intent: "unverify", organizationId: String(orgId) })).status).toBe(303);
    expect((await anonymous.get(`/organizations/${slug}`)).status).toBe(404);
    expect((await admin.postForm("/admin/organizations", { intent: "verify", organizationId: String(orgId) })).status).toBe(303);
  });
});

describe("acting in an organization's name", () => {
  let clausePage: string;
  let bici: number;
  let casco: number;
  let comercio: number;
  let multi: TestClient;

  beforeAll(async () => {
    const db = server.inspect.db;
    const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
    const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).orderBy(documentVersions.number).all().at(-1)?.content ?? "";
    const articles = flattenClauses(clauseTree(documentSchema.nodeFromJSON(JSON.parse(content)))).filter((f) => f.clause.kind === "article");
    clausePage = `/processes/${SLUG}/clauses/${articles.at(-2)?.clause.id}`;
    bici = orgBySlug("bici-villanueva")?.id ?? 0;
    casco = orgBySlug("avv-casco-antiguo")?.id ?? 0;
    comercio = orgBySlug("comerciantes-centro")?.id ?? 0;
    // ngo@example.org also represents the neighbours' association (staff added them).
    db.insert(organizationMembers).values({ organizationId: casco, userId: userId("ngo@example.org"), joinedAt: new Date() }).run();
    multi = await signedInClient(server, "ngo@example.org");
  });

  const propose = (client: TestClient, onBehalfOf: string) => client.postForm(clausePage, { intent: "amend", kind: "delete", justification: "Sobra este artículo.", onBehalfOf });
  const amendmentCount = () => server.inspect.db.select({ n: count() }).from(amendments).get()?.n ?? 0;
  const idFrom = (response: Response) => Number(/\/amendments\/(\d+)/.exec(response.headers.get("location") ?? "")?.[1]);

  it("offers a person who represents two organizations both, and themself", async () => {
    const html = await (await multi.get(clausePage)).text();
    expect(html).toContain('<option value="myself"');
    expect(html).toContain(`<option value="${bici}">`);
    expect(html).toContain(`<option value="${casco}">`);
  });

  it("files in the name they pick; the amendment links to the organization's profile, which lists it once submitted", async () => {
    const response = await propose(multi, String(casco));
    expect(response.status).toBe(303);
    const id = idFrom(response);
    expect(server.inspect.db.select({ o: amendments.organizationId }).from(amendments).where(eq(amendments.id, id)).get()?.o).toBe(casco);
    const path = `/processes/${SLUG}/amendments/${id}`;
    expect(await (await multi.get(path)).text()).toContain('href="/organizations/avv-casco-antiguo"');
    // A draft is private: the profile does not list it.
    expect(await (await anonymous.get("/organizations/avv-casco-antiguo")).text()).not.toContain(`href="${path}"`);
    const submitted = await multi.postForm(path, { intent: "submit" });
    expect(submitted.status, await submitted.clone().text()).toBe(303);
    const profile = await (await anonymous.get("/organizations/avv-casco-antiguo")).text();
    expect(profile).toContain(`href="${path}"`);
    // The seeded draft in Bici Villanueva's name stays off its profile.
    const draft = server.inspect.db.select({ id: amendments.id }).from(amendments).where(and(eq(amendments.organizationId, bici), eq(amendments.status, "draft"))).get()?.id;
    expect(draft).toBeDefined();
    expect(await (await anonymous.get("/organizations/bici-villanueva")).text()).not.toContain(`/amendments/${draft}"`);
  });

  it("lists the formal submissions filed in the organization's name on its profile, and none of another's", async () => {
    const own = server.inspect.db.select({ number: submissions.number }).from(submissions).where(eq(submissions.organizationId, bici)).all();
    const others = server.inspect.db.select({ number: submissions.number, org: submissions.organizationId }).from(submissions).all().filter((s) => s.org !== bici);
    expect(own.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    const profile = await (await anonymous.get("/organizations/bici-villanueva")).text();
    for (const s of own) expect(profile).toContain(`href="/submissions/${s.number}"`);
    for (const s of others) expect(profile).not.toContain(`href="/submissions/${s.number}"`);
  });

  it("refuses acting for an organization they do not represent, or one not verified (403, nothing stored)", async () => {
    const before = amendmentCount();
    expect((await propose(multi, String(comercio))).status).toBe(403);
    const comercioRep = await signedInClient(server, "comercio@example.org");
    expect((await propose(comercioRep, String(comercio))).status).toBe(403);
    expect((await propose(applicant, String(bici))).status).toBe(403);
    expect(amendmentCount()).toBe(before);
  });
});
