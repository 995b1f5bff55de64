import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Access } from "./document-registry";
import {
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  ProtocolError,
  type ClientMessage,
} from "./protocol";
import type { CollabStore } from "./store";
import { TokenBucket } from "./token-bucket";

/** The limits a shared document enforces. */
export interface DocumentLimits {
  /** Encoded state size above which further updates are refused (DOCUMENT_TOO_LARGE). */
  maxDocumentBytes: number;
  /** Compact the appended updates into the snapshot after this many. */
  compactEvery: number;
  /** Awareness messages per second per connection, and the burst allowed. */
  awarenessPerSecond: number;
  awarenessBurst: number;
  /** Longest awareness state (JSON text) accepted for one client; longer entries are dropped. */
  maxAwarenessStateBytes: number;
}

/** One connection as a shared document sees it: how to reach it and what it may do. */
export interface Peer {
  readonly access: Access;
  /** Whose connection this is: a person may move their presence between their own sockets. */
  readonly userId: number;
  send(message: Uint8Array): void;
}

/** The document reached its size cap; the sender is closed with DOCUMENT_TOO_LARGE. */
export class DocumentTooLargeError extends Error {
  override name = "DocumentTooLargeError";
}

/** Writing to the store failed; nothing was acknowledged and the document must be reloaded. */
export class StoreFailedError extends Error {
  override name = "StoreFailedError";
}

interface PeerState {
  awarenessIds: Set<number>;
  bucket: TokenBucket;
}

/**
 * One collaborative document held in memory while anyone is connected: the Yjs document, the
 * presence (awareness) of its connections, and its persistence.
 *
 * The acknowledgement guarantee: an update is written to the store (its transaction committed)
 * before it is sent to anyone. So whatever a person has seen from someone else survives a crash
 * of the server; an update the server received but had not yet written is still in the sender's
 * browser, which sends it again when it reconnects (y-websocket's sync step 2).
 */
export class SharedDocument {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly peers = new Map<Peer, PeerState>();
  /** Who announced each awareness client id; nobody may speak for another connection's id. */
  private readonly awarenessOwners = new Map<number, Peer>();
  /** Updates Yjs emitted during the current apply, written and broadcast right after it. */
  private unsaved: Uint8Array[] = [];
  /** Highest update id written, and how many were written since the last compaction. */
  private lastUpdateId = 0;
  private sinceCompaction = 0;
  /** An upper bound of the encoded state size: exact after compaction, plus what was appended. */
  private sizeEstimate = 0;
  private loading = true;

  private constructor(
    readonly name: string,
    private readonly store: CollabStore,
    private readonly limits: DocumentLimits,
    private readonly now: () => number,
  ) {
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on("update", (update: Uint8Array) => {
      if (!this.loading) this.unsaved.push(update);
    });
    this.awareness.on("update", ({ added, updated, removed }: AwarenessChange) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      this.broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
    });
  }

  /**
   * Loads a document completely from the store (snapshot, then every later update) before
   * returning it, so no connection is ever served an empty or partial state.
   */
  static async load(name: string, store: CollabStore, limits: DocumentLimits, now: () => number): Promise<SharedDocument> {
    const stored = await store.load(name);
    const shared = new SharedDocument(name, store, limits, now);
    if (stored.snapshot) Y.applyUpdate(shared.doc, stored.snapshot);
    for (const { id, update } of stored.updates) {
      Y.applyUpdate(shared.doc, update);
      shared.lastUpdateId = Math.max(shared.lastUpdateId, id);
    }
    shared.sinceCompaction = stored.updates.length;
    shared.sizeEstimate = (stored.snapshot?.length ?? 0) + stored.updates.reduce((n, u) => n + u.update.length, 0);
    shared.loading = false;
    return shared;
  }

  /** Number of connections attached. */
  get size(): number {
    return this.peers.size;
  }

  /**
   * Attaches a connection and starts the sync: the server's state vector (so the client sends
   * what the server misses) and everyone's presence.
   */
  add(peer: Peer): void {
    this.peers.set(peer, { awarenessIds: new Set(), bucket: new TokenBucket(this.limits.awarenessPerSecond, this.limits.awarenessBurst, this.now()) });
    peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    if (this.awareness.getStates().size > 0) {
      peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
    }
  }

  /** Detaches a connection and withdraws its presence. Returns how many remain. */
  remove(peer: Peer): number {
    const state = this.peers.get(peer);
    if (!state) return this.peers.size;
    this.peers.delete(peer);
    for (const id of state.awarenessIds) {
      if (this.awarenessOwners.get(id) === peer) this.awarenessOwners.delete(id);
    }
    awarenessProtocol.removeAwarenessStates(this.awareness, [...state.awarenessIds], null);
    return this.peers.size;
  }

  /**
   * Handles one decoded message from an attached connection. Throws ProtocolError (close that
   * socket), DocumentTooLargeError (close the sender) or StoreFailedError (reload the document).
   */
  receive(peer: Peer, message: ClientMessage): void {
    const state = this.peers.get(peer);
    if (!state) return;
    switch (message.kind) {
      case "sync-step1":
        peer.send(encodeSyncStep2(this.stateAsUpdate(message.stateVector)));
        return;
      case "sync-step2":
      case "sync-update":
        // Read-only connections: their document changes are dropped, never applied or stored.
        if (peer.access !== "write") return;
        this.applyUpdate(peer, message.update);
        return;
      case "awareness":
        this.applyAwareness(peer, state, message.update);
        return;
      case "query-awareness":
        peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
        return;
    }
  }

  private stateAsUpdate(stateVector: Uint8Array): Uint8Array {
    try {
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    } catch (error) {
      throw new ProtocolError(`Malformed state vector: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private applyUpdate(peer: Peer, update: Uint8Array): void {
    // Decode the whole update before touching the document: a corrupt one is refused whole
    // rather than half-integrated.
    try {
      Y.decodeUpdate(update);
    } catch (error) {
      throw new ProtocolError(`Malformed update: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.sizeEstimate > this.limits.maxDocumentBytes) {
      this.sizeEstimate = Y.encodeStateAsUpdate(this.doc).length;
      if (this.sizeEstimate > this.limits.maxDocumentBytes) {
        throw new DocumentTooLargeError(`${this.name} holds ${this.sizeEstimate} bytes (cap ${this.limits.maxDocumentBytes})`);
      }
    }
    let failure: unknown = null;
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch (error) {
      // Whatever Yjs integrated before failing was emitted as an update: it is saved below, so
      // memory and store agree; the sender is closed.
      failure = error;
    }
    this.saveAndBroadcast();
    if (failure !== null) throw new ProtocolError(`Update rejected: ${failure instanceof Error ? failure.message : String(failure)}`);
  }

  /**
   * Writes what the last apply changed, then sends it to every connection. An apply that
   * changed nothing (a duplicate, or a sync step 2 with nothing new) emitted nothing, so
   * nothing is written.
   */
  private saveAndBroadcast(): void {
    const updates = this.unsaved;
    this.unsaved = [];
    for (const update of updates) {
      try {
        this.lastUpdateId = this.store.append(this.name, update);
      } catch (error) {
        throw new StoreFailedError(`Could not store an update of ${this.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.sinceCompaction++;
      this.sizeEstimate += update.length;
      this.broadcast(encodeSyncUpdate(update));
    }
    if (this.sinceCompaction >= this.limits.compactEvery) this.compact();
  }

  private applyAwareness(peer: Peer, state: PeerState, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update);
    // Rate limit after decoding, so a malformed message is still a protocol error.
    if (!state.bucket.take(this.now())) return;
    const accepted = entries.filter((entry) => {
      if (entry.clientId === this.doc.clientID) return false;
      // Another person's id is impersonation; the same person's is a reconnect whose old socket
      // has not been noticed dead yet, and the new socket takes the presence over.
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner !== undefined && owner !== peer && owner.userId !== peer.userId) return false;
      return entry.state.length <= this.limits.maxAwarenessStateBytes;
    });
    if (accepted.length === 0) return;
    for (const entry of accepted) {
      const previous = this.awarenessOwners.get(entry.clientId);
      if (previous !== undefined && previous !== peer) this.peers.get(previous)?.awarenessIds.delete(entry.clientId);
      this.awarenessOwners.set(entry.clientId, peer);
      state.awarenessIds.add(entry.clientId);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), peer);
  }

  private broadcast(message: Uint8Array): void {
    for (const peer of this.peers.keys()) peer.send(message);
  }

  /**
   * Folds every appended update into one snapshot (the merged state), in one store
   * transaction that also deletes them. Skipped when nothing was appended since the last one.
   */
  compact(): void {
    if (this.sinceCompaction === 0) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    this.store.compact(this.name, state, this.lastUpdateId);
    this.sinceCompaction = 0;
    this.sizeEstimate = state.length;
  }

  /** Releases the document (its awareness timer included). */
  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
