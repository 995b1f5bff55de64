import Database from "better-sqlite3";
import { and, eq } from "drizzle-orm";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentSchema } from "../../collab/schema";
import { restoreDatabase } from "../../db/backup";
import { openDatabase, type Database_ } from "../../db/connection";
import { documentVersions, phases, processes, users } from "../../db/schema";
import { COOKIE } from "../../server/http/cookies";
import { versionText } from "../../server/services/annotations/anchoring";
import { verifyAuditChain } from "../../server/services/audit-chain";
import { createSession } from "../../server/services/sessions";
import { startChildServer, type ChildServer } from "../support/child-server";
import { TestClient } from "../support/http-client";

/**
 * `npm run backup -- FILE` copies the live database while the real server keeps taking writes;
 * `npm run restore -- FILE` puts it into a fresh data directory, where every comment the server
 * acknowledged before the backup began is present and the database is intact.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const DAY = 86_400_000;
/** Writers posting comments at once, and how long the test may take at most. */
const WRITERS = 3;
const BOUND_MS = 60_000;

let dir: string;
let live: string;
let server: ChildServer;
let inspect: Database_;
let page: string;

/** Runs `npm run <script> -- args` with DATABASE_URL set, as an operator would. */
function npmRun(script: string, args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npm", ["run", "--silent", script, "--", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: BOUND_MS }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "redacta-backup-"));
  live = join(dir, "live", "redacta.db");
  server = await startChildServer(live);
  inspect = openDatabase(live);
  const db = inspect.db;
  const processId = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, SLUG)).get()?.id ?? 0;
  const content = db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.processId, processId)).get()?.content ?? "";
  const clauseId = versionText("1", documentSchema.nodeFromJSON(JSON.parse(content))).clauses.find((c) => c.text !== "")?.id ?? "";
  page = `/processes/${SLUG}/clauses/${clauseId}`;
  db.delete(phases).where(and(eq(phases.processId, processId), eq(phases.kind, "debate"))).run();
  db.insert(phases).values({ processId, kind: "debate", startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() + DAY) }).run();
});

afterAll(async () => {
  inspect?.close();
  server?.child.kill("SIGTERM");
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

async function writer(email: string, acknowledged: number[], stop: { now: boolean }): Promise<void> {
  const client = new TestClient(server.url);
  const id = inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id ?? 0;
  client.setCookie(COOKIE.session, createSession(inspect.db, id).token);
  let n = 0;
  while (!stop.now) {
    const response = await client.postForm(page, { intent: "comment", formKey: "new", stance: "", body: `Comentario ${email} ${n++}` });
    expect(response.status).toBe(303);
    const match = /#comment-(\d+)$/.exec(response.headers.get("location") ?? "");
    if (!match?.[1]) throw new Error(`no comment id in ${response.headers.get("location")}`);
    acknowledged.push(Number(match[1]));
  }
}

describe("backup and restore", () => {
  it("backs up under write load; the restore has every comment acknowledged before, and integrity_check ok", async () => {
    const started = Date.now();
    const acknowledged: number[] = [];
    const stop = { now: false };
    const writers = ["resident@example.org", "verified@example.org", "ngo@example.org"].slice(0, WRITERS).map((email) => writer(email, acknowledged, stop));
    while (acknowledged.length < 30 && Date.now() - started < BOUND_MS / 3) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);

    const before = [...acknowledged];
    const file = join(dir, "site.redacta-backup");
    const backup = await npmRun("backup", [file], live);
    const duringBackup = acknowledged.length - before.length;
    stop.now = true;
    await Promise.all(writers);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`backup written to ${file}`);
    // The writes really ran while the backup did.
    expect(duringBackup).toBeGreaterThan(0);

    const fresh = join(dir, "fresh", "data", "redacta.db");
    const restore = await npmRun("restore", [file], fresh);
    expect(restore.code, restore.stderr).toBe(0);

    const restored = new Database(fresh, { readonly: true });
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    const present = new Set((restored.prepare("SELECT id FROM comments").all() as Array<{ id: number }>).map((r) => r.id));
    expect(before.filter((id) => !present.has(id))).toEqual([]);
    // The whole site came along: the collaborative documents' tables and no backup marker.
    const tables = (restored.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(["collab_snapshots", "collab_updates", "audit_log", "users"]));
    expect(tables).not.toContain("redacta_backup");
    restored.close();
    const reopened = openDatabase(fresh);
    expect(verifyAuditChain(reopened.db).ok).toBe(true);
    reopened.close();
    // The files beside the database came along too: every attachment under its hash, and the registry key.
    const blobs = (at: string) => readdirSync(join(dirname(at), "attachments")).filter((n) => !n.startsWith(".")).sort();
    expect(blobs(live).length).toBeGreaterThan(0);
    expect(blobs(fresh)).toEqual(blobs(live));
    for (const name of blobs(live)) expect(readFileSync(join(dirname(fresh), "attachments", name)).equals(readFileSync(join(dirname(live), "attachments", name)))).toBe(true);
    expect(readFileSync(join(dirname(fresh), "registry-key.pem"), "utf8")).toBe(readFileSync(join(dirname(live), "registry-key.pem"), "utf8"));
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
  }, BOUND_MS + 10_000);

  it("refuses to restore over a database without --force, and replaces it with --force", async () => {
    const file = join(dir, "site.redacta-backup");
    const target = join(dir, "fresh", "data", "redacta.db");
    const bytes = readFileSync(target);
    const refused = await npmRun("restore", [file], target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(target).equals(bytes)).toBe(true);

    // The same functions the commands call, without another two process starts.
    await expect(restoreDatabase(live, join(dir, "other", "redacta.db"), { force: true })).rejects.toThrow(/not a Redacta backup/);
    await restoreDatabase(file, target, { force: true });
    const restored = new Database(target, { readonly: true });
    expect(restored.pragma("integrity_check", { simple: true })).toBe("ok");
    restored.close();
  }, BOUND_MS);
});
