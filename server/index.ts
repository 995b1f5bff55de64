/**
 * The Redacta process: reads the environment, starts the HTTP + WebSocket server on one port,
 * and shuts down gracefully on SIGTERM/SIGINT (stop accepting, finish requests, close the DB).
 */
import { readEnv } from "./env";
import { startServer } from "./http/start-server";

const env = readEnv();
const server = await startServer(env);
console.log(`Redacta is listening on ${server.url}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
