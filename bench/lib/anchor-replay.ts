import { diffChars } from "diff";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describeRange, reanchor, type AnchoredAnnotation, type AnnotationTarget } from "../../server/services/annotations/anchoring";
import { seededRandom } from "./generate-regulation";

/**
 * Replays a real keystroke trace (Joseph Gentle's editing-traces) as a series of published
 * versions and measures how re-anchoring does against ground truth. Ground truth comes from the
 * trace itself: every character gets an identity when it is typed, so at each version we know
 * exactly which of an annotation's original characters still exist and where — something the
 * engine never sees (it gets only the two versions' texts and the annotation's selectors).
 *
 * The document is one clause: a blog post has no clause ids, and one 4–57 kB clause is the hard
 * case for the engine (every annotation's search space is the whole text, with no clause id to
 * narrow it). Versions are chained as in the product: version n+1's annotations are version n's
 * re-anchored ones; an orphan stays an orphan (staff would handle it). A cut and paste (a run of
 * 8+ characters deleted and later inserted verbatim) counts as a move of the same characters.
 */

/** An editing trace file: patches are [position, deleteCount, insertText] in Unicode characters. */
export interface EditingTrace {
  startContent: string;
  endContent: string;
  txns: Array<{ patches: Array<[number, number, string]> }>;
}

/** Reads a gzipped editing trace. */
export function loadTrace(path: string): EditingTrace {
  return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as EditingTrace;
}

/** What happened to an annotation's original characters by some version. */
export type Truth = "intact" | "edited" | "deleted";
/** How the engine's answer compares with the truth. */
export type Verdict = "right" | "wrong" | "orphaned";

/** Replay options. */
export interface ReplayOptions {
  trace: EditingTrace;
  /** Patches (single edits) between two published versions. */
  editsPerVersion: number;
  /** Annotations made on the starting version. */
  quotes: number;
  seed: number;
  /** Stop after this many patches (default: the whole trace). */
  maxEdits?: number;
  /** Transactions applied before the annotations are made (default 1: the pasted first draft). */
  startAfterTxns?: number;
}

/** One wrong-place anchor, for diagnosis. */
export interface WrongAnchor {
  version: number;
  annotation: string;
  truth: Truth;
  quote: string;
  anchoredText: string;
  /** The engine's status for it ("carried", "moved exact", "moved fuzzy"). */
  status: string;
}

/** An annotation orphaned although its text (partly) survived. */
export interface LostAnchor {
  version: number;
  annotation: string;
  truth: Truth;
  quote: string;
  reason: string;
}

/** The confusion table and headline figures. */
export interface ReplayReport {
  versions: number;
  startLength: number;
  endLength: number;
  /** counts[truth][verdict], over every (annotation, version) pair. */
  counts: Record<Truth, Record<Verdict, number>>;
  /** Share of intact annotations anchored on exactly their words. */
  intactRight: number;
  /** Share of deleted annotations orphaned. */
  deletedOrphaned: number;
  wrong: WrongAnchor[];
  /** Annotations orphaned while some of their text survived (the cost of caution), for diagnosis. */
  lost: LostAnchor[];
  /** Milliseconds spent inside reanchor(), all versions. */
  engineMs: number;
}

const CLAUSE = "post";
/** Shortest deleted-then-reinserted run treated as a cut and paste. */
const MOVE_MIN = 8;
/** How many recent cuts are remembered. */
const CLIPBOARD_SIZE = 50;

/**
 * Replays the trace. The starting version is the text after the first transaction (the trace
 * starts empty and the author pastes a draft first). Quotes are 1–12 whole words at random
 * places (seeded), like a reader's selections; a third are 1–3 words, the hard short case.
 */
export function replayAnchoring(options: ReplayOptions): ReplayReport {
  const rand = seededRandom(options.seed);
  const { trace } = options;
  const maxEdits = options.maxEdits ?? Number.POSITIVE_INFINITY;
  // The document as code points with a parallel identity per character.
  let chars: string[] = [...trace.startContent];
  let ids: number[] = chars.map((_c, i) => i);
  let nextId = chars.length;
  // The trace has no "move": a cut and paste is a deletion and a later insertion of the same
  // text. Pasting back a run of at least MOVE_MIN characters deleted earlier gives it back its
  // identities, so ground truth follows moved text as a reader would. Retyping is not a move.
  // A pasted insertion may also hold a cut run inside it, or be part of one.
  const clipboard: Array<{ text: string; ids: number[] }> = [];
  const apply = (patch: [number, number, string]) => {
    const [pos, del, ins] = patch;
    const inserted = [...ins];
    const removed = chars.splice(pos, del, ...inserted);
    const removedIds = ids.slice(pos, pos + del);
    const fresh = inserted.map(() => nextId++);
    if (inserted.length >= MOVE_MIN) {
      for (let c = clipboard.length - 1; c >= 0; c--) {
        const cut = clipboard[c] as { text: string; ids: number[] };
        const inside = ins.indexOf(cut.text);
        const around = inside < 0 ? cut.text.indexOf(ins) : -1;
        if (inside < 0 && around < 0) continue;
        if (inside >= 0) fresh.splice([...ins.slice(0, inside)].length, cut.ids.length, ...cut.ids);
        else fresh.splice(0, fresh.length, ...cut.ids.slice([...cut.text.slice(0, around)].length, [...cut.text.slice(0, around)].length + inserted.length));
        clipboard.splice(c, 1);
        break;
      }
    }
    // Some editors record an edit as "replace this paragraph with its new wording" (one patch
    // deleting 463 characters and inserting them back with a few words changed): runs of at
    // least MOVE_MIN characters that a character diff finds in both keep their identities.
    if (del > 0 && inserted.length > 0) {
      let a = 0;
      let b = 0;
      for (const part of diffChars(removed.join(""), ins)) {
        const n = [...part.value].length;
        if (part.added) b += n;
        else if (part.removed) a += n;
        else {
          if (n >= MOVE_MIN) for (let k = 0; k < n; k++) fresh[b + k] = removedIds[a + k] as number;
          a += n;
          b += n;
        }
      }
    }
    ids.splice(pos, del, ...fresh);
    if (del >= MOVE_MIN) {
      clipboard.push({ text: removed.join(""), ids: removedIds });
      if (clipboard.length > CLIPBOARD_SIZE) clipboard.shift();
    }
  };
  let t = 0;
  for (; t < (options.startAfterTxns ?? 1) && t < trace.txns.length; t++) {
    for (const p of (trace.txns[t] as { patches: Array<[number, number, string]> }).patches) apply(p);
  }
  let text = chars.join("");
  const startLength = chars.length;

  // Annotations on the starting version.
  const originalIds = new Map<string, number[]>();
  let live: AnchoredAnnotation[] = [];
  const wordSpans = [...text.matchAll(/[\p{L}\p{M}\p{N}'’]+/gu)].map((m) => [cp(text, m.index), cp(text, m.index + m[0].length)] as const);
  for (let i = 0; i < options.quotes; i++) {
    const short = rand() < 1 / 3;
    const words = short ? 1 + Math.floor(rand() * 3) : 4 + Math.floor(rand() * 9);
    const first = Math.floor(rand() * Math.max(1, wordSpans.length - words));
    const start = (wordSpans[first] as readonly [number, number])[0];
    const end = (wordSpans[Math.min(wordSpans.length - 1, first + words - 1)] as readonly [number, number])[1];
    const id = `a${i}`;
    const target: AnnotationTarget = { source: "v0", clauseId: CLAUSE, selector: describeRange(text, start, end) };
    live.push({ id, target });
    originalIds.set(id, ids.slice(start, end));
  }

  const counts: Record<Truth, Record<Verdict, number>> = {
    intact: { right: 0, wrong: 0, orphaned: 0 },
    edited: { right: 0, wrong: 0, orphaned: 0 },
    deleted: { right: 0, wrong: 0, orphaned: 0 },
  };
  const orphaned = new Set<string>();
  const wrong: WrongAnchor[] = [];
  const lost: LostAnchor[] = [];
  let engineMs = 0;
  let version = 0;
  let edits = 0;
  let pending = 0;
  const publish = () => {
    version++;
    const newText = chars.join("");
    const started = performance.now();
    const results = reanchor(live, { source: `v${version - 1}`, clauses: [{ id: CLAUSE, text }] }, { source: `v${version}`, clauses: [{ id: CLAUSE, text: newText }] });
    engineMs += performance.now() - started;
    const positionOf = new Map<number, number>();
    ids.forEach((id, pos) => positionOf.set(id, pos));
    const next: AnchoredAnnotation[] = [];
    const resultById = new Map(results.map((r) => [r.id, r]));
    for (const [annotationId, original] of originalIds) {
      const survivors = original.map((id) => positionOf.get(id)).filter((p): p is number => p !== undefined);
      const truth: Truth =
        survivors.length === 0
          ? "deleted"
          : survivors.length === original.length && (survivors[survivors.length - 1] as number) - (survivors[0] as number) === original.length - 1
            ? "intact"
            : "edited";
      const result = resultById.get(annotationId);
      if (!result || result.status === "orphaned" || orphaned.has(annotationId)) {
        if (result?.status === "orphaned" && truth !== "deleted") lost.push({ version, annotation: annotationId, truth, quote: textOf(original), reason: result.reason });
        orphaned.add(annotationId);
        counts[truth].orphaned++;
        continue;
      }
      next.push({ id: annotationId, target: result.target });
      const { start, end } = result.target.selector[1];
      const verdict = judge(truth, survivors, start, end);
      counts[truth][verdict]++;
      if (verdict === "wrong") wrong.push({ version, annotation: annotationId, truth, quote: textOf(original), anchoredText: result.target.selector[0].exact, status: result.status === "moved" ? `moved ${result.match}` : result.status });
    }
    live = next;
    text = newText;
  };
  // Characters of the starting version, for reporting wrong anchors.
  const startChars = new Map<number, string>();
  ids.forEach((id, pos) => startChars.set(id, chars[pos] as string));
  const textOf = (original: number[]) => original.map((id) => startChars.get(id) ?? "").join("");

  for (; t < trace.txns.length && edits < maxEdits; t++) {
    for (const p of (trace.txns[t] as { patches: Array<[number, number, string]> }).patches) {
      apply(p);
      edits++;
      pending++;
    }
    if (pending >= options.editsPerVersion) {
      publish();
      pending = 0;
    }
  }
  if (pending > 0) publish();
  void chars;
  chars = [];
  ids = [];
  const intact = counts.intact;
  const deleted = counts.deleted;
  return {
    versions: version,
    startLength,
    endLength: [...text].length,
    counts,
    intactRight: ratio(intact.right, intact.right + intact.wrong + intact.orphaned),
    deletedOrphaned: ratio(deleted.orphaned, deleted.right + deleted.wrong + deleted.orphaned),
    wrong,
    lost,
    engineMs,
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

/**
 * Right place: for intact quotes exactly their words; for edited ones, a range that covers at
 * least half of the surviving original characters and is at least half made of them. Any
 * anchor of a deleted quote is wrong.
 */
function judge(truth: Truth, survivors: number[], start: number, end: number): Verdict {
  if (truth === "deleted") return "wrong";
  const first = survivors[0] as number;
  const last = survivors[survivors.length - 1] as number;
  if (truth === "intact") return start === first && end === last + 1 ? "right" : "wrong";
  const inside = survivors.filter((p) => p >= start && p < end).length;
  return inside * 2 >= survivors.length && inside * 2 >= end - start ? "right" : "wrong";
}

/** Code point offset of a UTF-16 offset (the trace counts characters). */
function cp(text: string, unit: number): number {
  return [...text.slice(0, unit)].length;
}
