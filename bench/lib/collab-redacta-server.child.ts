/**
 * Child entry: Redacta's real server — startServer (Remix build, express, the upgrade router
 * and CollabServer with SqliteCollabStore, production mode) on 127.0.0.1 and a random port,
 * over a fresh SQLite file at DATABASE_URL. Before starting it inserts the benchmark's people
 * and documents: BENCH_USERS editors and BENCH_DOCUMENTS processes, whose `draft-{slug}`
 * documents editors may write. COLLAB_SECRET (from the parent) signs the clients' tokens.
 *
 * Bytes written to SQLite are counted by wrapping SqliteCollabStore's append and compact (the
 * prototype the server's own store instance uses); the wrapper adds two additions per call.
 * After the run the parent also reads what is still stored, through a second connection.
 */
import { inArray } from "drizzle-orm";
import { SqliteCollabStore } from "../../db/collab-store";
import { openDatabase } from "../../db/connection";
import { processes, sessions, userRoles, users } from "../../db/schema";
import { readEnv } from "../../server/env";
import { startServer } from "../../server/http/start-server";
import { benchEditorEmail, benchProcessSlug, benchSessionId, reportReady, serveProbe } from "./collab-server-probe";

const written = { appendCount: 0, appendBytes: 0, compactCount: 0, snapshotBytes: 0, appendMs: 0, appendMaxMs: 0, appendsOver5ms: 0 };

function countWrites(): void {
  const { append, compact } = SqliteCollabStore.prototype;
  SqliteCollabStore.prototype.append = function countedAppend(this: SqliteCollabStore, document: string, update: Uint8Array): number {
    const started = performance.now();
    const id = append.call(this, document, update);
    const ms = performance.now() - started;
    written.appendMs += ms;
    if (ms > written.appendMaxMs) written.appendMaxMs = ms;
    if (ms > 5) written.appendsOver5ms++;
    written.appendCount++;
    written.appendBytes += update.byteLength;
    return id;
  };
  SqliteCollabStore.prototype.compact = function countedCompact(this: SqliteCollabStore, document: string, state: Uint8Array, upToId: number): void {
    compact.call(this, document, state, upToId);
    written.compactCount++;
    written.snapshotBytes += state.byteLength;
  };
}

/** Inserts the editors and processes; returns the editors' ids in order. */
function insertFixtures(databaseUrl: string, editorCount: number, documentCount: number): number[] {
  const { db, close } = openDatabase(databaseUrl);
  try {
    const now = new Date();
    const emails = Array.from({ length: editorCount }, (_x, i) => benchEditorEmail(i));
    db.transaction((tx) => {
      for (const email of emails) tx.insert(users).values({ email, name: email, passwordHash: "not-used", locale: "en", verifiedAt: now, createdAt: now }).run();
      const ids = tx.select({ id: users.id }).from(users).where(inArray(users.email, emails)).all();
      for (const { id } of ids) tx.insert(userRoles).values({ userId: id, role: "editor", grantedAt: now }).run();
      // Collab tokens are bound to a live session: one per editor, named so the parent can sign.
      for (const { id } of ids) tx.insert(sessions).values({ id: benchSessionId(id), userId: id, createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) }).run();
      for (let d = 0; d < documentCount; d++) {
        tx.insert(processes).values({ slug: benchProcessSlug(d), kind: "regulation", title: `Benchmark document ${d + 1}`, publishedAt: now, createdAt: now }).run();
      }
    });
    const rows = db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails)).all();
    const byEmail = new Map(rows.map((r) => [r.email, r.id]));
    return emails.map((email) => {
      const id = byEmail.get(email);
      if (id === undefined) throw new Error(`Benchmark editor ${email} was not stored`);
      return id;
    });
  } finally {
    close();
  }
}

try {
  if (process.env.NODE_ENV !== "production") throw new Error("NODE_ENV must be production in the child's environment");
  const env = readEnv({ ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", SEED_DEMO: "false" });
  const editorIds = insertFixtures(env.DATABASE_URL, Number(process.env.BENCH_USERS), Number(process.env.BENCH_DOCUMENTS));
  countWrites();
  const server = await startServer(env, { log: () => undefined });
  // What is still stored after the run (updates not compacted, snapshots), read on request.
  const inspect = openDatabase(env.DATABASE_URL);
  const inspectStore = new SqliteCollabStore(inspect.db);
  const documentCount = Number(process.env.BENCH_DOCUMENTS);
  serveProbe(() => {
    let storedUpdates = 0;
    let storedBytes = 0;
    for (let d = 0; d < documentCount; d++) {
      const stats = inspectStore.stats(`draft-${benchProcessSlug(d)}`);
      storedUpdates += stats.updates;
      storedBytes += stats.updateBytes + stats.snapshotBytes;
    }
    return { ...written, storedUpdates, storedBytes };
  });
  process.once("SIGTERM", () => {
    inspect.close();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  reportReady({ type: "ready", url: server.url, editorIds });
} catch (error) {
  reportReady({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
