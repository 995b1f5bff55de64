import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import * as Y from "yjs";

/**
 * The collab benchmark's workload, independent of any network: one document's share of a
 * real keystroke trace (Joseph Gentle's editing-traces) typed by several clients in turns.
 *
 * Why turns: the trace is one person's typing, so edit i is only meaningful on the text that
 * edits 0…i-1 produced. The clients of a document therefore take the pen in round-robin bursts
 * of `chunk` consecutive edits, and a client starts its burst only once it has received the
 * previous burst from the server — like co-authors taking turns. Every client must end with
 * exactly the trace prefix's text; anything else is a lost (or corrupted) update.
 *
 * Fan-out latency is measured per edit and per receiving client: from the moment the sender
 * applies the edit locally (its provider sends it in the same tick) until the receiver's
 * Y.Doc has integrated it. Sender and receivers of one document live in the same process, so
 * both ends read the same clock.
 */

/** An editing trace file: patches are [position, deleteCount, insertText] in Unicode characters. */
export interface EditingTrace {
  startContent: string;
  endContent: string;
  txns: Array<{ patches: Array<[number, number, string]> }>;
}

/** One edit of the trace: delete `del` characters at `pos`, then insert `ins` there. */
export interface Edit {
  pos: number;
  del: number;
  ins: string;
}

/** The Y.Text every client edits (any name works; both servers are schema-agnostic). */
export const TEXT_NAME = "t";

/** Reads a gzipped editing trace. */
export function loadEditingTrace(path: string): EditingTrace {
  return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as EditingTrace;
}

/**
 * The first `limit` edits of a trace, one per patch (a pasted starting text counts as the
 * first edit). Positions in the trace count Unicode characters and Y.Text counts UTF-16
 * units, so a trace with characters outside the BMP is refused rather than replayed wrong.
 */
export function traceEdits(trace: EditingTrace, limit: number): Edit[] {
  const edits: Edit[] = [];
  if (trace.startContent.length > 0) edits.push({ pos: 0, del: 0, ins: trace.startContent });
  for (const txn of trace.txns) {
    for (const [pos, del, ins] of txn.patches) {
      if (edits.length >= limit) return edits;
      if (del === 0 && ins.length === 0) continue;
      if (/[\u{10000}-\u{10FFFF}]/u.test(ins)) throw new RangeError(`Trace edit ${edits.length} inserts a character outside the BMP; positions would be off`);
      edits.push({ pos, del, ins });
    }
  }
  return edits;
}

/** The text after applying `edits` to the empty string: what every client must end with. */
export function expectedText(edits: readonly Edit[]): string {
  let text = "";
  for (const { pos, del, ins } of edits) {
    if (pos + del > text.length) throw new RangeError(`Edit at ${pos} deleting ${del} is outside a text of ${text.length}`);
    text = text.slice(0, pos) + ins + text.slice(pos + del);
  }
  return text;
}

/** Who types each edit: bursts of `chunk` consecutive edits, round-robin over `clients`. */
export function turnOwners(editCount: number, clients: number, chunk: number): Int32Array {
  if (clients < 1 || chunk < 1) throw new RangeError(`clients (${clients}) and chunk (${chunk}) must be at least 1`);
  const owners = new Int32Array(editCount);
  for (let i = 0; i < editCount; i++) owners[i] = Math.floor(i / chunk) % clients;
  return owners;
}

/** Options of one document's replay. */
export interface ReplayOptions {
  edits: readonly Edit[];
  clients: number;
  /** Edits per turn. */
  chunk: number;
  /** Pause between two edits of a burst (0: next macrotask). Bounds the typing rate. */
  paceMs: number;
  /** A clock in milliseconds shared by every client of the document. */
  now?: () => number;
}

/** What one document's replay measured. */
export interface ReplayStats {
  /** One entry per (edit, receiving client): ms from the sender's apply to the receiver's. */
  latencies: number[];
  /** Remote edits integrated by receivers (each edit counts once per receiver). */
  applied: number;
  /** Edits every client should have integrated, minus those they have: 0 when complete. */
  missing: number;
  /** Clients whose final text differs from the expected text. */
  diverged: number;
  /** Clock readings of the first edit sent and the last edit integrated (NaN if none). */
  firstSentAt: number;
  lastAppliedAt: number;
  /** Y.encodeStateAsUpdate length of client 0's document (the converged state). */
  stateBytes: number;
}

interface ClientState {
  doc: Y.Doc;
  text: Y.Text;
  /** Index of the next edit this client has not integrated yet. */
  next: number;
}

/** The local origin of a client's own edits; remote updates carry the provider as origin. */
const LOCAL = Symbol("bench-local-edit");

/**
 * One document typed by `clients` Y.Docs in turns. Attach a transport to each of `docs`
 * (a WebsocketProvider, or an in-memory relay in tests), then call `start()`; `done` resolves
 * when every client has integrated every edit.
 */
export class ReplayDocument {
  readonly docs: Y.Doc[];
  readonly expected: string;
  /** Resolves once every client has integrated every edit. */
  readonly done: Promise<void>;
  private readonly clients: ClientState[];
  private readonly owners: Int32Array;
  private readonly now: () => number;
  // Per edit, filled by its sender: when it was applied, and how a receiver recognises it —
  // the sender's clock after it (inserts advance it) and one id it deleted (deletes do not).
  private readonly sentAt: Float64Array;
  private readonly senderClient: Float64Array;
  private readonly clockAfter: Float64Array;
  private readonly deletedId: Array<Y.ID | null>;
  private readonly latencies: number[] = [];
  private applied = 0;
  private firstSentAt = Number.NaN;
  private lastAppliedAt = Number.NaN;
  private complete = 0;
  private started = false;
  private stopped = false;
  private resolveDone: () => void = () => undefined;

  constructor(private readonly options: ReplayOptions) {
    const n = options.edits.length;
    this.expected = expectedText(options.edits);
    this.owners = turnOwners(n, options.clients, options.chunk);
    this.now = options.now ?? (() => performance.now());
    this.sentAt = new Float64Array(n);
    this.senderClient = new Float64Array(n).fill(-1);
    this.clockAfter = new Float64Array(n);
    this.deletedId = new Array<Y.ID | null>(n).fill(null);
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    this.clients = Array.from({ length: options.clients }, (_x, index) => {
      const doc = new Y.Doc();
      const state: ClientState = { doc, text: doc.getText(TEXT_NAME), next: 0 };
      doc.on("afterTransaction", (tr: Y.Transaction) => {
        if (tr.origin !== LOCAL) this.integrate(index, tr);
      });
      return state;
    });
    this.docs = this.clients.map((c) => c.doc);
    if (n === 0) this.resolveDone();
  }

  /** Starts typing: the owner of edit 0 takes the pen. */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.options.edits.length > 0) this.type(this.owners[0] as number);
  }

  /** Stops typing (a timeout); `stats()` then counts what never arrived as missing. */
  stop(): void {
    this.stopped = true;
  }

  /** Measurements so far; `missing` and `diverged` are final once `done` resolved. */
  stats(): ReplayStats {
    const n = this.options.edits.length;
    return {
      latencies: this.latencies,
      applied: this.applied,
      missing: this.clients.reduce((sum, c) => sum + (n - c.next), 0),
      diverged: this.clients.filter((c) => c.text.toString() !== this.expected).length,
      firstSentAt: this.firstSentAt,
      lastAppliedAt: this.lastAppliedAt,
      stateBytes: Y.encodeStateAsUpdate((this.clients[0] as ClientState).doc).length,
    };
  }

  /** Client `index` types its burst, starting at its `next` edit (its turn has come). */
  private type(index: number): void {
    const client = this.clients[index] as ClientState;
    const i = client.next;
    if (this.stopped || i >= this.options.edits.length || this.owners[i] !== index) return;
    const edit = this.options.edits[i] as Edit;
    let deleted: Y.ID | null = null;
    const capture = (tr: Y.Transaction) => {
      for (const [clientId, items] of tr.deleteSet.clients) {
        const first = items[0];
        if (first) {
          deleted = Y.createID(clientId, first.clock);
          break;
        }
      }
    };
    client.doc.on("afterTransaction", capture);
    const at = this.now();
    client.doc.transact(() => {
      if (edit.del > 0) client.text.delete(edit.pos, edit.del);
      if (edit.ins.length > 0) client.text.insert(edit.pos, edit.ins);
    }, LOCAL);
    client.doc.off("afterTransaction", capture);
    this.sentAt[i] = at;
    this.senderClient[i] = client.doc.clientID;
    this.clockAfter[i] = Y.getState(client.doc.store, client.doc.clientID);
    this.deletedId[i] = deleted;
    if (Number.isNaN(this.firstSentAt)) this.firstSentAt = at;
    this.advance(index, i + 1);
    if (client.next < this.options.edits.length && this.owners[client.next] === index) {
      // Still this client's burst: the next keystroke after the pause.
      if (this.options.paceMs > 0) setTimeout(() => this.type(index), this.options.paceMs);
      else setImmediate(() => this.type(index));
    }
  }

  /** A remote transaction reached client `index`: count every edit it completed, in order. */
  private integrate(index: number, tr: Y.Transaction): void {
    const client = this.clients[index] as ClientState;
    const n = this.options.edits.length;
    const before = client.next;
    let i = before;
    const at = this.now();
    while (i < n) {
      const sender = this.senderClient[i] as number;
      if (sender < 0 || this.owners[i] === index) break;
      if (Y.getState(client.doc.store, sender) < (this.clockAfter[i] as number)) break;
      const id = this.deletedId[i];
      if (id && !Y.isDeleted(tr.deleteSet, id)) break;
      this.latencies.push(at - (this.sentAt[i] as number));
      this.applied++;
      this.lastAppliedAt = at;
      i++;
    }
    if (i === before) return;
    this.advance(index, i);
    if (i < n && this.owners[i] === index) this.type(index);
  }

  private advance(index: number, next: number): void {
    const client = this.clients[index] as ClientState;
    client.next = next;
    if (next === this.options.edits.length) {
      this.complete++;
      if (this.complete === this.clients.length) this.resolveDone();
    }
  }
}
