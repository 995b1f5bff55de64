import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Database_ } from "../../db/connection";
import { readEnv } from "../../server/env";
import { startServer, type RunningServer } from "../../server/http/start-server";

/** A real Redacta server on a random 127.0.0.1 port with its own fresh SQLite file. */
export interface TestServer extends RunningServer {
  databaseUrl: string;
  /** A second connection to the same database, for assertions ("nothing stored"). */
  inspect: Database_;
  /** Stops the server and deletes its database. */
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Seed the demo council (default true). */
  seed?: boolean;
  env?: Record<string, string>;
  now?: () => Date;
}

/** Starts a server for one test file. Call `stop()` in afterAll. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "redacta-test-"));
  const databaseUrl = join(dir, "test.db");
  const env = readEnv({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    SEED_DEMO: options.seed === false ? "false" : "true",
    ...options.env,
  });
  const server = await startServer(env, { now: options.now, log: () => undefined });
  const inspect = openDatabase(databaseUrl);
  return {
    ...server,
    databaseUrl,
    inspect,
    async stop() {
      inspect.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
