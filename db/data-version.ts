import type Database from "better-sqlite3";

/**
 * A value that changes whenever the database content may have changed: rows written through
 * this connection (total_changes) or commits by any other connection (PRAGMA data_version).
 * Caches of rendered pages compare it to know they are stale; reading it costs microseconds.
 */
export function createDataVersion(sqlite: Database.Database): () => string {
  // One statement for both numbers: this runs on every cached page view.
  const read = sqlite.prepare("SELECT total_changes() AS own, (SELECT data_version FROM pragma_data_version) AS others");
  return () => {
    const row = read.get() as { own: number; others: number };
    return `${row.own}:${row.others}`;
  };
}
