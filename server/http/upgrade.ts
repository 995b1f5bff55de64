import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

/** A handler for WebSocket upgrades under one path prefix. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Routes HTTP upgrade requests by path prefix (e.g. `/collab/` to the collaboration server).
 * Anything else is answered 404 and the socket closed, so stray upgrades cost nothing.
 */
export function createUpgradeRouter(routes: Array<[prefix: string, handler: UpgradeHandler]>): UpgradeHandler {
  return (req, socket, head) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = routes.find(([prefix]) => path.startsWith(prefix));
    if (route) {
      route[1](req, socket, head);
      return;
    }
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  };
}
