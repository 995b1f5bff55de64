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
  /**
   * Group commit: updates applied within this window are merged, written in one append and
   * only then broadcast (0: at the next event-loop turn). The window starts at the first
   * unsaved update and is not extended by later ones, so no update waits longer than this.
   */
  flushDelayMs: number;
  /** Unsaved bytes that trigger the write at once instead of waiting for the window. */
  flushAtBytes: number;
  /**
   * Compaction: when the bytes appended since the last snapshot reach the snapshot's size (but
   * at least this floor), the updates are folded into a new snapshot — so snapshot writes stay
   * proportional to what was appended.
   */
  compactAtBytes: number;
  /** Safety net: compact after this many appends whatever their size (bounds rows replayed on load). */
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

/**
 * The client's copy shares no history with the stored document (it was replaced, e.g. by a
 * reseed): its changes would merge a second document into this one. Close with DOCUMENT_REPLACED.
 */
export class DocumentReplacedError extends Error {
  override name = "DocumentReplacedError";
}

/**
 * Writing to the store failed: nothing of the failed batch was acknowledged, the in-memory
 * document is ahead of the store and must be dropped and reloaded.
 */
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
 *
 * Writes are grouped (docs/decisions/0004): an update is applied to the Y.Doc at once, and what
 * Yjs emitted waits in `unsaved` for at most `flushDelayMs`; then the batch is merged into one
 * update, appended once and broadcast. Between flushes the Y.Doc is ahead of the store, so
 * everything that could reveal its state to someone (answering a sync step 1, compaction) or
 * let it go (unload, shutdown) flushes first.
 */
export class SharedDocument {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly peers = new Map<Peer, PeerState>();
  /** Who announced each awareness client id; nobody may speak for another connection's id. */
  private readonly awarenessOwners = new Map<number, Peer>();
  /** Updates Yjs emitted since the last flush: applied in memory, not yet stored nor sent. */
  private unsaved: Uint8Array[] = [];
  private unsavedBytes = 0;
  /** The document's state vector when the last batch was written: where the next one starts. */
  private flushedVector: Uint8Array = new Uint8Array([0]);
  /** The pending flush (a timeout, or an immediate when flushDelayMs is 0). */
  private flushTimer: { cancel(): void } | null = null;
  /** Highest update id written, and how many were written since the last compaction. */
  private lastUpdateId = 0;
  private sinceCompaction = 0;
  /** Bytes appended since the last snapshot, and that snapshot's size. */
  private appendedBytes = 0;
  private snapshotBytes = 0;
  /** An upper bound of the encoded state size: exact after compaction, plus what was applied. */
  private sizeEstimate = 0;
  private loading = true;
  /** A write failed: memory is ahead of the store for good; nothing more is written or sent. */
  private failed = false;
  /**
   * Set while a client's awareness update is applied unchanged: the listener then only notes
   * that something changed, and the client's own bytes are passed on instead of re-encoded.
   */
  private passingThrough = false;
  private passedChanged = false;

  private constructor(
    readonly name: string,
    private readonly store: CollabStore,
    private readonly limits: DocumentLimits,
    private readonly now: () => number,
    private readonly onFailure: (error: unknown) => void,
  ) {
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on("update", (update: Uint8Array) => {
      if (this.loading) return;
      this.unsaved.push(update);
      this.unsavedBytes += update.length;
      this.sizeEstimate += update.length;
    });
    this.awareness.on("update", ({ added, updated, removed }: AwarenessChange) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      if (this.passingThrough) {
        this.passedChanged = true;
        return;
      }
      this.broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
    });
  }

  /**
   * Loads a document completely from the store (snapshot, then every later update) before
   * returning it, so no connection is ever served an empty or partial state. `onFailure` hears
   * what a timed flush could not throw to anyone: a StoreFailedError (the caller must drop the
   * document and disconnect its connections) or a failed compaction (nothing lost).
   */
  static async load(
    name: string,
    store: CollabStore,
    limits: DocumentLimits,
    now: () => number,
    onFailure: (error: unknown) => void = (error) => {
      throw error;
    },
  ): Promise<SharedDocument> {
    const stored = await store.load(name);
    const shared = new SharedDocument(name, store, limits, now, onFailure);
    if (stored.snapshot) Y.applyUpdate(shared.doc, stored.snapshot);
    for (const { id, update } of stored.updates) {
      Y.applyUpdate(shared.doc, update);
      shared.lastUpdateId = Math.max(shared.lastUpdateId, id);
    }
    shared.sinceCompaction = stored.updates.length;
    shared.snapshotBytes = stored.snapshot?.length ?? 0;
    shared.appendedBytes = stored.updates.reduce((n, u) => n + u.update.length, 0);
    shared.sizeEstimate = shared.snapshotBytes + shared.appendedBytes;
    shared.flushedVector = Y.encodeStateVector(shared.doc);
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
   * socket), DocumentTooLargeError (close the sender), DocumentReplacedError (close that socket
   * for good) or StoreFailedError (reload the document).
   */
  receive(peer: Peer, message: ClientMessage): void {
    const state = this.peers.get(peer);
    if (!state || this.failed) return;
    switch (message.kind) {
      case "sync-step1":
        if (this.replacedFor(message.stateVector)) throw new DocumentReplacedError(`${this.name}: the client's copy shares no history with the stored document`);
        // The answer is the whole in-memory state: what it holds must be stored first.
        this.flush();
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

  /**
   * Whether a client's state vector (its sync step 1, sent on every connect) belongs to another
   * document. A client holds content only after syncing with this server, which gave it the
   * stored document's changes, so a returning client always shares at least one author (Yjs
   * client id) with it. A non-empty copy sharing none was built on a document the server no
   * longer has — one replaced by a reseed or a restore; its sync step 2 would merge both texts.
   * An empty document on either side proves nothing and passes.
   */
  private replacedFor(stateVector: Uint8Array): boolean {
    let clientVector: Map<number, number>;
    try {
      clientVector = Y.decodeStateVector(stateVector);
    } catch (error) {
      throw new ProtocolError(`Malformed state vector: ${error instanceof Error ? error.message : String(error)}`);
    }
    const authors = this.doc.store.clients;
    if (authors.size === 0) return false;
    let holdsContent = false;
    for (const [client, clock] of clientVector) {
      if (clock === 0) continue;
      if (authors.has(client)) return false;
      holdsContent = true;
    }
    return holdsContent;
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
      // Whatever Yjs integrated before failing was emitted as an update: it is saved with the
      // batch, so memory and store agree; the sender is closed.
      failure = error;
    }
    // Structs or deletions that refer to changes the server never had wait in Yjs's pending
    // store, and from there leak into every later sync step 2 (a newcomer then misses real
    // changes behind them). A client only ever builds on what this server sent it — every
    // broadcast is stored first — so such an update is malformed: its dangling part is dropped
    // and the sender closed, while what did integrate is kept like any other change.
    const store = this.doc.store;
    if (failure === null && (store.pendingStructs !== null || store.pendingDs !== null)) {
      store.pendingStructs = null;
      store.pendingDs = null;
      failure = new Error("depends on changes the server does not have");
    }
    this.scheduleFlush();
    if (failure !== null) throw new ProtocolError(`Update rejected: ${failure instanceof Error ? failure.message : String(failure)}`);
  }

  /**
   * After an apply: an apply that changed nothing (a duplicate, or a sync step 2 with nothing
   * new) emitted nothing, so nothing is scheduled. A large batch is written at once (a
   * StoreFailedError then reaches the sender's handler); otherwise the timer writes it.
   */
  private scheduleFlush(): void {
    if (this.unsaved.length === 0) return;
    if (this.unsavedBytes >= this.limits.flushAtBytes) {
      this.flush();
      return;
    }
    if (this.flushTimer) return;
    const run = () => {
      this.flushTimer = null;
      try {
        this.flush();
      } catch (error) {
        this.onFailure(error);
      }
    };
    if (this.limits.flushDelayMs <= 0) {
      const immediate = setImmediate(run);
      this.flushTimer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(run, this.limits.flushDelayMs);
      this.flushTimer = { cancel: () => clearTimeout(timeout) };
    }
  }

  /**
   * Group commit: merges every unsaved update into one, appends it (committed when `append`
   * returns) and only then sends it to every connection. Throws StoreFailedError when the
   * write fails; the document then refuses to write or send anything more. A compaction that
   * became due is attempted after the broadcast; its failure loses nothing and is reported.
   */
  flush(): void {
    this.flushTimer?.cancel();
    this.flushTimer = null;
    if (this.failed) throw new StoreFailedError(`${this.name} failed to store an earlier update`);
    if (this.unsaved.length === 0) return;
    const batch = this.unsaved;
    this.unsaved = [];
    this.unsavedBytes = 0;
    const update = this.squash(batch);
    try {
      this.lastUpdateId = this.store.append(this.name, update);
    } catch (error) {
      this.failed = true;
      throw new StoreFailedError(`Could not store an update of ${this.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.sinceCompaction++;
    this.appendedBytes += update.length;
    this.broadcast(encodeSyncUpdate(update));
    if (this.compactionDue()) {
      try {
        this.compact();
      } catch (error) {
        // The appended updates are still stored, so nothing is lost; the next flush retries.
        this.onFailure(error);
      }
    }
  }

  /**
   * One update for a batch, as small as the document can say it. Y.mergeUpdates keeps every
   * keystroke its own struct (~25 bytes each); the Y.Doc has already joined consecutive typing
   * into one item, so the structs are taken from the document since the last flush instead —
   * with the batch's own delete set, not the whole document's one that encodeStateAsUpdate adds.
   * A v1 update is its structs section followed by its delete set, and an update with no
   * structs is a single 0 byte followed by its delete set, which is how the sections are cut.
   * Whenever that shape does not hold (e.g. structs waiting for a missing dependency), the
   * plain merge is written. A batch of one update is written as it came.
   */
  private squash(batch: Uint8Array[]): Uint8Array {
    const vector = Y.encodeStateVector(this.doc);
    // One update is already as small as its sender could say it (a client's update joins its
    // own typing); re-encoding it would cost more CPU on every keystroke than it saves bytes.
    if (batch.length === 1 && batch[0]) {
      this.flushedVector = vector;
      return batch[0];
    }
    const merged = Y.mergeUpdates(batch);
    const since = Y.encodeStateAsUpdate(this.doc, this.flushedVector);
    this.flushedVector = vector;
    const wholeDeletes = Y.diffUpdate(since, vector);
    const batchDeletes = Y.diffUpdate(merged, vector);
    const structsLength = since.length - (wholeDeletes.length - 1);
    if (wholeDeletes[0] !== 0 || batchDeletes[0] !== 0 || structsLength <= 0) return merged;
    for (let i = 1; i < wholeDeletes.length; i++) {
      if (since[structsLength + i - 1] !== wholeDeletes[i]) return merged;
    }
    const squashed = new Uint8Array(structsLength + batchDeletes.length - 1);
    squashed.set(since.subarray(0, structsLength), 0);
    squashed.set(batchDeletes.subarray(1), structsLength);
    return squashed.length < merged.length ? squashed : merged;
  }

  /** Snapshot writes stay proportional to appended bytes; the count cap bounds load time. */
  private compactionDue(): boolean {
    return this.appendedBytes >= Math.max(this.snapshotBytes, this.limits.compactAtBytes) || this.sinceCompaction >= this.limits.compactEvery;
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
    if (accepted.length < entries.length) {
      // Something was refused: the rest is re-encoded and the listener broadcasts what changed.
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), peer);
      return;
    }
    // Everything accepted (the usual cursor move): the client's bytes go on as they came, which
    // saves encoding every state as JSON again per message. Entries y-protocols ignored as stale
    // are ignored by the receivers in the same way.
    this.passingThrough = true;
    this.passedChanged = false;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
    } finally {
      this.passingThrough = false;
    }
    if (this.passedChanged) this.broadcast(encodeAwareness(update));
  }

  private broadcast(message: Uint8Array): void {
    for (const peer of this.peers.keys()) peer.send(message);
  }

  /**
   * Folds every appended update into one snapshot (the merged state), in one store
   * transaction that also deletes them. Flushes first: the snapshot is the in-memory state,
   * which must not get ahead of the appended updates it claims to include. Skipped when
   * nothing was appended since the last one. Throws StoreFailedError when the flush fails.
   */
  compact(): void {
    this.flush();
    if (this.sinceCompaction === 0) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    this.store.compact(this.name, state, this.lastUpdateId);
    this.sinceCompaction = 0;
    this.appendedBytes = 0;
    this.snapshotBytes = state.length;
    this.sizeEstimate = state.length;
  }

  /**
   * Releases the document (its awareness timer included) and cancels a pending flush: what is
   * unsaved then was never sent to anyone, and its authors resend it when they reconnect.
   * Callers that keep the document's changes compact (which flushes) first.
   */
  destroy(): void {
    this.flushTimer?.cancel();
    this.flushTimer = null;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
