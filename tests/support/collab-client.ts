import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import * as Y from "yjs";
import { encodeSyncUpdate } from "../../collab/server/protocol";

/** A raw WebSocket client of the collaboration endpoint that records what it gets. */
export interface RawCollabClient {
  ws: WebSocket;
  received: Uint8Array[];
  /** Resolves with the close code (or -1 if the handshake itself failed). */
  closed: Promise<number>;
  /** Resolves once the socket is open. */
  opened: Promise<void>;
  send(bytes: Uint8Array): void;
}

/** Opens `/collab/...` on a server as a bare protocol client. */
export function rawCollabClient(baseUrl: string, path: string, headers: Record<string, string> = {}): RawCollabClient {
  const ws = new WebSocket(baseUrl.replace(/^http/, "ws") + path, { headers });
  const received: Uint8Array[] = [];
  ws.binaryType = "nodebuffer";
  ws.on("message", (data: Buffer) => received.push(new Uint8Array(data)));
  const closed = new Promise<number>((resolve) => {
    ws.on("close", (code) => resolve(code));
    ws.on("error", () => resolve(-1));
  });
  const opened = new Promise<void>((resolve) => ws.on("open", () => resolve()));
  return {
    ws,
    received,
    closed,
    opened,
    send: (bytes) => {
      if (ws.readyState === ws.OPEN) ws.send(bytes);
    },
  };
}

/** The document text carried by the sync messages a raw client received (step 2 and updates). */
export function textFromMessages(messages: Uint8Array[], key = "t"): string {
  const doc = new Y.Doc();
  for (const message of messages) {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== 0) continue;
    const sub = decoding.readVarUint(decoder);
    if (sub === 1 || sub === 2) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  }
  return doc.getText(key).toString();
}

/** A sync update message inserting `text` at the end of `doc`'s text `key`. */
export function insertMessage(doc: Y.Doc, text: string, key = "t"): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText(key).insert(doc.getText(key).length, text);
  return encodeSyncUpdate(Y.encodeStateAsUpdate(doc, before));
}

/** Polls until `check` is true, or throws after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
