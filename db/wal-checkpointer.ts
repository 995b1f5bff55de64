import type Database from "better-sqlite3";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** A running checkpointer; `stop` ends its thread (the caller then closes the database). */
export interface WalCheckpointer {
  stop(): Promise<void>;
}

/** How often the worker folds the WAL back into the database file. */
export const CHECKPOINT_INTERVAL_MS = 1000;

/*
 * The worker's code, evaluated as CommonJS (no TypeScript loader is needed, in tests, tsx or the
 * production server alike). It opens its own connection to the same file and runs PASSIVE
 * checkpoints: they copy committed WAL frames into the database and fsync it without taking the
 * write lock, so the main connection keeps committing meanwhile.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Moves WAL checkpoints off the main thread (docs/decisions/0004). SQLite's automatic
 * checkpoint runs inside the commit that crosses 1,000 WAL pages, on the connection that
 * commits, with an fsync — on the event loop that also serves every page and keystroke, where it
 * stalled the collaboration server for tens to hundreds of ms. So the main connection's
 * automatic checkpoint is turned off and a worker thread with its own connection checkpoints
 * every `intervalMs`. Closing the main connection still checkpoints what is left.
 * Not for `:memory:` databases (they have no WAL).
 */
export function startWalCheckpointer(
  sqlite: Database.Database,
  path: string,
  options: { intervalMs?: number; logError?: (message: string) => void } = {},
): WalCheckpointer {
  const logError = options.logError ?? ((message: string) => console.error(message));
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS } });
  // The thread must not keep a finished process alive.
  worker.unref();
  sqlite.pragma("wal_autocheckpoint = 0");
  let running = true;
  const exited = new Promise<void>((done) => worker.once("exit", () => done()));
  worker.on("message", (message: { error?: string }) => logError(`SQLite checkpoint failed: ${message.error ?? "unknown"}`));
  worker.on("error", (error) => {
    // Without the worker the WAL would grow without bound: hand checkpoints back to SQLite.
    logError(`SQLite checkpoint worker stopped: ${error.message}`);
    if (running && sqlite.open) sqlite.pragma("wal_autocheckpoint = 1000");
  });
  return {
    async stop() {
      if (!running) return;
      running = false;
      worker.postMessage("stop");
      await exited;
    },
  };
}
