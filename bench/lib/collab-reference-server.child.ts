/**
 * Child entry: the reference collaboration server — y-websocket 2.1.0's own `bin/utils`
 * setupWSConnection on a plain node:http server with a `ws` WebSocketServer, exactly as its
 * `bin/server.cjs` wires it, in memory (no YPERSISTENCE), on 127.0.0.1 and a random port.
 * Reports its URL over IPC and answers memory probes.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import type { IncomingMessage } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { reportReady, serveProbe } from "./collab-server-probe";

type SetupWSConnection = (conn: WebSocket, req: IncomingMessage) => void;

try {
  // bin/utils is CommonJS without type declarations; only this one export is used.
  const require = createRequire(import.meta.url);
  const { setupWSConnection } = require("y-websocket/bin/utils") as { setupWSConnection: SetupWSConnection };
  const wss = new WebSocketServer({ noServer: true });
  wss.on("connection", setupWSConnection);
  const server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/plain" });
    response.end("okay");
  });
  server.on("upgrade", (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  serveProbe(() => ({}));
  process.once("SIGTERM", () => process.exit(0));
  reportReady({ type: "ready", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, editorIds: [] });
} catch (error) {
  reportReady({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
