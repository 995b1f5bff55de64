import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { presentPeople } from "../../app/editor/amendment/present-people";

/** One browser tab: its own Y.Doc and awareness, announcing a person as the editor does. */
function tab(user: { id?: number; name: string; color: string }) {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalStateField("user", user);
  return awareness;
}

/** What `viewer` sees after every other tab's presence reached it (as the server relays it). */
function seenBy(viewer: awarenessProtocol.Awareness, others: awarenessProtocol.Awareness[]) {
  for (const other of others) {
    awarenessProtocol.applyAwarenessUpdate(viewer, awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]), "remote");
  }
  return presentPeople(viewer.getStates() as Map<number, Record<string, unknown>>, viewer.clientID);
}

describe("amendment editor: who is here", () => {
  it("lists two different people who share a display name twice", () => {
    const me = tab({ id: 1, name: "Ana García", color: "#111111" });
    const namesake = tab({ id: 2, name: "Ana García", color: "#222222" });
    const people = seenBy(me, [namesake]);
    expect(people).toHaveLength(2);
    expect(people.map((p) => [p.name, p.isSelf])).toEqual([
      ["Ana García", true],
      ["Ana García", false],
    ]);
    expect(new Set(people.map((p) => p.key)).size).toBe(2);
  });

  it("lists one person with two tabs once, as themselves", () => {
    const me = tab({ id: 7, name: "Luis", color: "#111111" });
    const myOtherTab = tab({ id: 7, name: "Luis", color: "#111111" });
    const other = tab({ id: 8, name: "Marta", color: "#333333" });
    const people = seenBy(me, [myOtherTab, other]);
    expect(people.map((p) => [p.name, p.isSelf])).toEqual([
      ["Luis", true],
      ["Marta", false],
    ]);
  });

  it("keeps states without an id apart, and ignores states without a name", () => {
    const me = tab({ id: 1, name: "Ana", color: "#111111" });
    const old1 = tab({ name: "Pere", color: "#222222" });
    const old2 = tab({ name: "Pere", color: "#333333" });
    const nameless = new awarenessProtocol.Awareness(new Y.Doc());
    nameless.setLocalStateField("cursor", null);
    expect(seenBy(me, [old1, old2, nameless]).map((p) => p.name)).toEqual(["Ana", "Pere", "Pere"]);
  });
});
