import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../../bench/lib/generate-regulation";
import { isShortQuote } from "./confidence";
import { reanchor, type AnchoredAnnotation, type ReanchorResult } from "./reanchor";
import { describeRange } from "./selectors";
import { tokenize, type Tokens } from "./tokens";

/**
 * Properties of re-anchoring one quote under a seeded random edit script, with ground truth
 * from character identities (each character keeps its id through the edits):
 *
 * 1. A quote whose words survive untouched is found on exactly its words, whatever happens
 *    outside it: deletions and insertions anywhere else, edits touching its first or last
 *    character, and copies of its words typed elsewhere. A short quote (≤ 3 words or < 20
 *    characters) is held to this when the word on each side of it survives too: with both
 *    neighbours rewritten, a short quote is by design orphaned (nothing tells it from a
 *    look-alike typed in the rewrite).
 * 2. A quote whose words were all deleted is never placed, however many look-alikes remain:
 *    texts come from a small vocabulary, so its words recur everywhere in the kept text, and
 *    single words of it are retyped elsewhere. Inserted text otherwise uses a disjoint, upper
 *    case vocabulary, so a deleted quote is never legitimately retyped in place.
 */

const OLD_WORDS = "de la el en y a los del se las por un para con no una su al lo como más pero sus le".split(" ");
const NEW_WORDS = "ALFA BETA GAMMA DELTA ÉPSILON ZETA ETA THETA 😀 IOTA KAPPA".split(" ");
const TRIALS = 600;

interface Char {
  ch: string;
  id: number;
}

const pick = <T,>(rand: () => number, pool: readonly T[]): T => pool[Math.floor(rand() * pool.length)] as T;
const words = (rand: () => number, pool: readonly string[], n: number) => Array.from({ length: n }, () => pick(rand, pool)).join(" ");

/** A random old text and the [start, end) code point spans of its words. */
function draft(rand: () => number): { text: string; spans: Array<[number, number]> } {
  const text = `${words(rand, OLD_WORDS, 40 + Math.floor(rand() * 80))}.`;
  const spans = [...text.matchAll(/\p{L}+/gu)].map((m) => [m.index, m.index + m[0].length] as [number, number]);
  return { text, spans };
}

class Doc {
  chars: Char[];
  private nextId: number;
  constructor(text: string) {
    this.chars = [...text].map((ch, id) => ({ ch, id }));
    this.nextId = this.chars.length;
  }
  insert(at: number, text: string): void {
    this.chars.splice(at, 0, ...[...text].map((ch) => ({ ch, id: this.nextId++ })));
  }
  delete(from: number, to: number): void {
    this.chars.splice(from, Math.max(0, to - from));
  }
  indexOf(id: number): number {
    return this.chars.findIndex((c) => c.id === id);
  }
  get text(): string {
    return this.chars.map((c) => c.ch).join("");
  }
}

function reanchorOne(oldText: string, start: number, end: number, newText: string): { result: ReanchorResult; annotation: AnchoredAnnotation } {
  const annotation: AnchoredAnnotation = { id: "q", target: { source: "v1", clauseId: "c", selector: describeRange(oldText, start, end) } };
  const [result] = reanchor([annotation], { source: "v1", clauses: [{ id: "c", text: oldText }] }, { source: "v2", clauses: [{ id: "c", text: newText }] });
  return { result: result as ReanchorResult, annotation };
}

/**
 * What the two texts alone determine about a word of the old text, over the tokens the word
 * diff uses (tokens.ts): whether some minimal alignment (a longest common subsequence) pairs it
 * with another new token than its true image, or leaves it unpaired. When one does, the edit
 * script is ambiguous — deleting "de la " before "de la" leaves the same text as deleting the
 * second copy — and no text-only engine, nor any reader, can know which copy went; such scripts
 * are skipped (and counted).
 */
class MinimalAlignments {
  private readonly a: Tokens;
  private readonly b: Tokens;
  private readonly width: number;
  private readonly fwd: Int32Array;
  private readonly bwd: Int32Array;
  private readonly lcs: number;

  constructor(oldText: string, newText: string) {
    const dictionary = new Map<string, number>();
    this.a = tokenize(oldText, dictionary);
    this.b = tokenize(newText, dictionary);
    const n = this.a.ids.length;
    const m = this.b.ids.length;
    const w = m + 1;
    this.width = w;
    this.fwd = new Int32Array((n + 1) * w);
    this.bwd = new Int32Array((n + 2) * w + 1);
    for (let i = 1; i <= n; i++)
      for (let j = 1; j <= m; j++)
        this.fwd[i * w + j] = this.a.ids[i - 1] === this.b.ids[j - 1] ? (this.fwd[(i - 1) * w + j - 1] as number) + 1 : Math.max(this.fwd[(i - 1) * w + j] as number, this.fwd[i * w + j - 1] as number);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        this.bwd[i * w + j] = this.a.ids[i] === this.b.ids[j] ? (this.bwd[(i + 1) * w + j + 1] as number) + 1 : Math.max(this.bwd[(i + 1) * w + j] as number, this.bwd[i * w + j + 1] as number);
    this.lcs = this.fwd[n * w + m] as number;
  }

  /** Where old token i starts (UTF-16). */
  oldStart(i: number): number {
    return this.a.starts[i] as number;
  }

  /** Index of the old (or new) token starting at a UTF-16 offset, or -1. */
  token(side: "old" | "new", offset: number): number {
    const starts = side === "old" ? this.a.starts : this.b.starts;
    return starts.indexOf(offset);
  }

  /** Whether some minimal alignment pairs old token i with a new token other than `image` (-1: with any). */
  pairsElsewhere(i: number, image: number): boolean {
    const w = this.width;
    for (let j = 0; j < this.b.ids.length; j++) {
      if (j === image || this.a.ids[i] !== this.b.ids[j]) continue;
      if ((this.fwd[i * w + j] as number) + 1 + (this.bwd[(i + 1) * w + j + 1] as number) === this.lcs) return true;
    }
    return false;
  }

  /** Whether some minimal alignment leaves old token i unpaired. */
  mayDrop(i: number): boolean {
    const w = this.width;
    for (let j = 0; j <= this.b.ids.length; j++) if ((this.fwd[i * w + j] as number) + (this.bwd[(i + 1) * w + j] as number) === this.lcs) return true;
    return false;
  }

  /** The old tokens inside [from, to) (UTF-16), or only its words. */
  tokensIn(oldText: string, from: number, to: number, wordsOnly: boolean): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.a.starts.length; i++) {
      const at = this.a.starts[i] as number;
      if (at >= from && at < to && (!wordsOnly || /\p{L}/u.test(oldText[at] as string))) out.push(i);
    }
    return out;
  }
}

const int = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

describe("reanchor property: untouched and deleted quotes", () => {
  it(`finds a quote whose words survive untouched on exactly its words (${TRIALS} random scripts, edits next to it and copies of it elsewhere)`, () => {
    let adjacent = 0;
    let copies = 0;
    let ambiguous = 0;
    let short = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const rand = seededRandom(50_000 + trial);
      const { text: oldText, spans } = draft(rand);
      const n = rand() < 0.4 ? int(rand, 1, 3) : int(rand, 4, 10);
      const first = int(rand, 1, spans.length - n - 1);
      const start = (spans[first] as [number, number])[0];
      const end = (spans[first + n - 1] as [number, number])[1];
      const quote = oldText.slice(start, end);
      const isShort = isShortQuote(quote);
      if (isShort) short++;
      // The untouchable region: the quote's words (for a short quote, also the word on each side
      // of it) and the space or sign that separates them from the rest, so that no edit glues a
      // letter onto one of its words. Edits may touch that separator's outer side.
      const guardFrom = Math.max(0, (isShort ? (spans[first - 1] as [number, number])[0] : start) - 1);
      const guardTo = Math.min(oldText.length, (isShort ? (spans[first + n] as [number, number])[1] : end) + 1);
      const doc = new Doc(oldText);
      const firstId = guardFrom;
      const lastId = guardTo - 1;
      const edits = int(rand, 1, 7);
      for (let e = 0; e < edits; e++) {
        const from = doc.indexOf(firstId);
        const to = doc.indexOf(lastId) + 1;
        const kind = rand();
        if (kind < 0.25) {
          // An edit touching the guarded region: text inserted or deleted right next to it.
          adjacent++;
          const before = rand() < 0.5;
          if (rand() < 0.5) doc.insert(before ? from : to, before ? ` ${words(rand, NEW_WORDS, int(rand, 1, 3))}` : `${words(rand, NEW_WORDS, int(rand, 1, 3))} `);
          else if (before) doc.delete(Math.max(0, from - int(rand, 1, 30)), from);
          else doc.delete(to, Math.min(doc.chars.length, to + int(rand, 1, 30)));
        } else if (kind < 0.45) {
          // A copy of the quote's words typed elsewhere, away from it, between new words.
          copies++;
          const at = rand() < 0.5 ? int(rand, 0, Math.max(0, from - 40)) : int(rand, Math.min(doc.chars.length, to + 40), doc.chars.length);
          if (at > from - 40 && at < to + 40) continue;
          doc.insert(at, ` ${pick(rand, NEW_WORDS)} ${quote} ${pick(rand, NEW_WORDS)} `);
        } else {
          // Anything else outside the guarded region: a deletion, an insertion or a replacement.
          const beforeSide = rand() < 0.5;
          const lo = beforeSide ? 0 : to;
          const hi = beforeSide ? from : doc.chars.length;
          if (hi - lo < 2) continue;
          const a = int(rand, lo, hi - 1);
          const b = Math.min(hi, a + int(rand, 1, 25));
          if (rand() < 0.4) doc.delete(a, b);
          else if (rand() < 0.5) doc.insert(a, ` ${words(rand, NEW_WORDS, int(rand, 1, 4))} `);
          else {
            doc.delete(a, b);
            doc.insert(a, words(rand, NEW_WORDS, int(rand, 1, 3)));
          }
        }
      }
      const newText = doc.text;
      const at = doc.indexOf(start);
      const utf16 = (codePoint: number) => doc.chars.slice(0, codePoint).reduce((sum, c) => sum + c.ch.length, 0);
      const alignments = new MinimalAlignments(oldText, newText);
      // The quote's tokens, and for a short quote its neighbours' too, must be determined.
      const ambiguousWord = alignments.tokensIn(oldText, guardFrom + 1, guardTo - 1, false).some((i) => {
        // Old offsets are character ids (the old text is all in the basic plane).
        const image = alignments.token("new", utf16(doc.indexOf(alignments.oldStart(i))));
        return alignments.pairsElsewhere(i, image) || alignments.mayDrop(i);
      });
      if (ambiguousWord) {
        ambiguous++;
        continue;
      }
      const { result } = reanchorOne(oldText, start, end, newText);
      const label = `trial ${trial}: "${quote}" in\n${oldText}\n→\n${newText}`;
      expect(result.status, label).not.toBe("orphaned");
      if (result.status === "orphaned") continue;
      expect(result.target.selector[1], label).toEqual({ type: "TextPositionSelector", start: at, end: at + (end - start) });
      expect(result.target.selector[0].exact, label).toBe(quote);
    }
    // Each kind of edit, and short quotes, must have been exercised.
    expect(adjacent).toBeGreaterThan(300);
    expect(copies).toBeGreaterThan(150);
    expect(short).toBeGreaterThan(150);
    expect(ambiguous).toBeLessThan(TRIALS / 4);
  });

  it(`never places a quote whose words were all deleted (${TRIALS} random scripts, look-alikes everywhere)`, () => {
    let retyped = 0;
    let ambiguous = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const rand = seededRandom(90_000 + trial);
      const { text: oldText, spans } = draft(rand);
      const n = rand() < 0.5 ? int(rand, 1, 3) : int(rand, 4, 10);
      const first = int(rand, 0, spans.length - n);
      const start = (spans[first] as [number, number])[0];
      const end = (spans[first + n - 1] as [number, number])[1];
      const quote = oldText.slice(start, end);
      const doc = new Doc(oldText);
      // The quote goes, with up to a few characters either side, sometimes replaced by new words.
      const from = Math.max(0, start - int(rand, 0, 8));
      const to = Math.min(oldText.length, end + int(rand, 0, 8));
      doc.delete(from, to);
      if (rand() < 0.5) doc.insert(from, ` ${words(rand, NEW_WORDS, int(rand, 1, 3))} `);
      const edits = int(rand, 0, 5);
      for (let e = 0; e < edits; e++) {
        const a = int(rand, 0, doc.chars.length);
        const kind = rand();
        if (kind < 0.35) doc.delete(a, Math.min(doc.chars.length, a + int(rand, 1, 25)));
        else if (kind < 0.7) doc.insert(a, ` ${words(rand, NEW_WORDS, int(rand, 1, 4))} `);
        else {
          // One word of the quote retyped elsewhere, between new words.
          retyped++;
          const word = pick(rand, quote.match(/\p{L}+/gu) ?? ["de"]);
          doc.insert(a, ` ${pick(rand, NEW_WORDS)} ${word} ${pick(rand, NEW_WORDS)} `);
        }
      }
      const newText = doc.text;
      expect(doc.chars.some((c) => c.id >= start && c.id < end)).toBe(false);
      // Old text is all in the basic plane here: code points are UTF-16 offsets.
      const alignments = new MinimalAlignments(oldText, newText);
      if (alignments.tokensIn(oldText, start, end, true).some((i) => alignments.pairsElsewhere(i, -1))) {
        ambiguous++;
        continue;
      }
      const { result } = reanchorOne(oldText, start, end, newText);
      const placed = result.status === "orphaned" ? "" : result.target.selector[0].exact;
      expect(result.status, `trial ${trial}: deleted "${quote}" placed on "${placed}" in\n${oldText}\n→\n${newText}`).toBe("orphaned");
    }
    expect(retyped).toBeGreaterThan(200);
    expect(ambiguous).toBeLessThan(TRIALS / 2);
  });
});
