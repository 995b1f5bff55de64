import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import * as schema from "../../db/schema";
import { appendAudit } from "../../server/services/audit";
import { verifyAuditChain } from "../../server/services/audit-chain";

/**
 * The audit log is append-only in the database (UPDATE, DELETE, REPLACE and upserts refused) and
 * hash-chained, so a rewrite made after dropping the triggers is found by `npm run audit -- verify`.
 */

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "redacta-audit-"));
  path = join(dir, "audit.db");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A database with `n` chained entries written by the one writer. */
function logWith(n: number): void {
  const database = openDatabase(path);
  for (let i = 1; i <= n; i++) appendAudit(database.db, { actorId: null, action: "process.update", targetType: "thing", targetId: i, detail: { i } }, new Date(1_700_000_000_000 + i));
  database.close();
}

/** Runs the real `npm run audit -- verify` on the test database. */
function verifyCli(): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile("npm", ["run", "--silent", "audit", "--", "verify"], { env: { ...process.env, DATABASE_URL: path }, timeout: 30_000 }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
}

/** A raw connection that first removes the protecting triggers, as someone with file access could. */
function tamper(sql: string): void {
  const raw = new Database(path);
  raw.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_overwrite;");
  raw.exec(sql);
  raw.close();
}

describe("audit log, append-only", () => {
  it("refuses INSERT OR REPLACE, upserts and a plain INSERT on an existing id; the entry is unchanged", () => {
    logWith(3);
    const raw = new Database(path);
    const before = raw.prepare("SELECT * FROM audit_log WHERE id = 2").get();
    const columns = "(id, actor_id, action, target_type, target_id, detail, created_at, prev_hash, hash)";
    const values = "(2, NULL, 'rewritten', 'thing', '2', '{}', 0, 'x', 'y')";
    expect(() => raw.exec(`INSERT OR REPLACE INTO audit_log ${columns} VALUES ${values}`)).toThrow(/append-only/);
    expect(() => raw.exec(`REPLACE INTO audit_log ${columns} VALUES ${values}`)).toThrow(/append-only/);
    expect(() => raw.exec(`INSERT INTO audit_log ${columns} VALUES ${values} ON CONFLICT(id) DO UPDATE SET action = excluded.action`)).toThrow(/append-only/);
    expect(() => raw.exec(`INSERT INTO audit_log ${columns} VALUES ${values}`)).toThrow(/append-only/);
    expect(() => raw.exec("INSERT INTO audit_log (actor_id, action, target_type, target_id, detail, created_at) VALUES (NULL, 'unchained', 't', '1', '{}', 0)")).toThrow(/hash-chained/);
    expect(raw.prepare("SELECT * FROM audit_log WHERE id = 2").get()).toEqual(before);
    expect(raw.prepare("SELECT count(*) AS n FROM audit_log").get()).toEqual({ n: 3 });
    raw.close();
  });

  it("chains entries from two connections writing in turn, and verify prints OK (exit 0)", async () => {
    const a = openDatabase(path);
    const b = openDatabase(path);
    for (let i = 0; i < 40; i++) appendAudit((i % 2 === 0 ? a : b).db, { actorId: null, action: "process.update", targetType: "thing", targetId: i });
    expect(verifyAuditChain(a.db)).toEqual({ ok: true, entries: 40 });
    a.close();
    b.close();
    const result = await verifyCli();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("OK: 40 audit entries");
  });

  it("finds an entry rewritten through a raw connection that dropped the triggers (exit 1)", async () => {
    logWith(5);
    tamper(`UPDATE audit_log SET detail = '{"i":99}' WHERE id = 3`);
    const result = await verifyCli();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("BROKEN at audit entry 3: content_changed");
  });

  it("finds an entry rewritten with its hash recomputed: the next entry's link breaks", async () => {
    logWith(5);
    const database = openDatabase(path);
    const row = database.sqlite.prepare("SELECT * FROM audit_log WHERE id = 3").get() as { prev_hash: string; created_at: number };
    database.close();
    const { auditEntryHash } = await import("../../server/services/audit-chain");
    const forged = auditEntryHash({ id: 3, actorId: null, action: "process.update", targetType: "thing", targetId: "3", detail: '{"i":99}', createdAt: new Date(row.created_at) }, row.prev_hash);
    tamper(`UPDATE audit_log SET detail = '{"i":99}', hash = '${forged}' WHERE id = 3`);
    const result = await verifyCli();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("BROKEN at audit entry 4: link_broken");
  });

  it("finds a deleted entry (exit 1, at the entry after it)", async () => {
    logWith(5);
    tamper("DELETE FROM audit_log WHERE id = 2");
    const result = await verifyCli();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("BROKEN at audit entry 3: link_broken");
  });

  it("chains entries written before migration 0007 deterministically and protects them too", () => {
    // A database as it was before 0007: migrate with the earlier migrations only.
    const older = join(dir, "migrations");
    cpSync(new URL("../../db/migrations", import.meta.url).pathname, older, { recursive: true });
    const journalPath = join(older, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: Array<{ tag: string }> };
    // Everything from 0007 on is cut: later migrations applied first would leave 0007 looking old.
    journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === "0007_audit_chain"));
    writeFileSync(journalPath, JSON.stringify(journal));
    const legacy = new Database(path);
    migrate(drizzle(legacy, { schema }), { migrationsFolder: older });
    const insert = legacy.prepare("INSERT INTO audit_log (actor_id, action, target_type, target_id, detail, created_at) VALUES (NULL, ?, 'thing', ?, '{}', ?)");
    for (let i = 1; i <= 3; i++) insert.run("legacy", String(i), 1_600_000_000_000 + i);
    legacy.close();

    const database = openDatabase(path);
    expect(verifyAuditChain(database.db)).toEqual({ ok: true, entries: 3 });
    appendAudit(database.db, { actorId: null, action: "process.update", targetType: "thing", targetId: 4 });
    appendAudit(database.db, { actorId: null, action: "process.update", targetType: "thing", targetId: 5 });
    expect(verifyAuditChain(database.db)).toEqual({ ok: true, entries: 5 });
    database.close();
    // A rewritten legacy entry (no stored hash) breaks the first stored entry's link.
    tamper("UPDATE audit_log SET target_id = '99' WHERE id = 2");
    const reopened = openDatabase(path);
    expect(verifyAuditChain(reopened.db)).toEqual({ ok: false, entries: 4, entryId: 4, problem: "link_broken" });
    reopened.close();
  });
});
