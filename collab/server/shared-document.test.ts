import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { decodeAwarenessUpdate, decodeClientMessage, encodeAwareness, encodeSyncStep2, encodeSyncUpdate, ProtocolError, SYNC } from "./protocol";
import { DocumentTooLargeError, SharedDocument, StoreFailedError, type DocumentLimits, type Peer } from "./shared-document";
import { DEFAULT_LIMITS } from "./collab-server";
import { MemoryCollabStore } from "./store";

const LIMITS: DocumentLimits = {
  maxDocumentBytes: 1024 * 1024,
  flushDelayMs: 10,
  flushAtBytes: 64 * 1024,
  compactAtBytes: 1024 * 1024,
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

async function loaded(store = new MemoryCollabStore(), limits: Partial<DocumentLimits> = {}, now = () => 0, onFailure?: (error: unknown) => void) {
  return SharedDocument.load("doc", store, { ...LIMITS, ...limits }, now, onFailure);
}

/** Waits longer than LIMITS.flushDelayMs, so a pending group commit has run. */
const flushWindow = () => new Promise((resolve) => setTimeout(resolve, LIMITS.flushDelayMs * 3));

/** The text of what the store holds for "doc" (snapshot, then appended updates). */
function storedText(store: MemoryCollabStore): string {
  const doc = new Y.Doc();
  const { snapshot, updates } = store.load("doc");
  if (snapshot) Y.applyUpdate(doc, snapshot);
  for (const u of updates) Y.applyUpdate(doc, u.update);
  return doc.getText("t").toString();
}

/**
 * A connection that, at every document change it is sent (an update or a sync step 2), checks
 * the change is already in the store: applying it to the stored state must change nothing.
 */
function auditingPeer(store: MemoryCollabStore, userId: number): Peer & { sent: Uint8Array[]; unstored: number; checked: number } {
  const self = {
    access: "write" as const,
    userId,
    sent: [] as Uint8Array[],
    unstored: 0,
    checked: 0,
    send(m: Uint8Array) {
      self.sent.push(m);
      const decoded = decodeClientMessage(m);
      if (decoded.kind !== "sync-update" && decoded.kind !== "sync-step2") return;
      const stored = new Y.Doc();
      const { snapshot, updates } = store.load("doc");
      if (snapshot) Y.applyUpdate(stored, snapshot);
      for (const u of updates) Y.applyUpdate(stored, u.update);
      let changed = false;
      stored.on("update", () => (changed = true));
      Y.applyUpdate(stored, decoded.update);
      self.checked++;
      if (changed) self.unstored++;
    },
  };
  return self;
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
    // Applied at once, written and sent after the group-commit window.
    expect(shared.doc.getText("t").toString()).toBe("hola");
    expect(events).toEqual([]);
    await flushWindow();
    expect(events).toEqual(["append", "send"]);
    expect(syncUpdates(writer.sent)).toHaveLength(1);
  });

  it("groups the updates of one window into one merged append and one broadcast", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store);
    const [alice, bob, watcher] = [peer(), peer(), peer("read")];
    for (const p of [alice, bob, watcher]) shared.add(p);
    const aliceDoc = new Y.Doc();
    for (const char of "Artículo") shared.receive(alice, { kind: "sync-update", update: textUpdate(char, aliceDoc).update });
    shared.receive(bob, { kind: "sync-update", update: textUpdate("!").update });
    expect(store.calls.append).toBe(0);
    await flushWindow();
    expect(store.calls.append).toBe(1);
    expect(syncUpdates(watcher.sent)).toHaveLength(1);
    const seen = new Y.Doc();
    for (const u of syncUpdates(watcher.sent)) Y.applyUpdate(seen, u);
    expect(seen.getText("t").toString()).toBe(shared.doc.getText("t").toString());
    expect(storedText(store)).toBe(shared.doc.getText("t").toString());
    expect(seen.getText("t").length).toBe(9);
  });

  it("with flushDelayMs 0 writes at the next event-loop turn; past flushAtBytes at once", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store, { flushDelayMs: 0, flushAtBytes: 1000 });
    const writer = peer();
    shared.add(writer);
    const doc = new Y.Doc();
    shared.receive(writer, { kind: "sync-update", update: textUpdate("a", doc).update });
    shared.receive(writer, { kind: "sync-update", update: textUpdate("b", doc).update });
    expect(store.calls.append).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.calls.append).toBe(1);
    shared.receive(writer, { kind: "sync-update", update: textUpdate("x".repeat(2000), doc).update });
    expect(store.calls.append).toBe(2);
    expect(storedText(store)).toBe(`ab${"x".repeat(2000)}`);
  });

  it("by default waits for no timer: what arrived in one turn is stored and sent when the turn ends", async () => {
    const store = new MemoryCollabStore();
    const { flushDelayMs, flushAtBytes } = DEFAULT_LIMITS;
    const shared = await loaded(store, { flushDelayMs, flushAtBytes });
    const writer = peer();
    const reader = peer();
    shared.add(writer);
    shared.add(reader);
    reader.sent.length = 0;
    const doc = new Y.Doc();
    shared.receive(writer, { kind: "sync-update", update: textUpdate("ho", doc).update });
    shared.receive(writer, { kind: "sync-update", update: textUpdate("la", doc).update });
    expect(syncUpdates(reader.sent)).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    // One row for the turn, written before the one broadcast.
    expect(store.calls.append).toBe(1);
    expect(storedText(store)).toBe("hola");
    expect(syncUpdates(reader.sent)).toHaveLength(1);
  });

  it("never sends a change to anyone before the store holds it (random writers, flushes and joins)", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store, { compactAtBytes: 200, compactEvery: 7 });
    const peers = [auditingPeer(store, 1), auditingPeer(store, 2), auditingPeer(store, 3)];
    for (const p of peers) shared.add(p);
    const docs = peers.map(() => new Y.Doc());
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let step = 0; step < 300; step++) {
      const i = Math.floor(random() * peers.length);
      const who = peers[i];
      const doc = docs[i];
      if (!who || !doc) continue;
      const roll = random();
      if (roll < 0.7) shared.receive(who, { kind: "sync-update", update: textUpdate(String.fromCharCode(97 + (step % 26)), doc).update });
      else if (roll < 0.85) shared.receive(who, { kind: "sync-step1", stateVector: Y.encodeStateVector(new Y.Doc()) });
      else if (roll < 0.95) await flushWindow();
      else shared.compact();
    }
    await flushWindow();
    expect(peers.every((p) => p.checked > 0)).toBe(true);
    expect(peers.map((p) => p.unstored)).toEqual([0, 0, 0]);
    expect(storedText(store)).toBe(shared.doc.getText("t").toString());
  });

  it("writes a batch as the document's joined structs: a typed word costs one item, not one per key", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store);
    const writer = peer();
    shared.add(writer);
    const doc = new Y.Doc();
    const keystrokes: Uint8Array[] = [];
    for (const char of "La circulación de bicicletas por las aceras queda prohibida.") {
      const { update } = textUpdate(char, doc);
      keystrokes.push(update);
      shared.receive(writer, { kind: "sync-update", update });
    }
    await flushWindow();
    const stored = store.load("doc").updates;
    expect(stored).toHaveLength(1);
    // Smaller than even the merge of the same keystrokes, which keeps one struct per key.
    expect(stored[0]?.update.length ?? Infinity).toBeLessThan(Y.mergeUpdates(keystrokes).length / 3);
    expect(storedText(store)).toBe(doc.getText("t").toString());
  });

  it("stores and sends exactly the document: random inserts, deletes and formatting from several writers (property)", async () => {
    for (let seed = 1; seed <= 25; seed++) {
      let state = seed;
      const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
      const store = new MemoryCollabStore();
      const shared = await loaded(store, { flushDelayMs: 1, compactAtBytes: 400, compactEvery: 9 });
      const tick = () => new Promise((resolve) => setTimeout(resolve, 3));
      const watcher = peer("read");
      shared.add(watcher);
      const writers = [peer(), peer(), peer()];
      for (const w of writers) shared.add(w);
      const docs = writers.map(() => new Y.Doc());
      // Every writer hears everyone (as y-websocket clients do), so later edits depend on others'.
      for (let step = 0; step < 120; step++) {
        const i = Math.floor(random() * docs.length);
        const doc = docs[i];
        const writer = writers[i];
        if (!doc || !writer) continue;
        const text = doc.getText("t");
        const before = Y.encodeStateVector(doc);
        const roll = random();
        if (roll < 0.55 || text.length < 3) text.insert(Math.floor(random() * (text.length + 1)), String.fromCharCode(97 + Math.floor(random() * 26)).repeat(1 + Math.floor(random() * 3)));
        else if (roll < 0.8) text.delete(Math.floor(random() * (text.length - 1)), 1 + Math.floor(random() * 2));
        else if (roll < 0.9) text.format(Math.floor(random() * (text.length - 1)), 2, { bold: random() < 0.5 ? true : null });
        else doc.getMap("m").set(`k${step % 5}`, step);
        const update = Y.encodeStateAsUpdate(doc, before);
        shared.receive(writer, { kind: "sync-update", update });
        for (const other of docs) if (other !== doc) Y.applyUpdate(other, update);
        if (random() < 0.15) await tick();
      }
      await tick();
      const fromStore = new Y.Doc();
      const { snapshot, updates } = store.load("doc");
      if (snapshot) Y.applyUpdate(fromStore, snapshot);
      for (const u of updates) Y.applyUpdate(fromStore, u.update);
      const fromBroadcast = new Y.Doc();
      for (const u of syncUpdates(watcher.sent)) Y.applyUpdate(fromBroadcast, u);
      for (const replica of [fromStore, fromBroadcast]) {
        expect(replica.getText("t").toDelta()).toEqual(shared.doc.getText("t").toDelta());
        expect(replica.getMap("m").toJSON()).toEqual(shared.doc.getMap("m").toJSON());
        expect(Y.equalSnapshots(Y.snapshot(replica), Y.snapshot(shared.doc))).toBe(true);
      }
      expect(shared.doc.getText("t").toDelta()).toEqual(docs[0]?.getText("t").toDelta());
      shared.destroy();
    }
  }, 30_000);

  it("answers a sync step 1 with an unflushed update only after storing it", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store, { flushDelayMs: 60_000 });
    const writer = peer();
    shared.add(writer);
    shared.receive(writer, { kind: "sync-update", update: textUpdate("pendiente").update });
    expect(store.calls.append).toBe(0);
    const newcomer = auditingPeer(store, 42);
    shared.add(newcomer);
    shared.receive(newcomer, { kind: "sync-step1", stateVector: Y.encodeStateVector(new Y.Doc()) });
    expect(store.calls.append).toBe(1);
    expect(newcomer.unstored).toBe(0);
    const step2 = decodeClientMessage(newcomer.sent.at(-1) ?? new Uint8Array());
    const client = new Y.Doc();
    if (step2.kind === "sync-step2") Y.applyUpdate(client, step2.update);
    expect(step2.kind).toBe("sync-step2");
    expect(client.getText("t").toString()).toBe("pendiente");
    shared.destroy();
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
    await flushWindow();
    shared.receive(writer, { kind: "sync-update", update });
    await flushWindow();
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
    await flushWindow();
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

  it("refuses an update that builds on changes the server never had, so newcomers still get everything", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store);
    const [writer, fuzzer] = [peer(), peer()];
    shared.add(writer);
    shared.add(fuzzer);
    shared.receive(writer, { kind: "sync-update", update: textUpdate("real ").update });
    // A client's second edit sent without its first: it depends on structs the server lacks.
    const stranger = new Y.Doc();
    textUpdate("uno", stranger);
    const dangling = textUpdate(" dos", stranger).update;
    expect(() => shared.receive(fuzzer, { kind: "sync-update", update: dangling })).toThrow(ProtocolError);
    expect(shared.doc.store.pendingStructs).toBeNull();
    expect(shared.doc.store.pendingDs).toBeNull();
    // A deletion of something the server never saw is dangling too.
    const ghost = new Y.Doc();
    ghost.getText("t").insert(0, "fantasma");
    const before = Y.encodeStateVector(ghost);
    ghost.getText("t").delete(0, 3);
    const deletion = Y.encodeStateAsUpdate(ghost, before);
    expect(() => shared.receive(fuzzer, { kind: "sync-update", update: deletion })).toThrow(ProtocolError);
    expect(shared.doc.store.pendingDs).toBeNull();
    // A newcomer's sync step 2 carries the real text in full.
    const newcomer = peer();
    shared.add(newcomer);
    shared.receive(newcomer, { kind: "sync-step1", stateVector: Y.encodeStateVector(new Y.Doc()) });
    const seen = new Y.Doc();
    for (const m of newcomer.sent) {
      const decoded = decodeClientMessage(m);
      if (decoded.kind === "sync-step2") Y.applyUpdate(seen, decoded.update);
    }
    expect(seen.getText("t").toString()).toBe("real ");
    expect(seen.store.pendingStructs).toBeNull();
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

  it("passes an accepted awareness message on as it came; one with a refused entry is re-encoded without it", async () => {
    const shared = await loaded();
    const sender = peer();
    const watcher = peer();
    shared.add(sender);
    shared.add(watcher);
    watcher.sent.length = 0;
    // Spacing a re-encoding (JSON.stringify of the applied state) would not reproduce.
    const update = awarenessEntry(21, 1, '{ "user": { "name": "Marta" } }');
    shared.receive(sender, { kind: "awareness", update });
    expect(watcher.sent).toEqual([encodeAwareness(update)]);
    expect(shared.awareness.getStates().get(21)).toEqual({ user: { name: "Marta" } });
    // The same clock again changes nothing and is not sent on.
    watcher.sent.length = 0;
    shared.receive(sender, { kind: "awareness", update: awarenessEntry(21, 1, '{ "user": { "name": "Marta" } }') });
    expect(watcher.sent).toEqual([]);
    // A message speaking also for another connection's id: only the sender's own entry goes on.
    const other = peer();
    shared.add(other);
    shared.receive(other, { kind: "awareness", update: awarenessEntry(22, 1, '{"user":"b"}') });
    watcher.sent.length = 0;
    shared.receive(sender, { kind: "awareness", update: twoEntries([21, 2, '{ "user": 2 }'], [22, 2, '{"user":"impostor"}']) });
    expect(watcher.sent).toHaveLength(1);
    const relayed = decodeClientMessage(watcher.sent[0] as Uint8Array);
    if (relayed.kind !== "awareness") throw new Error(`expected an awareness message, got ${relayed.kind}`);
    expect(decodeAwarenessUpdate(relayed.update).map((e) => e.clientId)).toEqual([21]);
    expect(shared.awareness.getStates().get(22)).toEqual({ user: "b" });
    expect(shared.awareness.getStates().get(21)).toEqual({ user: 2 });
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

  it("compacts every N appends at most (safety net) and deletes the folded updates", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store, { compactEvery: 5 });
    const writer = peer();
    shared.add(writer);
    const doc = new Y.Doc();
    for (let i = 0; i < 12; i++) {
      shared.receive(writer, { kind: "sync-update", update: textUpdate(String(i % 10), doc).update });
      shared.flush();
    }
    expect(store.calls.append).toBe(12);
    expect(store.calls.compact).toBe(2);
    expect(store.updateCount("doc")).toBe(2);
    shared.compact();
    expect(store.updateCount("doc")).toBe(0);
    shared.compact();
    expect(store.calls.compact).toBe(3);
    const reloaded = await loaded(store);
    expect(reloaded.doc.getText("t").toString()).toBe("012345678901");
  });

  it("compacts when the bytes appended since the snapshot reach its size (with a floor)", async () => {
    const store = new MemoryCollabStore();
    const shared = await loaded(store, { compactAtBytes: 300 });
    const writer = peer();
    shared.add(writer);
    const doc = new Y.Doc();
    const appendedBytes = () => store.load("doc").updates.reduce((n, u) => n + u.update.length, 0);
    // Small appends: no compaction below the floor, one once it is reached.
    while (store.calls.compact === 0) {
      shared.receive(writer, { kind: "sync-update", update: textUpdate("ab", doc).update });
      shared.flush();
      if (store.calls.compact === 0) expect(appendedBytes()).toBeLessThan(300);
      expect(store.calls.append).toBeLessThan(100);
    }
    expect(store.updateCount("doc")).toBe(0);
    // A large snapshot: small appends now wait until as many bytes as it holds were appended.
    shared.receive(writer, { kind: "sync-update", update: textUpdate("x".repeat(3000), doc).update });
    shared.flush();
    expect(store.calls.compact).toBe(2);
    const snapshotBytes = store.load("doc").snapshot?.length ?? 0;
    expect(snapshotBytes).toBeGreaterThan(3000);
    let appendsBefore = store.calls.append;
    while (store.calls.compact === 2) {
      shared.receive(writer, { kind: "sync-update", update: textUpdate("cd", doc).update });
      shared.flush();
      if (store.calls.compact === 2) expect(appendedBytes()).toBeLessThan(snapshotBytes);
    }
    appendsBefore = store.calls.append - appendsBefore;
    expect(appendsBefore).toBeGreaterThan(50);
    expect(storedText(store)).toBe(shared.doc.getText("t").toString());
  });

  it("flushes pending updates before compacting, so the snapshot never gets ahead of the appends", async () => {
    const events: string[] = [];
    const store = new MemoryCollabStore();
    const append = store.append.bind(store);
    const compact = store.compact.bind(store);
    store.append = (name, update) => (events.push("append"), append(name, update));
    store.compact = (name, state, upTo) => (events.push("compact"), compact(name, state, upTo));
    const shared = await loaded(store, { flushDelayMs: 60_000 });
    const writer = peer();
    const other = peer();
    shared.add(writer);
    shared.add(other);
    shared.receive(writer, { kind: "sync-update", update: textUpdate("sin guardar").update });
    shared.compact();
    expect(events).toEqual(["append", "compact"]);
    expect(syncUpdates(other.sent)).toHaveLength(1);
    expect(store.load("doc").snapshot).not.toBeNull();
    expect(storedText(store)).toBe("sin guardar");
    shared.destroy();
  });

  it("destroy cancels a pending flush: nothing written or sent afterwards", async () => {
    const store = new MemoryCollabStore();
    const failures: unknown[] = [];
    const shared = await loaded(store, {}, () => 0, (error) => failures.push(error));
    const writer = peer();
    shared.add(writer);
    shared.receive(writer, { kind: "sync-update", update: textUpdate("hola").update });
    const sent = writer.sent.length;
    shared.destroy();
    await flushWindow();
    expect(store.calls.append).toBe(0);
    // (Destroying the awareness announces its end; no document change goes out.)
    expect(syncUpdates(writer.sent.slice(sent))).toEqual([]);
    expect(failures).toEqual([]);
  });

  it("reports a failed timed write to the failure callback and broadcasts nothing more", async () => {
    const store = new MemoryCollabStore();
    store.append = () => {
      throw new Error("disk full");
    };
    const failures: unknown[] = [];
    const shared = await loaded(store, {}, () => 0, (error) => failures.push(error));
    const writer = peer();
    const other = peer();
    shared.add(writer);
    shared.add(other);
    const before = other.sent.length;
    shared.receive(writer, { kind: "sync-update", update: textUpdate("hola").update });
    await flushWindow();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(StoreFailedError);
    // The document is ahead of the store for good: nothing more is answered or sent.
    shared.receive(other, { kind: "sync-step1", stateVector: Y.encodeStateVector(new Y.Doc()) });
    shared.receive(writer, { kind: "sync-update", update: textUpdate("más").update });
    await flushWindow();
    expect(other.sent.length).toBe(before);
    expect(failures).toHaveLength(1);
    expect(() => shared.flush()).toThrow(StoreFailedError);
  });

  it("throws StoreFailedError to the caller when a write it forces fails (sync step 1, flushAtBytes)", async () => {
    const store = new MemoryCollabStore();
    store.append = () => {
      throw new Error("disk full");
    };
    const shared = await loaded(store, { flushDelayMs: 60_000 });
    const writer = peer();
    const other = peer();
    shared.add(writer);
    shared.add(other);
    const before = other.sent.length;
    shared.receive(writer, { kind: "sync-update", update: textUpdate("hola").update });
    expect(() => shared.receive(other, { kind: "sync-step1", stateVector: Y.encodeStateVector(new Y.Doc()) })).toThrow(StoreFailedError);
    expect(other.sent.length).toBe(before);
    const big = await loaded(store, { flushAtBytes: 100 });
    big.add(writer);
    expect(() => big.receive(writer, { kind: "sync-update", update: textUpdate("x".repeat(200)).update })).toThrow(StoreFailedError);
    shared.destroy();
  });

  it("frames messages the y-websocket client reads", () => {
    expect(decodeClientMessage(encodeSyncStep2(new Uint8Array([0, 0]))).kind).toBe("sync-step2");
    expect(decodeClientMessage(encodeSyncUpdate(new Uint8Array([0, 0]))).kind).toBe("sync-update");
    expect(decodeClientMessage(encodeAwareness(new Uint8Array([0]))).kind).toBe("awareness");
  });
});

/** An awareness update of two entries, through y-protocols' own encoder shape. */
function twoEntries(...entries: Array<[number, number, string]>): Uint8Array {
  const one = entries.map(([id, clock, state]) => awarenessEntry(id, clock, state).subarray(1));
  const bytes = new Uint8Array(1 + one.reduce((n, b) => n + b.length, 0));
  bytes[0] = entries.length;
  let at = 1;
  for (const b of one) {
    bytes.set(b, at);
    at += b.length;
  }
  return bytes;
}

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
