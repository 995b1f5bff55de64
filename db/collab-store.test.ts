import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { SqliteCollabStore } from "./collab-store";
import { openDatabase, type Database_ } from "./connection";
import { collabUpdates } from "./schema";

let database: Database_ | null = null;
afterEach(() => {
  database?.close();
  database = null;
});

function store(): SqliteCollabStore {
  database = openDatabase(":memory:");
  return new SqliteCollabStore(database.db, () => new Date(0));
}

function edit(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText("t").insert(doc.getText("t").length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

function rebuild(stored: ReturnType<SqliteCollabStore["load"]>): string {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u.update);
  return doc.getText("t").toString();
}

describe("SqliteCollabStore", () => {
  it("loadMany gives each document what load gives it (snapshot and later updates), and empty for unknown ones", () => {
    const s = store();
    const a = new Y.Doc();
    s.append("a", edit(a, "uno "));
    const upTo = s.append("a", edit(a, "dos"));
    s.compact("a", Y.encodeStateAsUpdate(a), upTo);
    s.append("a", edit(a, " tres"));
    s.append("b", edit(new Y.Doc(), "otro"));
    const many = s.loadMany(["a", "b", "nadie"]);
    expect(rebuild(many.get("a") ?? { snapshot: null, updates: [] })).toBe("uno dos tres");
    expect(many.get("a")).toEqual(s.load("a"));
    expect(many.get("b")).toEqual(s.load("b"));
    expect(many.get("nadie")).toEqual({ snapshot: null, updates: [] });
    expect(s.loadMany([]).size).toBe(0);
  });

  it("appends updates with increasing ids and loads them in order, per document", () => {
    const s = store();
    const doc = new Y.Doc();
    const ids = [s.append("a", edit(doc, "uno ")), s.append("a", edit(doc, "dos")), s.append("b", edit(new Y.Doc(), "otro"))];
    expect(ids[1]).toBeGreaterThan(ids[0] ?? Infinity);
    const loaded = s.load("a");
    expect(loaded.snapshot).toBeNull();
    expect(loaded.updates.map((u) => u.id)).toEqual(ids.slice(0, 2));
    expect(rebuild(loaded)).toBe("uno dos");
    expect(s.load("missing")).toEqual({ snapshot: null, updates: [] });
    // The prepared append statement maps its parameters like the query builder does.
    const rows = database?.db.select({ document: collabUpdates.document, createdAt: collabUpdates.createdAt }).from(collabUpdates).all();
    expect(rows).toEqual([
      { document: "a", createdAt: new Date(0) },
      { document: "a", createdAt: new Date(0) },
      { document: "b", createdAt: new Date(0) },
    ]);
  });

  it("compacts into one snapshot and deletes exactly the folded updates, in one transaction", () => {
    const s = store();
    const doc = new Y.Doc();
    s.append("a", edit(doc, "uno "));
    const upTo = s.append("a", edit(doc, "dos "));
    const state = Y.encodeStateAsUpdate(doc);
    // An update appended after the state was taken stays (it is not in the snapshot).
    s.append("a", edit(doc, "tres"));
    s.append("b", edit(new Y.Doc(), "otro"));
    s.compact("a", state, upTo);
    const loaded = s.load("a");
    expect(loaded.snapshot).not.toBeNull();
    expect(loaded.updates).toHaveLength(1);
    expect(rebuild(loaded)).toBe("uno dos tres");
    expect(s.stats("a")).toMatchObject({ updates: 1, snapshotBytes: state.length });
    expect(s.stats("b").updates).toBe(1);
    // Compacting again replaces the snapshot row rather than adding one.
    s.compact("a", Y.encodeStateAsUpdate(doc), upTo + 1);
    expect(s.stats("a").updates).toBe(0);
    expect(rebuild(s.load("a"))).toBe("uno dos tres");
  });
});
