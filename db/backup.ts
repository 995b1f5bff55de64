import Database from "better-sqlite3";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Backup and restore of a Redacta site (ADR 0010). Everything Redacta keeps is in its one SQLite
 * database: accounts, processes, versions, contributions, mail, the audit log and the
 * collaborative documents (`collab_snapshots`, `collab_updates`, written by db/collab-store.ts
 * through the same connection). Imports are parsed into rows and never kept as files. The only
 * files beside the database are submission attachments (`attachments/<sha256>`) and the registry
 * signing key (`registry-key.pem`, ADR 0016): the backup carries them inside the same file, in a
 * `redacta_backup_files` table, and the restore writes them back beside the target database.
 *
 * A backup is therefore one file: a SQLite database in rollback-journal mode (no -wal beside
 * it), made by SQLite's online backup API from a live database, plus a one-row `redacta_backup`
 * table saying what it is. Restoring checks that table and `PRAGMA integrity_check`, copies the
 * pages into the configured database path and drops the table again.
 */

/** The backup format this code writes and reads. */
export const BACKUP_FORMAT = 1;

/** What a backup or a restore refused to do, said so an operator can act on it. */
export class BackupRefusedError extends Error {
  override readonly name = "BackupRefusedError";
}

/** What a finished backup or restore holds. */
export interface BackupSummary {
  file: string;
  bytes: number;
  pages: number;
  /** Rows per main table, for the operator to compare. */
  rows: Record<string, number>;
}

/** Tables whose row counts the summaries print (the site's content and its history). */
const COUNTED_TABLES = ["users", "processes", "document_versions", "annotations", "comments", "amendments", "submissions", "audit_log", "collab_snapshots", "collab_updates"];

/** Where a database's files live (see the header): overridable as ATTACHMENTS_DIR / REGISTRY_KEY_FILE are. */
export interface SiteFiles {
  attachmentsDir?: string;
  keyFile?: string;
}

function siteFiles(dbPath: string, files: SiteFiles): { attachmentsDir: string; keyFile: string } {
  const dir = dirname(resolve(dbPath));
  return { attachmentsDir: files.attachmentsDir ?? join(dir, "attachments"), keyFile: files.keyFile ?? join(dir, "registry-key.pem") };
}

const KEY_ENTRY = "registry-key.pem";

function countRows(db: Database.Database): Record<string, number> {
  const present = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
  const rows: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    if (!present.has(table)) continue;
    rows[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  }
  return rows;
}

function assertIntact(db: Database.Database, what: string): void {
  const result = db.pragma("integrity_check", { simple: true });
  if (result !== "ok") throw new BackupRefusedError(`${what} fails PRAGMA integrity_check: ${String(result)}`);
}

/**
 * Copies every page in one backup step: the step reads one consistent snapshot (WAL readers
 * never block the server's writers), so the copy holds exactly what was committed when it ran,
 * instead of restarting each time the live server writes between small steps.
 */
const ALL_PAGES = 0x7fffffff;

/** Paths a database file may have beside it. */
const sidecars = (path: string) => [`${path}-wal`, `${path}-shm`, `${path}-journal`];

/**
 * Writes a backup of the live database at `sourcePath` to `file` (created or replaced
 * atomically: written beside it, checked, then renamed). Safe while the server runs and writes.
 */
export async function backupDatabase(sourcePath: string, file: string, now = new Date(), files: SiteFiles = {}): Promise<BackupSummary> {
  if (!existsSync(sourcePath)) throw new BackupRefusedError(`no database at ${sourcePath}`);
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  const source = new Database(sourcePath, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    await source.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  const copy = new Database(partial);
  let summary: BackupSummary;
  try {
    // One self-contained file: leave WAL mode, so no -wal or -shm belongs to the backup.
    copy.pragma("journal_mode = DELETE");
    assertIntact(copy, "the copy");
    copy.exec("CREATE TABLE redacta_backup (format INTEGER NOT NULL, created_at INTEGER NOT NULL, contents TEXT NOT NULL) STRICT");
    copy
      .prepare("INSERT INTO redacta_backup (format, created_at, contents) VALUES (?, ?, ?)")
      .run(BACKUP_FORMAT, now.getTime(), "the whole database, collaborative documents included, with the attachments and the registry key in redacta_backup_files");
    copy.exec("CREATE TABLE redacta_backup_files (name TEXT PRIMARY KEY, bytes BLOB NOT NULL) STRICT");
    const put = copy.prepare("INSERT INTO redacta_backup_files (name, bytes) VALUES (?, ?)");
    const site = siteFiles(sourcePath, files);
    // Attachments are immutable and content-addressed: one read each, no consistency window.
    if (existsSync(site.attachmentsDir)) {
      for (const name of readdirSync(site.attachmentsDir).filter((n) => /^[0-9a-f]{64}$/.test(n))) put.run(name, readFileSync(join(site.attachmentsDir, name)));
    }
    if (existsSync(site.keyFile)) put.run(KEY_ENTRY, readFileSync(site.keyFile));
    const pages = copy.pragma("page_count", { simple: true }) as number;
    summary = { file, bytes: 0, pages, rows: countRows(copy) };
  } catch (error) {
    copy.close();
    rmSync(partial, { force: true });
    throw error;
  }
  copy.close();
  renameSync(partial, file);
  return { ...summary, bytes: statSync(file).size };
}

/** Whether a database already lives at `path` (a non-empty file, or a write-ahead log). */
function occupied(path: string): boolean {
  if (existsSync(path) && statSync(path).size > 0) return true;
  const wal = `${path}-wal`;
  return existsSync(wal) && statSync(wal).size > 0;
}

/**
 * Restores `file` (made by backupDatabase) to `targetPath`. Refuses a target that already holds
 * a database unless `force`; the server must be stopped meanwhile. The restored database is
 * written beside the target and renamed into place only once complete and intact.
 */
export async function restoreDatabase(file: string, targetPath: string, options: { force: boolean } & SiteFiles): Promise<BackupSummary> {
  if (!existsSync(file)) throw new BackupRefusedError(`no backup file at ${file}`);
  if (occupied(targetPath) && !options.force) {
    throw new BackupRefusedError(`${targetPath} already holds a database; stop the server and pass --force to replace it`);
  }
  const backup = new Database(file, { readonly: true, fileMustExist: true });
  const partial = `${targetPath}.restoring-${process.pid}`;
  try {
    const manifest = backup.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'redacta_backup'").get();
    if (!manifest) throw new BackupRefusedError(`${file} is not a Redacta backup (no redacta_backup table)`);
    const row = backup.prepare("SELECT format FROM redacta_backup").get() as { format: number } | undefined;
    if (row?.format !== BACKUP_FORMAT) throw new BackupRefusedError(`${file} has backup format ${String(row?.format)}; this version reads format ${BACKUP_FORMAT}`);
    assertIntact(backup, file);
    mkdirSync(dirname(targetPath), { recursive: true });
    rmSync(partial, { force: true });
    await backup.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    backup.close();
  }
  const restored = new Database(partial);
  let summary: BackupSummary;
  try {
    const site = siteFiles(targetPath, options);
    const hasFiles = restored.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'redacta_backup_files'").get() !== undefined;
    if (hasFiles) {
      mkdirSync(site.attachmentsDir, { recursive: true });
      for (const row of restored.prepare("SELECT name, bytes FROM redacta_backup_files").iterate() as IterableIterator<{ name: string; bytes: Buffer }>) {
        if (row.name === KEY_ENTRY) {
          if (!existsSync(site.keyFile) || options.force) {
            writeFileSync(site.keyFile, row.bytes, { mode: 0o600 });
            chmodSync(site.keyFile, 0o600);
          }
        } else if (/^[0-9a-f]{64}$/.test(row.name)) {
          writeFileSync(join(site.attachmentsDir, row.name), row.bytes);
        }
      }
      restored.exec("DROP TABLE redacta_backup_files");
    }
    restored.exec("DROP TABLE redacta_backup");
    restored.pragma("journal_mode = WAL");
    assertIntact(restored, "the restored database");
    summary = { file: targetPath, bytes: 0, pages: restored.pragma("page_count", { simple: true }) as number, rows: countRows(restored) };
  } catch (error) {
    restored.close();
    rmSync(partial, { force: true });
    for (const path of sidecars(partial)) rmSync(path, { force: true });
    throw error;
  }
  restored.close();
  // The old database's log must not be replayed onto the restored file.
  for (const path of sidecars(targetPath)) rmSync(path, { force: true });
  renameSync(partial, targetPath);
  return { ...summary, bytes: statSync(targetPath).size };
}
