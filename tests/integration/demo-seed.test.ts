import { asc, eq, sql } from "drizzle-orm";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Node as PMNode } from "prosemirror-model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { openDatabase, type Db } from "../../db/connection";
import {
  amendmentAuthors,
  amendments,
  amendmentSupports,
  documentDrafts,
  documentVersions,
  organizationMembers,
  organizations,
  phases,
  processes,
  userRoles,
  users,
} from "../../db/schema";
import { verifyPassword } from "../../server/security/passwords";
import { loadCurrentUser, roleNames, type RoleName } from "../../server/services/current-user";
import { isPhaseOpen } from "../../server/services/phases";
import { findVisibleProcess } from "../../server/services/processes";
import { startTestServer, type TestServer } from "../support/server";
import { contentHash } from "../../server/services/documents/content-hash";
import { SqliteCollabStore } from "../../db/collab-store";
import { loadAmendment, readAmendmentState } from "../../server/services/amendments";
import { createCollabDocuments } from "../../server/services/collab-documents";

const run = promisify(execFile);
const SEED_SCRIPT = join(process.cwd(), "db/seed/run.ts");

/** Written out by hand (not derived from the seed) so a change to the seed must be deliberate. */
const EXPECTED_ACCOUNTS: Array<{ email: string; roles: RoleName[]; organizations: string[] }> = [
  { email: "admin@example.org", roles: ["resident", "verified_resident", "admin"], organizations: [] },
  { email: "editor@example.org", roles: ["resident", "verified_resident", "editor"], organizations: [] },
  { email: "moderator@example.org", roles: ["resident", "verified_resident", "moderator"], organizations: [] },
  { email: "resident@example.org", roles: ["resident"], organizations: [] },
  { email: "verified@example.org", roles: ["resident", "verified_resident"], organizations: [] },
  { email: "ngo@example.org", roles: ["resident", "verified_resident", "organization_representative"], organizations: ["bici-villanueva"] },
  { email: "vecinos@example.org", roles: ["resident", "verified_resident", "organization_representative"], organizations: ["avv-casco-antiguo"] },
  // Applied for the Comerciantes del Centro account, which waits in the staff queue.
  { email: "comercio@example.org", roles: ["resident"], organizations: ["comerciantes-centro"] },
];

const EXPECTED_PROCESSES = [
  {
    slug: "ordenanza-movilidad-sostenible",
    kind: "regulation",
    phases: ["information", "annotation", "amendments", "consolidation", "final_vote", "results", "implementation"],
  },
  {
    slug: "presupuestos-participativos-2027",
    kind: "budget",
    phases: ["information", "debate", "amendments", "final_vote", "results", "implementation"],
  },
];

/** Row counts of every table the seed writes: two equal snapshots mean "one copy of everything". */
function snapshot(db: Db) {
  const count = (table: Parameters<ReturnType<Db["select"]>["from"]>[0]) =>
    db.select({ n: sql<number>`count(*)` }).from(table).get()?.n ?? -1;
  return {
    users: count(users),
    userRoles: count(userRoles),
    organizations: count(organizations),
    organizationMembers: count(organizationMembers),
    processes: count(processes),
    phases: count(phases),
    documentVersions: count(documentVersions),
    documentDrafts: count(documentDrafts),
    amendments: count(amendments),
    amendmentAuthors: count(amendmentAuthors),
    amendmentSupports: count(amendmentSupports),
    emails: db.select({ email: users.email }).from(users).orderBy(asc(users.email)).all().map((u) => u.email),
    slugs: db.select({ slug: processes.slug }).from(processes).orderBy(asc(processes.slug)).all().map((p) => p.slug),
  };
}

/** Runs `npm run seed`'s script (through tsx, as the npm script does) against one database file. */
function seed(databaseUrl: string, extraEnv: Record<string, string> = {}) {
  return run(process.execPath, ["--import", "tsx", SEED_SCRIPT], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: "development", DATABASE_URL: databaseUrl, ...extraEnv },
    timeout: 60_000,
  });
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe("the seeded demo council", () => {
  it("has the demo accounts with their roles, organizations and the demo password", async () => {
    const { db } = server.inspect;
    const all = db.select({ id: users.id, email: users.email, passwordHash: users.passwordHash }).from(users).all();
    expect(all.map((u) => u.email).sort()).toEqual(EXPECTED_ACCOUNTS.map((a) => a.email).sort());
    for (const expected of EXPECTED_ACCOUNTS) {
      const row = all.find((u) => u.email === expected.email);
      const user = row ? loadCurrentUser(db, row.id) : null;
      expect(user, expected.email).not.toBeNull();
      if (!user || !row) continue;
      expect(roleNames(user), expected.email).toEqual(expected.roles);
      expect(user.organizations.map((o) => o.slug), expected.email).toEqual(expected.organizations);
      expect(user.blocked).toBe(false);
      expect(await verifyPassword(row.passwordHash, "redacta-demo"), expected.email).toBe(true);
    }
  });

  it("has the two processes, published, with their phases and a valid version 1 equal to the draft", () => {
    const { db } = server.inspect;
    const rows = db
      .select({ id: processes.id, slug: processes.slug, kind: processes.kind, publishedAt: processes.publishedAt })
      .from(processes)
      .orderBy(asc(processes.createdAt), asc(processes.id))
      .all();
    expect(rows.map((r) => ({ slug: r.slug, kind: r.kind }))).toEqual(EXPECTED_PROCESSES.map(({ slug, kind }) => ({ slug, kind })));
    for (const [i, row] of rows.entries()) {
      expect(row.publishedAt).not.toBeNull();
      const windows = db.select({ kind: phases.kind, startsAt: phases.startsAt, endsAt: phases.endsAt }).from(phases).where(eq(phases.processId, row.id)).all();
      expect(windows.map((w) => w.kind).sort()).toEqual([...(EXPECTED_PROCESSES[i]?.phases ?? [])].sort());
      for (const w of windows) expect(w.endsAt.getTime()).toBeGreaterThan(w.startsAt.getTime());

      const versions = db
        .select({ number: documentVersions.number, content: documentVersions.content, contentHash: documentVersions.contentHash })
        .from(documentVersions)
        .where(eq(documentVersions.processId, row.id))
        .all();
      expect(versions.map((v) => v.number)).toEqual([1]);
      const version = versions[0];
      if (!version) continue;
      // The same canonical hash publishing records, so exports and votes can verify the seed too.
      expect(version.contentHash).toBe(contentHash(JSON.parse(version.content)));
      const doc = PMNode.fromJSON(documentSchema, JSON.parse(version.content));
      expect(() => doc.check()).not.toThrow();
      const draft = db.select({ content: documentDrafts.content }).from(documentDrafts).where(eq(documentDrafts.processId, row.id)).get();
      expect(draft?.content).toBe(version.content);
    }
  });

  it("keeps the demo live: the ordinance is open for annotation and the budget for debate, by server time", () => {
    const now = new Date();
    const ordinance = findVisibleProcess(server.inspect.db, null, "ordenanza-movilidad-sostenible", now);
    const budget = findVisibleProcess(server.inspect.db, null, "presupuestos-participativos-2027", now);
    expect(ordinance && isPhaseOpen(ordinance.phases, "annotation", now)).toBe(true);
    expect(budget && isPhaseOpen(budget.phases, "debate", now)).toBe(true);
    expect(ordinance?.latestVersion).toBe(1);
    expect(budget?.latestVersion).toBe(1);
  });

  it("has a draft amendment co-authored by ngo@ (for Bici Villanueva) and verified@, whose live document holds the article with their edits", () => {
    const { db } = server.inspect;
    const now = new Date();
    const user = (email: string) => {
      const row = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
      const loaded = row ? loadCurrentUser(db, row.id) : null;
      if (!loaded) throw new Error(`no ${email}`);
      return loaded;
    };
    const drafts = db.select({ id: amendments.id, kind: amendments.kind }).from(amendments).where(eq(amendments.status, "draft")).all();
    expect(drafts).toHaveLength(1);
    const id = drafts[0]?.id ?? 0;
    const ngo = user("ngo@example.org");
    const detail = loadAmendment(db, ngo, id, now);
    expect(detail).toMatchObject({ kind: "modify", status: "draft", organization: { name: "Asociación Ciclista Bici Villanueva" }, content: null, contentHash: null });
    expect(detail.authors.map((a) => [a.name, a.role])).toEqual([
      ["Elena Navarro (Bici Villanueva)", "author"],
      ["Antonio Ruiz", "coauthor"],
    ]);
    expect(detail.clauseLabel).toMatch(/^Artículo \d+$/);
    expect(detail.justification.length).toBeGreaterThan(20);
    expect(detail.viewer).toMatchObject({ canWrite: true, canSubmit: true });
    // The document opens with the article's text, edited by the co-authors (stored Yjs updates).
    const state = readAmendmentState(new SqliteCollabStore(db), detail.documentName);
    expect(state.wordingError).toBeNull();
    const text = JSON.stringify(state.wording);
    expect(text).toContain("Aparcamiento de bicicletas");
    expect(text).toContain("a menos de 25 metros");
    expect(state.wording?.content?.[0]?.attrs?.id).toBe(detail.clauseId);
    expect(JSON.stringify(detail.base)).toContain("a menos de 50 metros");
    const documents = createCollabDocuments(db);
    expect(documents.access(ngo, detail.documentName)).toBe("write");
    expect(documents.access(user("verified@example.org"), detail.documentName)).toBe("write");
    expect(documents.access(user("moderator@example.org"), detail.documentName)).toBe("read");
    // A private draft is indistinguishable from a missing document for outsiders (like the page's 404).
    expect(documents.access(user("resident@example.org"), detail.documentName)).toBe("unknown");
  });

  it("has a submitted amendment by verified@ with frozen content, its content hash, and three supports from non-co-authors", () => {
    const { db } = server.inspect;
    const rows = db
      .select({ id: amendments.id, content: amendments.content, contentHash: amendments.contentHash, supportCount: amendments.supportCount, submittedAt: amendments.submittedAt })
      .from(amendments)
      .where(eq(amendments.status, "submitted"))
      .all();
    expect(rows).toHaveLength(1);
    const row = rows[0];
    if (!row) return;
    expect(row.submittedAt).not.toBeNull();
    const content = JSON.parse(row.content ?? "null") as unknown;
    expect(row.contentHash).toBe(contentHash(content));
    expect(JSON.stringify(content)).toContain("treinta minutos");
    const detail = loadAmendment(db, null, row.id, new Date());
    expect(detail.authors.map((a) => a.name)).toEqual(["Antonio Ruiz"]);
    expect(detail.supportCount).toBe(3);
    expect(JSON.stringify(detail.base)).toContain("quince minutos");
    // The live document ends where the frozen content was taken.
    expect(readAmendmentState(new SqliteCollabStore(db), detail.documentName).wording).toEqual(content);
    const supporters = db
      .select({ email: users.email })
      .from(amendmentSupports)
      .innerJoin(users, eq(users.id, amendmentSupports.userId))
      .where(eq(amendmentSupports.amendmentId, row.id))
      .orderBy(asc(users.email))
      .all()
      .map((r) => r.email);
    expect(supporters).toEqual(["moderator@example.org", "ngo@example.org", "resident@example.org"]);
    expect(row.supportCount).toBe(supporters.length);
  });

  it("lists both processes on the home page", async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Ordenanza de Movilidad Sostenible");
    expect(html).toContain("Presupuestos Participativos 2027");
  });
});

describe("npm run seed", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "redacta-seed-"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates a database from scratch with the same demo council the server seeds", async () => {
    const url = join(dir, "nested", "fresh.db");
    const { stdout } = await seed(url);
    expect(stdout).toContain("Demo council seeded");
    const database = openDatabase(url);
    try {
      expect(snapshot(database.db)).toEqual(snapshot(server.inspect.db));
    } finally {
      database.close();
    }
  });

  it("wipes and re-creates on a second run, leaving exactly one copy of everything", async () => {
    const url = join(dir, "twice.db");
    await seed(url);
    const first = openDatabase(url);
    const before = snapshot(first.db);
    // A stray row proves the second run starts from an empty file rather than adding to it.
    first.db.insert(users).values({ email: "stray@example.org", name: "Stray", passwordHash: "x", locale: "es", createdAt: new Date() }).run();
    first.close();

    await seed(url);
    const second = openDatabase(url);
    try {
      const after = snapshot(second.db);
      expect(after).toEqual(before);
      expect(after.emails).not.toContain("stray@example.org");
      expect(new Set(after.emails).size).toBe(EXPECTED_ACCOUNTS.length);
      expect(after.slugs).toEqual(["ordenanza-movilidad-sostenible", "presupuestos-participativos-2027"]);
      expect(after.documentVersions).toBe(2);
    } finally {
      second.close();
    }
  });

  it("refuses to wipe a production database and leaves it untouched", async () => {
    const url = join(dir, "prod.db");
    await seed(url);
    // A marker row that a wipe would remove.
    const marked = openDatabase(url);
    marked.db.insert(users).values({ email: "marker@example.org", name: "Marker", passwordHash: "x", locale: "es", createdAt: new Date() }).run();
    marked.close();
    const failure = await seed(url, { NODE_ENV: "production" }).then(
      () => null,
      (error: unknown) => error as { code?: number; stderr?: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("Refusing to wipe a production database");
    const database = openDatabase(url);
    try {
      expect(snapshot(database.db).emails).toContain("marker@example.org");
    } finally {
      database.close();
    }
  });
});
