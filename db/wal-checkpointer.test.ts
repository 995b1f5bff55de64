import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { until } from "../tests/support/collab-client";
import { SqliteCollabStore } from "./collab-store";
import { openDatabase, type Database_ } from "./connection";
import { startWalCheckpointer, type WalCheckpointer } from "./wal-checkpointer";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function fileDatabase(): { database: Database_; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "redacta-checkpoint-"));
  const path = join(dir, "test.db");
  const database = openDatabase(path);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => database.close());
  return { database, path };
}

/** Appends ~`kib` KiB of collaboration updates through the real store, as keystrokes would. */
function writeUpdates(database: Database_, kib: number): void {
  const store = new SqliteCollabStore(database.db);
  const doc = new Y.Doc();
  const chunk = "x".repeat(1024);
  for (let i = 0; i < kib; i++) {
    const before = Y.encodeStateVector(doc);
    doc.getText("t").insert(0, chunk);
    store.append("draft-a", Y.encodeStateAsUpdate(doc, before));
  }
}

describe("WAL checkpoints in a worker thread", () => {
  it("turns off the main connection's automatic checkpoint and folds the WAL into the file from its own thread", async () => {
    const { database, path } = fileDatabase();
    const checkpointer: WalCheckpointer = startWalCheckpointer(database.sqlite, path, { intervalMs: 20 });
    cleanup.push(() => checkpointer.stop());
    expect(database.sqlite.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const before = statSync(path).size;
    writeUpdates(database, 2 * 1024);
    // The database file itself grows only when a checkpoint copies the WAL into it.
    await until(() => statSync(path).size > before + 1024 * 1024, 15_000, "checkpointed into the file");
    // Nothing was lost on the way: a second connection reads every row.
    const other = openDatabase(path);
    try {
      expect(other.sqlite.prepare("SELECT count(*) AS n FROM collab_updates").get()).toEqual({ n: 2 * 1024 });
    } finally {
      other.close();
    }
  }, 20_000);

  it("without it, the main connection alone leaves everything in the WAL (the control)", () => {
    const { database, path } = fileDatabase();
    database.sqlite.pragma("wal_autocheckpoint = 0");
    const before = statSync(path).size;
    writeUpdates(database, 2 * 1024);
    expect(statSync(path).size).toBe(before);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(2 * 1024 * 1024);
  }, 20_000);
});
