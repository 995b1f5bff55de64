import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { decodeClientMessage, encodeAwareness, encodeSyncStep2, encodeSyncUpdate, ProtocolError, SYNC } from "./protocol";
import { DocumentTooLargeError, SharedDocument, StoreFailedError, type DocumentLimits, type Peer } from "./shared-document";
import { MemoryCollabStore } from "./store";

const LIMITS: DocumentLimits = {
  maxDocumentBytes: 1024 * 1024,
  compactEvery: 1000,
  awarenessPerSecond: 10,
  awarenessBurst: 20,
  maxAwarenessStateBytes: 1024,
};

/** A connection that records what it was sent. */
let nextUser = 1;
function peer(access: "write" | "read" = "write", userId = nextUser++): Peer & { sent: Uint8Array[] } {
  const sent: Uint8Array[] = [];
  return { access, userId, sent, send: (m) => sent.push(m) };
}

/** An update inserting `text` in a fresh client's "t" text. */
function textUpdate(text: string, base?: Y.Doc): { doc: Y.Doc; update: Uint8Array } {
  const doc = base ?? new Y.Doc();
  const before = Y.encodeStateVector(doc);
  doc.getText("t").insert(doc.getText("t").length, text);
  return { doc, update: Y.encodeStateAsUpdate(doc, before) };
}

function syncUpdates(messages: Uint8Array[]): Uint8Array[] {
  return messages.flatMap((m) => {
    const decoded = decodeClientMessage(m);
    return decoded.kind === "sync-update" ? [decoded.update] : [];
  });
}

async function loaded(store = new MemoryCollabStore(), limits: Partial<DocumentLimits> = {}, now = () => 0) {
  return SharedDocument.load("doc", store, { ...LIMITS, ...limits }, now);
}

describe("SharedDocument: sync", () => {
  it("loads snapshot and later updates completely before the first connection is served", async () => {
    const store = new MemoryCollabStore();
    const { doc, update } = textUpdate("Artículo 1. ");
    store.append("doc", update);
    store.compact("doc", Y.encodeStateAsUpdate(doc), 1);
    store.append("doc", textUpdate("Objeto.", doc).update);
    const shared = await loaded(store);
    const reader = peer();
    shared.add(reader);
    // The first message is the server's step 1; a step 1 from the client gets the full state.
    expect(decodeClientMessage(reader.sent[0] ?? new Uint8Array()).kind).toBe("sync-step1");
    shared.receive(reader, { kind: "sync-step1", stateVector: Y.encodeStateVector(new Y.Doc()) });
    const step2 = reader.sent.at(-1) ?? new Uint8Array();
    const decoder = decoding.createDecoder(step2);
    decoding.readVarUint(decoder);
    expect(decoding.readVarUint(decoder)).toBe(SYNC.step2);
    const client = new Y.Doc();
    Y.applyUpdate(client, decoding.readVarUint8Array(decoder));
    expect(client.getText("t").toString()).toBe("Artículo 1. Objeto.");
  });

  it("writes an update before broadcasting it, to every connection", async () => {
    const events: string[] = [];
    const store = new MemoryCollabStore();
    const append = store.append.bind(store);
    store.append = (name, update) => {
      events.push("append");
      return append(name, update);
    };
    const shared = await loaded(store);
    const writer = peer();
    const other: Peer & { sent: Uint8Array[] } = { access: "read", userId: 99, sent: [], send: (m) => (events.push("send"), other.sent.push(m)) };
    shared.add(writer);
    shared.add(other);
    events.length = 0;
    shared.receive(writer, { kind: "sync-update", update: textUpdate("hola").update });
    expect(events).toEqual(["append", "send"]);
    expect(syncUpdates(writer.sent)).toHaveLength(1);
    expect(shared.doc.getText("t").toString()).toBe("hola");
  });

  it("skips writes that change nothing (a duplicate update, an empty sync step 2)", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store);
    const writer = peer();
    shared.add(writer);
    const { doc, update } = textUpdate("hola");
    shared.receive(writer, { kind: "sync-update", update });
    shared.receive(writer, { kind: "sync-update", update });
    shared.receive(writer, { kind: "sync-step2", update: Y.encodeStateAsUpdate(doc) });
    expect(store.calls.append).toBe(1);
  });
});

describe("SharedDocument: read-only connections", () => {
  it("drops their sync step 2 and updates: never applied, stored or broadcast", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store);
    const reader = peer("read");
    const writer = peer("write");
    shared.add(reader);
    shared.add(writer);
    const before = writer.sent.length;
    shared.receive(reader, { kind: "sync-update", update: textUpdate("vandalism").update });
    shared.receive(reader, { kind: "sync-step2", update: textUpdate("more").update });
    expect(shared.doc.getText("t").toString()).toBe("");
    expect(store.calls.append).toBe(0);
    expect(writer.sent.length).toBe(before);
  });

  it("still lets them share presence", async () => {
    const shared = await loaded();
    const reader = peer("read");
    const writer = peer("write");
    shared.add(reader);
    shared.add(writer);
    const client = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(client);
    awareness.setLocalState({ user: { name: "Marta" } });
    shared.receive(reader, { kind: "awareness", update: awarenessProtocol.encodeAwarenessUpdate(awareness, [client.clientID]) });
    awareness.destroy();
    expect(shared.awareness.getStates().get(client.clientID)).toEqual({ user: { name: "Marta" } });
    expect(writer.sent.some((m) => decodeClientMessage(m).kind === "awareness")).toBe(true);
  });
});

describe("SharedDocument: bad input", () => {
  it("refuses a corrupt update whole, leaving the document and the store untouched", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store);
    const writer = peer();
    shared.add(writer);
    const { update } = textUpdate("hola");
    expect(() => shared.receive(writer, { kind: "sync-update", update: update.slice(0, update.length - 3) })).toThrow(ProtocolError);
    expect(() => shared.receive(writer, { kind: "sync-step1", stateVector: new Uint8Array([5, 200]) })).toThrow(ProtocolError);
    expect(shared.doc.getText("t").toString()).toBe("");
    expect(store.calls.append).toBe(0);
  });

  it("refuses awareness updates that are not JSON, and ids another connection owns", async () => {
    const shared = await loaded();
    const first = peer();
    const second = peer();
    shared.add(first);
    shared.add(second);
    const entry = (id: number, clock: number, state: string) => awarenessEntry(id, clock, state);
    expect(() => shared.receive(first, { kind: "awareness", update: entry(1, 1, "{nope") })).toThrow(ProtocolError);
    shared.receive(first, { kind: "awareness", update: entry(1, 1, '{"user":"a"}') });
    shared.receive(second, { kind: "awareness", update: entry(1, 2, '{"user":"impostor"}') });
    expect(shared.awareness.getStates().get(1)).toEqual({ user: "a" });
    shared.remove(first);
    expect(shared.awareness.getStates().has(1)).toBe(false);
  });

  it("lets a person's new socket take over their presence from an old one not yet closed", async () => {
    const shared = await loaded();
    const old = peer("write", 500);
    const reconnected = peer("write", 500);
    shared.add(old);
    shared.add(reconnected);
    shared.receive(old, { kind: "awareness", update: awarenessEntry(8, 1, '{"cursor":1}') });
    shared.receive(reconnected, { kind: "awareness", update: awarenessEntry(8, 2, '{"cursor":2}') });
    expect(shared.awareness.getStates().get(8)).toEqual({ cursor: 2 });
    // The old socket finally closes: the presence now belongs to the new one and stays.
    shared.remove(old);
    expect(shared.awareness.getStates().get(8)).toEqual({ cursor: 2 });
  });

  it("rate-limits awareness: a burst of 20, then 10 per second; the excess is dropped", async () => {
    let now = 0;
    const shared = await loaded(new MemoryCollabStore(), {}, () => now);
    const chatty = peer();
    const watcher = peer();
    shared.add(chatty);
    shared.add(watcher);
    const awarenessSent = () => watcher.sent.filter((m) => decodeClientMessage(m).kind === "awareness").length;
    for (let clock = 1; clock <= 100; clock++) shared.receive(chatty, { kind: "awareness", update: awarenessEntry(9, clock, `{"x":${clock}}`) });
    expect(awarenessSent()).toBe(20);
    now = 1000;
    for (let clock = 101; clock <= 200; clock++) shared.receive(chatty, { kind: "awareness", update: awarenessEntry(9, clock, `{"x":${clock}}`) });
    expect(awarenessSent()).toBe(30);
  });
});

describe("SharedDocument: limits and persistence", () => {
  it("refuses updates once the document is over its size cap", async () => {
    const shared = await loaded(new MemoryCollabStore(), { maxDocumentBytes: 2000 });
    const writer = peer();
    shared.add(writer);
    const doc = new Y.Doc();
    shared.receive(writer, { kind: "sync-update", update: textUpdate("x".repeat(2500), doc).update });
    expect(() => shared.receive(writer, { kind: "sync-update", update: textUpdate("y", doc).update })).toThrow(DocumentTooLargeError);
    expect(shared.doc.getText("t").length).toBe(2500);
  });

  it("compacts every N updates into a snapshot and deletes the folded updates", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store, { compactEvery: 5 });
    const writer = peer();
    shared.add(writer);
    const doc = new Y.Doc();
    for (let i = 0; i < 12; i++) shared.receive(writer, { kind: "sync-update", update: textUpdate(String(i % 10), doc).update });
    expect(store.calls.compact).toBe(2);
    expect(store.updateCount("doc")).toBe(2);
    shared.compact();
    expect(store.updateCount("doc")).toBe(0);
    shared.compact();
    expect(store.calls.compact).toBe(3);
    const reloaded = await loaded(store);
    expect(reloaded.doc.getText("t").toString()).toBe("012345678901");
  });

  it("reports a failed write instead of broadcasting an unstored update", async () => {
    const store = new MemoryCollabStore();
    store.append = () => {
      throw new Error("disk full");
    };
    const shared = await loaded(store);
    const writer = peer();
    const other = peer();
    shared.add(writer);
    shared.add(other);
    const before = other.sent.length;
    expect(() => shared.receive(writer, { kind: "sync-update", update: textUpdate("hola").update })).toThrow(StoreFailedError);
    expect(other.sent.length).toBe(before);
  });

  it("frames messages the y-websocket client reads", () => {
    expect(decodeClientMessage(encodeSyncStep2(new Uint8Array([0, 0]))).kind).toBe("sync-step2");
    expect(decodeClientMessage(encodeSyncUpdate(new Uint8Array([0, 0]))).kind).toBe("sync-update");
    expect(decodeClientMessage(encodeAwareness(new Uint8Array([0]))).kind).toBe("awareness");
  });
});

function awarenessEntry(id: number, clock: number, state: string): Uint8Array {
  // Build by hand so tests can send any id, clock and (even invalid) JSON.
  const bytes: number[] = [1];
  const varUint = (n: number) => {
    while (n > 127) {
      bytes.push((n & 127) | 128);
      n = Math.floor(n / 128);
    }
    bytes.push(n);
  };
  varUint(id);
  varUint(clock);
  const text = new TextEncoder().encode(state);
  varUint(text.length);
  bytes.push(...text);
  return new Uint8Array(bytes);
}
