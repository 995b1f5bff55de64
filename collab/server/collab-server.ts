import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { CLOSE, type CloseCode } from "../close-codes";
import { verifyCollabToken } from "./collab-token";
import { ConnectionCounter } from "./connection-limits";
import { documentNameFromUrl, queryOf } from "./document-name";
import type { Access, DocumentRegistry } from "./document-registry";
import { checkEditorVersion } from "./editor-version";
import { checkOrigin } from "./origin";
import { decodeClientMessage, ProtocolError } from "./protocol";
import { DocumentReplacedError, DocumentTooLargeError, SharedDocument, StoreFailedError, type DocumentLimits, type Peer } from "./shared-document";
import type { CollabStore } from "./store";

/** Caps every incoming WebSocket message (DESIGN.md: maxPayload is capped). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Every limit of the collaboration server; see DEFAULT_LIMITS for the values and why. */
export interface CollabLimits extends DocumentLimits {
  /** Largest WebSocket message; larger ones close the socket with TOO_LARGE (1009). */
  maxPayloadBytes: number;
  /** Open connections per user, across documents. */
  connectionsPerUser: number;
  /** Open connections per document. */
  connectionsPerDocument: number;
  /** A socket must be authenticated, authorized and attached within this time. */
  authTimeoutMs: number;
  /** Messages a client may send before its document is ready (they are queued, then handled). */
  maxQueuedMessages: number;
  /** A connection whose unsent backlog exceeds this is too slow to follow and is closed. */
  maxBufferedBytes: number;
  /** Interval of the ping that finds dead connections. */
  heartbeatMs: number;
}

/** The limits used unless a test or the server says otherwise. */
export const DEFAULT_LIMITS: CollabLimits = {
  maxPayloadBytes: MAX_PAYLOAD_BYTES,
  // An amendment or a draft is a few hundred KiB at most; 4 MiB leaves room for history.
  maxDocumentBytes: 4 * 1024 * 1024,
  // No timed window: what arrived during one event-loop turn is written as one row when the
  // turn ends, then sent (docs/decisions/0004). A window is paid in full as fan-out latency.
  flushDelayMs: 0,
  flushAtBytes: 64 * 1024,
  // A snapshot is rewritten when as many bytes were appended since the last one (at least 32 KiB).
  compactAtBytes: 32 * 1024,
  compactEvery: 1000,
  awarenessPerSecond: 10,
  awarenessBurst: 20,
  maxAwarenessStateBytes: 16 * 1024,
  connectionsPerUser: 20,
  connectionsPerDocument: 100,
  authTimeoutMs: 10_000,
  maxQueuedMessages: 64,
  maxBufferedBytes: 16 * 1024 * 1024,
  heartbeatMs: 30_000,
};

type MaybePromise<T> = T | Promise<T>;

/** What the server injects: who is who, which documents exist, where they are stored. */
export interface CollabServerOptions<U extends { id: number }> {
  /** The authorize hook: document families and who may write or read them. */
  documents: DocumentRegistry<U>;
  /** Where updates and snapshots go (db/collab-store.ts in production). */
  store: CollabStore;
  /** The person behind the request's Cookie header (the session), or null. Blocked people are null. */
  userFromCookie(cookieHeader: string | undefined): MaybePromise<U | null>;
  /**
   * The person a collab token was issued to, or null when gone or blocked, or when the
   * credential that minted the token (`binding`) has ended or is not theirs.
   */
  userById(id: number, binding: string): MaybePromise<U | null>;
  /** The HMAC key of collab tokens. */
  tokenSecret: Buffer;
  /** The public origin (PUBLIC_URL); without it, the Origin must match the Host header. */
  publicOrigin?: string;
  /** EDITOR_SCHEMA_VERSION of collab/schema. */
  editorSchemaVersion: number;
  limits?: Partial<CollabLimits>;
  /** Server time in ms since the epoch, for token expiry (tests pin it). */
  now?: () => number;
  /** Where failures of the server itself are reported (default console.error). */
  logError?: (message: string, error: unknown) => void;
}

interface DocumentEntry {
  name: string;
  promise: Promise<SharedDocument>;
  doc: SharedDocument | null;
  holders: number;
  /** A store failure: the in-memory state may hold unsaved changes and must not be compacted. */
  failed: boolean;
}

/** One socket through its life: pending (hooks running) → open (attached) → closed. */
interface Connection<U> extends Peer {
  userId: number;
  ws: WebSocket;
  document: string;
  user: U | null;
  counted: boolean;
  /** The document entry this connection holds (counted in its `holders`). */
  entry: DocumentEntry | null;
  shared: SharedDocument | null;
  queue: Uint8Array[];
  closed: boolean;
  alive: boolean;
  access: Access;
}

/**
 * The collaboration server: the y-websocket protocol at `/collab/{document}`, composed of
 * single-purpose hooks run in order on every upgrade —
 * document name → editor version → origin → authenticate (collab token or session cookie) →
 * authorize (document registry: write, read or refused) → connection limits → load (shared,
 * complete before any sync) — then sync, awareness and persistence in SharedDocument.
 * Every refusal is a named close code from collab/close-codes.ts.
 */
export class CollabServer<U extends { id: number }> {
  private readonly limits: CollabLimits;
  private readonly wss: WebSocketServer;
  private readonly documents = new Map<string, DocumentEntry>();
  private readonly counter: ConnectionCounter;
  private readonly byUser = new Map<number, Set<Connection<U>>>();
  private readonly connections = new Set<Connection<U>>();
  private readonly now: () => number;
  private readonly logError: (message: string, error: unknown) => void;
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: CollabServerOptions<U>) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.logError = options.logError ?? ((message, error) => console.error(message, error));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxPayloadBytes });
    this.counter = new ConnectionCounter({ perUser: this.limits.connectionsPerUser, perDocument: this.limits.connectionsPerDocument });
    this.heartbeat = setInterval(() => this.ping(), this.limits.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Handles an HTTP upgrade whose path starts with /collab/. */
  handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (this.closed) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.accept(ws, req);
    });
  };

  /** Closes every socket of a person with ACCESS_REVOKED (logout, blocking). */
  revokeUser(userId: number): void {
    for (const connection of [...(this.byUser.get(userId) ?? [])]) this.closeConnection(connection, CLOSE.ACCESS_REVOKED, "access revoked");
  }

  /** Closes a person's sockets on one document with ACCESS_REVOKED (a co-author removed). */
  revokeUserFromDocument(userId: number, document: string): void {
    for (const connection of [...(this.byUser.get(userId) ?? [])]) {
      if (connection.document === document) this.closeConnection(connection, CLOSE.ACCESS_REVOKED, "access revoked");
    }
  }

  /**
   * Asks the registry again for everyone on `document`, after something that decides access
   * changed (a submit freezes an amendment, a co-author leaves). Those now refused are closed
   * with ACCESS_REVOKED, those whose level changed with ACCESS_CHANGED (they reconnect with the
   * new level). Synchronous, so the caller can freeze a document knowing that no write lands
   * after this returns.
   */
  reauthorize(document: string): void {
    // Pending updates were received while their authors had access: write them now, so none
    // lands after this returns (or fail the document, which closes everyone anyway).
    this.flush(document);
    for (const connection of [...this.connections]) {
      if (connection.document !== document || !connection.user) continue;
      const access = this.options.documents.access(connection.user, document);
      if (access === null || access === "unknown") this.closeConnection(connection, CLOSE.ACCESS_REVOKED, "access revoked");
      else if (access !== connection.access) this.closeConnection(connection, CLOSE.ACCESS_CHANGED, "access changed");
    }
  }

  /**
   * Writes a loaded document's pending group commit now (and sends it), so what the store holds
   * is everything the server has accepted — e.g. before a submit reads the store to freeze it.
   * A failed write fails the document, as a timed one would.
   */
  flush(document: string): void {
    const entry = this.documents.get(document);
    if (entry?.doc && !entry.failed) {
      try {
        entry.doc.flush();
      } catch (error) {
        this.failDocument(entry, error);
      }
    }
  }

  /** Open connections of a user (for tests and metrics). */
  connectionsOf(userId: number): number {
    return this.counter.ofUser(userId);
  }

  /** Names of the documents held in memory. */
  loadedDocuments(): string[] {
    return [...this.documents.keys()];
  }

  /**
   * Server shutdown: compacts every loaded document (which writes its pending updates), closes every socket with GOING_AWAY and
   * stops touching the store (the caller closes the database next).
   */
  close(): void {
    if (this.closed) return;
    for (const [name, entry] of this.documents) {
      if (entry.doc && !entry.failed) this.compactSafely(name, entry.doc);
    }
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const connection of [...this.connections]) this.closeConnection(connection, CLOSE.GOING_AWAY, "server shutting down");
    for (const entry of this.documents.values()) entry.doc?.destroy();
    this.documents.clear();
    this.wss.close();
  }

  private async accept(ws: WebSocket, req: IncomingMessage): Promise<void> {
    const connection: Connection<U> = {
      ws,
      document: "",
      user: null,
      userId: 0,
      counted: false,
      entry: null,
      shared: null,
      queue: [],
      closed: false,
      alive: true,
      access: "read",
      send: (message) => this.send(connection, message),
    };
    this.connections.add(connection);
    // ws reports protocol violations (an oversized frame: 1009, bad framing: 1002) by closing the
    // socket itself with the right code; the 'error' event only tells us why, and nothing else
    // is to be done.
    ws.on("error", () => undefined);
    ws.on("pong", () => {
      connection.alive = true;
    });
    ws.on("message", (data, isBinary) => this.onMessage(connection, data, isBinary));
    ws.on("close", () => this.onClose(connection));
    const timeout = setTimeout(() => this.closeConnection(connection, CLOSE.UNAUTHENTICATED, "authentication timed out"), this.limits.authTimeoutMs);
    try {
      const refusal = await this.admit(connection, req);
      if (refusal) this.closeConnection(connection, refusal.code, refusal.reason);
    } catch (error) {
      this.logError(`collab: could not open ${connection.document}`, error);
      this.closeConnection(connection, CLOSE.GOING_AWAY, "document unavailable");
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Runs the hooks in order; returns the refusal, or null once the connection is attached. */
  private async admit(connection: Connection<U>, req: IncomingMessage): Promise<{ code: CloseCode; reason: string } | null> {
    const { documents } = this.options;
    const name = documentNameFromUrl(req.url);
    if (name === null || !documents.isKnown(name)) return { code: CLOSE.UNKNOWN_DOCUMENT, reason: "unknown document" };
    connection.document = name;
    const query = queryOf(req.url);
    if (checkEditorVersion(query.get("schema"), this.options.editorSchemaVersion)) {
      return { code: CLOSE.EDITOR_OUTDATED, reason: "editor outdated: reload the page" };
    }
    const token = query.get("token");
    // Nothing to authenticate with at all: say so, rather than blame the (absent) Origin.
    if (token === null && req.headers.cookie === undefined) return { code: CLOSE.UNAUTHENTICATED, reason: "sign in to collaborate" };
    const origin = checkOrigin({ origin: req.headers.origin, host: req.headers.host, publicOrigin: this.options.publicOrigin, viaToken: token !== null });
    if (origin) return { code: origin, reason: "origin not allowed" };

    const user = await this.authenticate(token, name, req.headers.cookie);
    if (connection.closed) return null;
    if (!user) return { code: CLOSE.UNAUTHENTICATED, reason: "sign in to collaborate" };
    connection.user = user;
    connection.userId = user.id;

    const access = documents.access(user, name);
    if (access === "unknown") return { code: CLOSE.UNKNOWN_DOCUMENT, reason: "unknown document" };
    if (access === null) return { code: CLOSE.FORBIDDEN, reason: "not allowed on this document" };
    connection.access = access;

    if (!this.counter.acquire(user.id, name)) return { code: CLOSE.TOO_MANY_CONNECTIONS, reason: "too many connections" };
    connection.counted = true;
    let mine = this.byUser.get(user.id);
    if (!mine) this.byUser.set(user.id, (mine = new Set()));
    mine.add(connection);

    const entry = this.acquireDocument(name);
    connection.entry = entry;
    const shared = await entry.promise;
    if (connection.closed || this.closed) return null;
    connection.shared = shared;
    shared.add(connection);
    for (const message of connection.queue.splice(0)) {
      if (connection.closed) break;
      this.handle(connection, message);
    }
    return null;
  }

  private async authenticate(token: string | null, document: string, cookieHeader: string | undefined): Promise<U | null> {
    if (token !== null) {
      const claims = verifyCollabToken(this.options.tokenSecret, token, document, this.now());
      return claims ? await this.options.userById(claims.userId, claims.binding) : null;
    }
    return await this.options.userFromCookie(cookieHeader);
  }

  private onMessage(connection: Connection<U>, data: RawData, isBinary: boolean): void {
    if (connection.closed) return;
    if (!isBinary) {
      this.closeConnection(connection, CLOSE.PROTOCOL_ERROR, "binary messages only");
      return;
    }
    const bytes = toBytes(data);
    if (!connection.shared) {
      // Clients speak first (sync step 1) without waiting for us: keep a few messages until
      // the document is ready, and no more.
      connection.queue.push(bytes);
      if (connection.queue.length > this.limits.maxQueuedMessages) this.closeConnection(connection, CLOSE.PROTOCOL_ERROR, "too many messages before ready");
      return;
    }
    this.handle(connection, bytes);
  }

  private handle(connection: Connection<U>, bytes: Uint8Array): void {
    const shared = connection.shared;
    if (!shared) return;
    try {
      shared.receive(connection, decodeClientMessage(bytes));
    } catch (error) {
      if (error instanceof ProtocolError) this.closeConnection(connection, CLOSE.PROTOCOL_ERROR, "malformed message");
      else if (error instanceof DocumentTooLargeError) this.closeConnection(connection, CLOSE.DOCUMENT_TOO_LARGE, "document too large");
      else if (error instanceof DocumentReplacedError) this.closeConnection(connection, CLOSE.DOCUMENT_REPLACED, "document replaced: reload the page");
      else if (error instanceof StoreFailedError && connection.entry) this.failDocument(connection.entry, error);
      else {
        this.logError(`collab: unexpected failure on ${connection.document}`, error);
        this.closeConnection(connection, CLOSE.PROTOCOL_ERROR, "message rejected");
      }
    }
  }

  /**
   * The store refused a write: what is in memory is no longer what is stored. Everyone on the
   * document is disconnected (they reconnect and resend what they have) and the document is
   * dropped from memory without compaction, to be reloaded from what was stored.
   */
  private failDocument(entry: DocumentEntry, error: unknown): void {
    if (entry.failed) return;
    this.logError(`collab: storing ${entry.name} failed; reloading it`, error);
    entry.failed = true;
    // New connections load a fresh copy from the store; this one goes when its holders leave.
    if (this.documents.get(entry.name) === entry) this.documents.delete(entry.name);
    for (const connection of [...this.connections]) {
      if (connection.entry === entry) this.closeConnection(connection, CLOSE.GOING_AWAY, "document reloading");
    }
  }

  /** What a document's timed flush could not throw: a failed write, or a failed compaction. */
  private documentFailed(entry: DocumentEntry, error: unknown): void {
    if (error instanceof StoreFailedError) this.failDocument(entry, error);
    else this.logError(`collab: compacting ${entry.name} failed`, error);
  }

  private send(connection: Connection<U>, message: Uint8Array): void {
    const { ws } = connection;
    if (connection.closed || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.closeConnection(connection, CLOSE.GOING_AWAY, "connection too slow");
      return;
    }
    ws.send(message, { binary: true });
  }

  private closeConnection(connection: Connection<U>, code: CloseCode, reason: string): void {
    if (connection.closed) return;
    connection.ws.close(code, reason);
    // A client that never answers the close handshake is cut after a grace period.
    setTimeout(() => connection.ws.terminate(), 5_000).unref();
    this.onClose(connection);
  }

  private onClose(connection: Connection<U>): void {
    if (connection.closed) return;
    connection.closed = true;
    connection.queue = [];
    this.connections.delete(connection);
    if (connection.user) {
      const mine = this.byUser.get(connection.user.id);
      mine?.delete(connection);
      if (mine?.size === 0) this.byUser.delete(connection.user.id);
      if (connection.counted) this.counter.release(connection.user.id, connection.document);
    }
    if (connection.shared && !this.closed) connection.shared.remove(connection);
    if (connection.entry) this.releaseDocument(connection.entry);
  }

  /** The document, loaded once however many connections ask at the same time. */
  private acquireDocument(name: string): DocumentEntry {
    let entry = this.documents.get(name);
    if (!entry) {
      const created: DocumentEntry = { name, promise: Promise.resolve(null as unknown as SharedDocument), doc: null, holders: 0, failed: false };
      // Rate limits run on the wall clock even when a test pins the server's clock for tokens.
      created.promise = SharedDocument.load(name, this.options.store, this.limits, Date.now, (error) => this.documentFailed(created, error)).then(
        (doc) => {
          created.doc = doc;
          if (created.holders === 0) this.unload(created);
          return doc;
        },
        (error: unknown) => {
          if (this.documents.get(name) === created) this.documents.delete(name);
          throw error;
        },
      );
      this.documents.set(name, created);
      entry = created;
    }
    entry.holders++;
    return entry;
  }

  /** A connection let go of a document; after the last one, it is compacted and dropped. */
  private releaseDocument(entry: DocumentEntry): void {
    entry.holders--;
    if (entry.holders === 0 && entry.doc) this.unload(entry);
  }

  private unload(entry: DocumentEntry): void {
    if (this.closed) return;
    if (this.documents.get(entry.name) === entry) this.documents.delete(entry.name);
    if (entry.doc && !entry.failed) this.compactSafely(entry.name, entry.doc);
    entry.doc?.destroy();
  }

  private compactSafely(name: string, doc: SharedDocument): void {
    try {
      doc.compact();
    } catch (error) {
      // The appended updates are still stored, so nothing is lost; the next compaction retries.
      this.logError(`collab: compacting ${name} failed`, error);
    }
  }

  private ping(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.ws.terminate();
        this.onClose(connection);
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
