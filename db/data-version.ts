import type Database from "better-sqlite3";

/**
 * A value that changes whenever the database content may have changed: rows written through
 * this connection (total_changes) or commits by any other connection (PRAGMA data_version).
 * Caches of rendered pages compare it to know they are stale; reading it costs microseconds.
 */
export function createDataVersion(sqlite: Database.Database): () => string {
  const ownChanges = sqlite.prepare("SELECT total_changes() AS n").pluck();
  const otherCommits = sqlite.prepare("PRAGMA data_version").pluck();
  return () => `${String(ownChanges.get())}:${String(otherCommits.get())}`;
}
