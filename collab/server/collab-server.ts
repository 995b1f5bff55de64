import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { CLOSE } from "../close-codes";

/** Caps every incoming WebSocket message (DESIGN.md: maxPayload is capped). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Finds the collaborative document a `/collab/{name}` path names, or null if none exists. */
export type DocumentResolver = (name: string) => { name: string } | null;

/**
 * The collaboration endpoint on the main HTTP port. It accepts the WebSocket handshake and then
 * decides: documents it cannot find are closed with UNKNOWN_DOCUMENT, a named code the client
 * understands. The y-websocket sync protocol for amendment documents plugs in here.
 */
export class CollabServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });

  constructor(private readonly resolveDocument: DocumentResolver) {}

  /** Handles an HTTP upgrade whose path starts with /collab/. */
  handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    let name = "";
    try {
      name = decodeURIComponent(path.slice("/collab/".length));
    } catch {
      name = "";
    }
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const document = name ? this.resolveDocument(name) : null;
      if (!document) {
        ws.close(CLOSE.UNKNOWN_DOCUMENT, "unknown document");
        return;
      }
      ws.close(CLOSE.FORBIDDEN, "not open for editing");
    });
  };

  /** Closes every connection (server shutdown). */
  close(): void {
    for (const client of this.wss.clients) client.close(CLOSE.GOING_AWAY, "server shutting down");
    this.wss.close();
  }
}
