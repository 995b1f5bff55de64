/**
 * Child entry: the real Redacta server (startServer, production mode, demo seed) on
 * 127.0.0.1 and a random port, with the database at DATABASE_URL. Started by
 * bench/lib/child-server.ts; reports its URL over IPC; SIGTERM closes it gracefully.
 */
import { readEnv } from "../../server/env";
import { startServer } from "../../server/http/start-server";
import { reportToParent } from "./child-server";

try {
  // React and Remix choose their production builds from process.env, not from our Env object;
  // measuring development builds would be meaningless.
  if (process.env.NODE_ENV !== "production") throw new Error("NODE_ENV must be production in the child's environment");
  const env = readEnv({ ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", SEED_DEMO: "true" });
  const server = await startServer(env, { log: () => undefined });
  process.once("SIGTERM", () => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  reportToParent({ type: "ready", url: server.url });
} catch (error) {
  reportToParent({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
