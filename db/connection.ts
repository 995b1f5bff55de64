import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;

/** An open database: the drizzle handle and the raw connection (for pragmas and close). */
export interface Database_ {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

const migrationsFolder = new URL("./migrations", import.meta.url).pathname;

/**
 * Turns a DATABASE_URL into a file path: accepts `file:path`, `sqlite://path`, a bare path,
 * or `:memory:`.
 */
export function databasePath(url: string): string {
  if (url === ":memory:") return url;
  return url.replace(/^file:(\/\/)?/, "").replace(/^sqlite:\/\//, "");
}

/**
 * Opens (creating if needed) the SQLite database with WAL, foreign keys and a busy timeout,
 * and applies every committed migration before returning.
 */
export function openDatabase(url: string): Database_ {
  const path = databasePath(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return { db, sqlite, close: () => sqlite.close() };
}
