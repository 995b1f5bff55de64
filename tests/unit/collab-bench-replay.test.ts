import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { expectedText, loadEditingTrace, ReplayDocument, traceEdits, turnOwners } from "../../bench/lib/collab-replay";

/**
 * The collab benchmark's replay logic (bench/lib/collab-replay.ts) without a network: clients
 * relay their updates through an in-memory "server" that, like y-websocket, forwards every
 * update in arrival order to every client. If the turn-taking or the per-edit tracking rots,
 * the benchmark would hang or count wrong; this catches it.
 */
const TRACE = new URL("../../../shared/data/editing-traces/seph-blog1.json.gz", import.meta.url).pathname;
const RELAY = Symbol("relay");

/**
 * Connects the docs through a relay. Each flush forwards what arrived since the last one, in
 * order; with `merge`, all of it as one merged update (a server that batches writes).
 */
function relay(docs: Y.Doc[], merge: boolean): void {
  let queue: Uint8Array[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const updates = merge && queue.length > 1 ? [Y.mergeUpdates(queue)] : queue;
    queue = [];
    for (const update of updates) for (const doc of docs) Y.applyUpdate(doc, update, RELAY);
  };
  for (const doc of docs) {
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === RELAY) return;
      queue.push(update);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    });
  }
}

describe("collab bench replay", () => {
  const trace = loadEditingTrace(TRACE);
  const edits = traceEdits(trace, 400);

  it("takes a prefix of the trace whose expected text matches the trace's own replay", () => {
    expect(edits).toHaveLength(400);
    expect(edits[0]?.ins.length).toBeGreaterThan(1000); // the pasted first draft
    const all = traceEdits(trace, Number.POSITIVE_INFINITY);
    expect(expectedText(all)).toBe(trace.endContent);
    expect([...turnOwners(7, 3, 2)]).toEqual([0, 0, 1, 1, 2, 2, 0]);
  });

  for (const merge of [false, true]) {
    it(`converges with every edit counted once per receiver${merge ? " when the server merges updates" : ""}`, async () => {
      const replay = new ReplayDocument({ edits, clients: 4, chunk: 7, paceMs: 0 });
      relay(replay.docs, merge);
      replay.start();
      await replay.done;
      const stats = replay.stats();
      expect(stats.missing).toBe(0);
      expect(stats.diverged).toBe(0);
      for (const doc of replay.docs) expect(doc.getText("t").toString()).toBe(replay.expected);
      // Each edit reaches the 3 clients that did not type it.
      expect(stats.applied).toBe(edits.length * 3);
      expect(stats.latencies).toHaveLength(edits.length * 3);
      expect(stats.latencies.every((ms) => ms >= 0)).toBe(true);
      expect(stats.stateBytes).toBeGreaterThan(replay.expected.length / 2);
    });
  }

  it("reports what never arrived as missing and diverged", async () => {
    const replay = new ReplayDocument({ edits: edits.slice(0, 30), clients: 3, chunk: 5, paceMs: 0 });
    // No relay: client 0 types its first burst and nobody else ever sees it.
    replay.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    replay.stop();
    const stats = replay.stats();
    expect(stats.applied).toBe(0);
    expect(stats.missing).toBe(30 - 5 + 30 + 30);
    expect(stats.diverged).toBe(3);
  });
});
