import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadTrace, replayAnchoring } from "../../bench/lib/anchor-replay";

/**
 * A small version of `npm run bench -- anchor-accuracy`: real keystrokes from the
 * editing-traces collection, replayed as versions, with ground truth from character
 * identities. A wrong-place anchor anywhere fails the build.
 */
const TRACE = process.env.REDACTA_TRACES_DIR
  ? `${process.env.REDACTA_TRACES_DIR}/seph-blog1.json.gz`
  : new URL("../../../shared/data/editing-traces/seph-blog1.json.gz", import.meta.url).pathname;

describe.skipIf(!existsSync(TRACE))("anchoring accuracy on a real editing trace (small replay)", () => {
  const trace = loadTrace(TRACE);

  it("from the first draft: 45,000 edits, 100 quotes, no wrong-place anchor, every deleted quote orphaned", () => {
    const report = replayAnchoring({ trace, editsPerVersion: 2000, quotes: 100, seed: 5, maxEdits: 45_000 });
    expect(report.wrong).toEqual([]);
    expect(report.counts.deleted.orphaned).toBeGreaterThan(0);
    expect(report.deletedOrphaned).toBe(1);
    expect(report.intactRight).toBeGreaterThanOrEqual(0.99);
  }, 120_000);

  it("from mid-trace: 20,000 edits after the 40,000th transaction, 100 quotes, no wrong-place anchor", () => {
    const report = replayAnchoring({ trace, editsPerVersion: 2000, quotes: 100, seed: 5, maxEdits: 20_000, startAfterTxns: 40_000 });
    expect(report.wrong).toEqual([]);
    expect(report.counts.deleted.orphaned).toBeGreaterThan(0);
    expect(report.intactRight).toBeGreaterThanOrEqual(0.99);
  }, 120_000);

  it("stress: 14,000 edits of heavy rework after the 60,000th transaction, 500 quotes, no deleted quote placed, no wrong-place anchor", () => {
    const report = replayAnchoring({ trace, editsPerVersion: 2000, quotes: 500, seed: 20_270_404, maxEdits: 14_000, startAfterTxns: 60_000 });
    expect(report.counts.deleted.orphaned).toBeGreaterThan(0);
    expect(report.counts.deleted.wrong).toBe(0);
    expect(report.wrong).toEqual([]);
    // 2,993 of 3,005 intact pairs (99.60 %; 99.47 % before neighbours and kept context counted).
    expect(report.intactRight).toBeGreaterThanOrEqual(0.996);
  }, 120_000);

  it("stress, the bench's whole run: every edit after the 60,000th transaction, 500 quotes; issue 10's targets", () => {
    const report = replayAnchoring({ trace, editsPerVersion: 2000, quotes: 500, seed: 20_270_404, startAfterTxns: 60_000 });
    const pairs = Object.values(report.counts).reduce((sum, c) => sum + c.right + c.wrong + c.orphaned, 0);
    expect(report.counts.deleted.orphaned).toBeGreaterThan(0);
    expect(report.counts.deleted.wrong).toBe(0);
    expect(report.counts.intact.wrong).toBe(0);
    // 11,089 of 11,183 intact pairs on exactly their words (99.16 %); 36 wrong-place pairs, all on edited quotes (0.18 %).
    expect(report.intactRight).toBeGreaterThanOrEqual(0.99);
    expect(report.counts.edited.wrong / pairs).toBeLessThanOrEqual(0.002);
  }, 120_000);
});
