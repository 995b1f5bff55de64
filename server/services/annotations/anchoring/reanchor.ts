import search from "approx-string-match";
import { codePointLength, hasAstral, toUtf16Offset } from "./code-points";
import { ANCHORING_RULES, isShortQuote, maxFuzzyErrors, pickConfident, requiredContext, type Scored } from "./confidence";
import { InsertedTextIndex, someInserted } from "./inserted-text-index";
import { CONTEXT_LENGTH, describeUtf16Range, verifySelector, type AnnotationTarget, type TextQuoteSelector } from "./selectors";
import { contextAgreement, EDGE, reversed } from "./similarity";
import { mapText, type TextMapping } from "./text-mapping";
import type { ClauseText, VersionText } from "./version-text";

/**
 * Re-anchoring: carrying every annotation of one version onto the next. For each annotation,
 * in order of cost:
 *
 * 1. Same clause, same text: carried as is.
 * 2. Same clause, changed text: follow the quote through a word diff of the clause's old and new
 *    text. All characters kept, in one piece → carried; all kept in two pieces with words added
 *    between them, or most kept and the new words within the fuzzy threshold of the old quote →
 *    moved (fuzzy, the old quote kept for readers). A short quote kept in place also needs its
 *    context: remembered and found next to it, or kept by the diff around it. A quote the diff
 *    lost because its sentence moved a little is followed to its one unpaired copy nearby.
 * 3. Otherwise the quote may have been cut and pasted: look for it, via an index, only in text
 *    that is new in this version (in any clause), scored by how well the remembered prefix and
 *    suffix agree; only a unique, well-supported candidate is taken → moved.
 * 4. Otherwise orphaned, with the reason.
 *
 * When the old clause text is unavailable or does not match the selectors, step 2 becomes a
 * search of the clause for the quote (exact, then fuzzy with approx-string-match), held to the
 * same context and uniqueness rules. Pure: no clock, no I/O, deterministic.
 */

/** An annotation to carry: its id and where it points in the old version. */
export interface AnchoredAnnotation {
  id: string;
  target: AnnotationTarget;
}

/** Why an annotation could not be carried. */
export type OrphanReason = "clause-removed" | "quote-deleted" | "ambiguous" | "no-confident-match";

/** The outcome for one annotation. */
export type ReanchorResult =
  | { id: string; status: "carried"; target: AnnotationTarget }
  | {
      id: string;
      status: "moved";
      target: AnnotationTarget;
      /** "exact": the same words elsewhere; "fuzzy": the words were edited, within the threshold. */
      match: "exact" | "fuzzy";
      previousQuote: string;
      previousClauseId: string;
    }
  | { id: string; status: "orphaned"; reason: OrphanReason; previousQuote: string; previousClauseId: string };

interface ClauseState extends ClauseText {
  astral: boolean;
}

interface Located {
  clause: ClauseState;
  from: number;
  to: number;
  exact: boolean;
}

/** What the annotation remembers around its quote, read outward, with clause edges marked. */
interface Context {
  prefix: string;
  suffix: string;
}

/**
 * Re-anchors `annotations` (targets on `from`) onto `to`. Results come in the input order.
 * @throws Error when `from` or `to` lists a clause id twice (ids are unique per version).
 */
export function reanchor(annotations: readonly AnchoredAnnotation[], from: VersionText, to: VersionText): ReanchorResult[] {
  const run = new Reanchoring(from, to);
  return annotations.map((a) => run.one(a));
}

function byId(version: VersionText): Map<string, ClauseState> {
  const map = new Map<string, ClauseState>();
  for (const c of version.clauses) {
    if (map.has(c.id)) throw new Error(`Clause id ${c.id} appears twice in version ${version.source}`);
    map.set(c.id, { id: c.id, text: c.text, astral: hasAstral(c.text) });
  }
  return map;
}

class Reanchoring {
  private readonly oldById: Map<string, ClauseState>;
  private readonly newById: Map<string, ClauseState>;
  private readonly mappings = new Map<string, TextMapping | "all">();
  private index: InsertedTextIndex | null = null;

  constructor(
    from: VersionText,
    private readonly to: VersionText,
  ) {
    this.oldById = byId(from);
    this.newById = byId(to);
  }

  one(annotation: AnchoredAnnotation): ReanchorResult {
    const { id, target } = annotation;
    const [quote, position] = target.selector;
    const previous = { previousQuote: quote.exact, previousClauseId: target.clauseId };
    const oldClause = this.oldById.get(target.clauseId);
    const newClause = this.newById.get(target.clauseId);
    const trusted = oldClause !== undefined && verifySelector(oldClause.text, target.selector).ok;
    const oldFrom = trusted ? this.units(oldClause, position.start) : -1;
    const oldTo = trusted ? this.units(oldClause, position.end) : -1;
    const context = trusted ? contextAt(oldClause.text, oldFrom, oldTo, quote) : contextOf(quote);
    let orphanReason: OrphanReason = newClause ? "quote-deleted" : "clause-removed";

    if (newClause && trusted) {
      if (oldClause.text === newClause.text) return this.anchored(id, "carried", { clause: newClause, from: oldFrom, to: oldTo, exact: true }, previous);
      const found = followDiff(this.mapping(newClause.id) as TextMapping, oldFrom, oldTo, quote.exact, newClause);
      // A diff is an inference: in a heavily rewritten passage it can pair a deleted short word
      // with a look-alike typed elsewhere. A short quote must also keep some of its context.
      // A fuzzy match changed the words, so the words alone no longer vouch for the place: the
      // remembered context must agree too, or a retyped sentence takes a deleted quote's anchor.
      const required = found && !found.exact ? ANCHORING_RULES.contextForFuzzyInPlace : isShortQuote(quote.exact) ? ANCHORING_RULES.contextForShortQuoteInPlace : 0;
      const island = found !== null && isShortQuote(quote.exact) && isIsland(newClause.text, this.mapping(newClause.id) as TextMapping, found.from, found.to);
      const needed = island ? Math.max(required, ANCHORING_RULES.contextForShortQuote) : required;
      const supported = found && (needed === 0 || inPlaceSupport(oldClause.text, oldFrom, oldTo, quote, newClause.text, this.mapping(newClause.id) as TextMapping, found, context, !found.exact) >= needed);
      if (found && supported) return this.anchored(id, found.exact ? "carried" : "moved", found, previous);
      if (!found) {
        const shifted = nearbyMove(oldClause.text, newClause, this.mapping(newClause.id) as TextMapping, oldFrom, oldTo);
        // Short words recur everywhere: a shifted short quote must also keep some of its context.
        if (shifted && (!isShortQuote(quote.exact) || neighboursAgree(newClause.text, shifted.from, shifted.to, quote) || agreement(newClause.text, shifted.from, shifted.to, context) >= ANCHORING_RULES.contextForShortQuoteInPlace)) return this.anchored(id, "moved", shifted, previous);
      }
    } else if (newClause) {
      const found = searchClause(newClause, quote.exact, context);
      if ("clause" in found) return this.anchored(id, found.exact ? "carried" : "moved", found, previous);
      orphanReason = found.reason;
    }
    const moved = this.findMovedCopy(quote, context);
    if ("clause" in moved) return this.anchored(id, "moved", moved, previous);
    if (moved.reason === "ambiguous") orphanReason = "ambiguous";
    return { id, status: "orphaned", reason: orphanReason, ...previous };
  }

  private units(clause: ClauseState, codePoints: number): number {
    return clause.astral ? toUtf16Offset(clause.text, codePoints) : codePoints;
  }

  private anchored(id: string, status: "carried" | "moved", at: Located, previous: { previousQuote: string; previousClauseId: string }): ReanchorResult {
    const target: AnnotationTarget = { source: this.to.source, clauseId: at.clause.id, selector: describeUtf16Range(at.clause.text, at.from, at.to) };
    if (status === "carried") return { id, status, target };
    return { id, status, target, match: at.exact ? "exact" : "fuzzy", ...previous };
  }

  /** How a new clause relates to its old self: a diff mapping, or "all" for a clause new in this version. */
  private mapping(clauseId: string): TextMapping | "all" {
    const cached = this.mappings.get(clauseId);
    if (cached) return cached;
    const newClause = this.newById.get(clauseId);
    if (!newClause) throw new Error(`No clause ${clauseId} in version ${this.to.source}`);
    const oldClause = this.oldById.get(clauseId);
    const mapping = oldClause ? mapText(oldClause.text, newClause.text) : "all";
    this.mappings.set(clauseId, mapping);
    return mapping;
  }

  private insertedIndex(): InsertedTextIndex {
    if (this.index) return this.index;
    const index = new InsertedTextIndex();
    for (const clause of this.newById.values()) {
      const old = this.oldById.get(clause.id);
      if (old && old.text === clause.text) continue;
      const mapping = this.mapping(clause.id);
      index.add(clause.id, clause.text, mapping === "all" ? "all" : mapping.inserted);
    }
    this.index = index;
    return index;
  }

  /** A cut-and-pasted quote: an exact occurrence made only of inserted text, with agreeing context. */
  private findMovedCopy(quote: TextQuoteSelector, context: Context): Located | { reason: "ambiguous" | "no-confident-match" } {
    const exact = quote.exact;
    if (exact.length < ANCHORING_RULES.moveMinLength) return { reason: "no-confident-match" };
    const words = completeWords(quote);
    const candidates: Array<Located & Scored> = [];
    for (const clauseId of this.insertedIndex().candidates(words)) {
      const clause = this.newById.get(clauseId) as ClauseState;
      const mapping = this.mapping(clauseId);
      for (let at = clause.text.indexOf(exact); at >= 0 && candidates.length < MAX_CANDIDATES; at = clause.text.indexOf(exact, at + 1)) {
        // An occurrence made wholly of kept text was already there as another copy of the words
        // (it keeps its own annotations); one with any new character was written in this version.
        if (!someInserted(mapping, at, at + exact.length)) continue;
        candidates.push({ clause, from: at, to: at + exact.length, exact: true, context: agreement(clause.text, at, at + exact.length, context) });
      }
    }
    const choice = pickConfident(candidates, requiredContext(exact));
    return "pick" in choice ? choice.pick : choice;
  }
}

/**
 * Whether the words right before and after [from, to) in the new text are both new: a short
 * quote the diff kept between two rewritten neighbours may be a retyped look-alike, so it is held
 * to the context a searched-for short quote needs.
 */
function isIsland(text: string, mapping: TextMapping, from: number, to: number): boolean {
  let before = from - 1;
  while (before >= 0 && /\s/u.test(text[before] as string)) before--;
  let after = to;
  while (after < text.length && /\s/u.test(text[after] as string)) after++;
  const newBefore = before < 0 || mapping.inserted[before] === 1;
  const newAfter = after >= text.length || mapping.inserted[after] === 1;
  return newBefore && newAfter;
}

/** The token next to the quote, read outward (a word or one other character), spaces skipped. */
function nextToken(text: string, at: number, step: 1 | -1): string {
  let i = at;
  while (i >= 0 && i < text.length && /\s/u.test(text[i] as string)) i += step;
  if (i < 0 || i >= text.length) return EDGE;
  if (!isWordChar(text[i])) return text[i] as string;
  let j = i;
  while (j + step >= 0 && j + step < text.length && isWordChar(text[j + step])) j += step;
  return step === 1 ? text.slice(i, j + 1) : text.slice(j, i + 1);
}

/**
 * Whether the nearest word or sign on each side of [from, to) is the one the annotation
 * remembers there (read from its prefix and suffix).
 */
function neighboursAgree(text: string, from: number, to: number, quote: TextQuoteSelector): boolean {
  const remembered = (side: string, step: 1 | -1) => nextToken(side, step === 1 ? 0 : side.length - 1, step);
  const before = quote.prefix.length > 0 ? remembered(quote.prefix, -1) : EDGE;
  const after = quote.suffix.length > 0 ? remembered(quote.suffix, 1) : EDGE;
  return before !== EDGE && after !== EDGE && nextToken(text, from - 1, -1) === before && nextToken(text, to, 1) === after;
}

/** How far (UTF-16 units) from where the diff puts its old place a shifted quote may be found. */
const SHIFT_WINDOW = 400;

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{M}\p{N}]/u.test(ch);

/**
 * A quote the diff lost because its words moved a little (a sentence reordered around it): the
 * minimal diff keeps the other side of the move and calls the quote deleted and retyped. Counted
 * per exact string, every old occurrence the diff keeps pairs with its image; when ours is the
 * only old occurrence left unpaired and exactly one new occurrence is unpaired, near where the
 * diff puts our old place and with the same word edges, the words are that one — the same
 * reasoning as a cut and paste, bounded to the neighbourhood. Anything else: null.
 */
function nearbyMove(oldText: string, clause: ClauseState, mapping: TextMapping, from: number, to: number): Located | null {
  const exact = oldText.slice(from, to);
  const length = exact.length;
  const map = mapping.oldToNew;
  const imageOf = (at: number): number => {
    const start = map[at] as number;
    if (start < 0) return -1;
    for (let i = 1; i < length; i++) if (map[at + i] !== start + i) return -1;
    return start;
  };
  const paired = new Set<number>();
  let unpairedOld = 0;
  for (let at = oldText.indexOf(exact), n = 0; at >= 0 && n < MAX_CANDIDATES; at = oldText.indexOf(exact, at + 1), n++) {
    const image = imageOf(at);
    if (image >= 0 && clause.text.startsWith(exact, image)) paired.add(image);
    else unpairedOld++;
  }
  if (unpairedOld !== 1) return null;
  let k = from - 1;
  while (k >= 0 && (map[k] as number) < 0) k--;
  const expected = k >= 0 ? (map[k] as number) + (from - k) : 0;
  const startsWord = !isWordChar(oldText[from - 1]);
  const endsWord = !isWordChar(oldText[to]);
  let pick = -1;
  const text = clause.text;
  for (let at = text.indexOf(exact), n = 0; at >= 0 && n < MAX_CANDIDATES; at = text.indexOf(exact, at + 1), n++) {
    if (paired.has(at)) continue;
    if (pick >= 0) return null;
    pick = at;
  }
  if (pick < 0 || Math.abs(pick - expected) > SHIFT_WINDOW) return null;
  if (startsWord !== !isWordChar(text[pick - 1]) || endsWord !== !isWordChar(text[pick + length])) return null;
  return { clause, from: pick, to: pick + length, exact: true };
}

/** Shortest run of kept characters that may locate a quote (with the whole quote found around it). */
const MIN_LOCATING_RUN = 3;

/** Enough candidates to judge ambiguity; more would only cost time. */
const MAX_CANDIDATES = 64;

/** The quote's words that are whole (not cut by the selection): the keys of the inserted-text index. */
function completeWords(quote: TextQuoteSelector): string[] {
  const words = [...quote.exact.matchAll(/[\p{L}\p{M}\p{N}]+/gu)];
  const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{M}\p{N}]/u.test(ch);
  return words
    .filter((m) => {
      const start = m.index;
      const end = start + m[0].length;
      const cutAtStart = start === 0 && isWordChar(quote.prefix.slice(-1));
      const cutAtEnd = end === quote.exact.length && isWordChar(quote.suffix[0]);
      return !cutAtStart && !cutAtEnd;
    })
    .map((m) => m[0]);
}

/** The remembered context read from the old clause text (exact clause edges known). */
function contextAt(text: string, from: number, to: number, quote: TextQuoteSelector): Context {
  const prefixStart = from - quote.prefix.length;
  const suffixEnd = to + quote.suffix.length;
  return {
    prefix: reversed(quote.prefix) + (prefixStart === 0 ? EDGE : ""),
    suffix: quote.suffix + (suffixEnd === text.length ? EDGE : ""),
  };
}

/** The remembered context from the selector alone: a context shorter than usual met a clause edge. */
function contextOf(quote: TextQuoteSelector): Context {
  return {
    prefix: reversed(quote.prefix) + (codePointLength(quote.prefix) < CONTEXT_LENGTH ? EDGE : ""),
    suffix: quote.suffix + (codePointLength(quote.suffix) < CONTEXT_LENGTH ? EDGE : ""),
  };
}

/** Mean agreement of the remembered prefix and suffix with the text around [from, to). */
function agreement(text: string, from: number, to: number, context: Context): number {
  const before = Math.max(0, from - context.prefix.length - (context.prefix.length >> 1));
  const after = Math.min(text.length, to + context.suffix.length + (context.suffix.length >> 1));
  const actualPrefix = reversed(text.slice(before, from)) + (before === 0 ? EDGE : "");
  const actualSuffix = text.slice(to, after) + (after === text.length ? EDGE : "");
  return (contextAgreement(context.prefix, actualPrefix) + contextAgreement(context.suffix, actualSuffix)) / 2;
}

/**
 * How well the remembered context supports a match the diff kept in place, in [0, 1]. Two
 * readings of the same evidence, the better one counts: the literal agreement of the remembered
 * prefix and suffix with the new text next to the match, and the share of the remembered
 * context that the diff itself kept on the same side of the match, nearby. Words inserted into
 * the context (a clause added mid-sentence) ruin the first and leave the second; a look-alike
 * typed in a new sentence has neither, since its surroundings are new text. A fuzzy match only
 * counts the literal agreement: its words changed, so the same diff cannot vouch for it twice.
 */
function inPlaceSupport(oldText: string, from: number, to: number, quote: TextQuoteSelector, newText: string, mapping: TextMapping, found: Located, context: Context, fuzzy: boolean): number {
  const literal = agreement(newText, found.from, found.to, context);
  if (fuzzy) return literal;
  if (inKeptPhrase(oldText, from, to, newText, mapping, found)) return 1;
  return Math.max(literal, keptContext(oldText, from, to, quote, newText.length, mapping, found));
}

/**
 * Whether the diff kept the quote as part of a longer phrase: the run of characters it kept
 * side by side with the quote reaches at least one whole word on each side (or the clause edge
 * on that side in both texts). A look-alike the diff paired alone has no such neighbours.
 */
function inKeptPhrase(oldText: string, from: number, to: number, newText: string, mapping: TextMapping, found: Located): boolean {
  const map = mapping.oldToNew;
  let left = false;
  for (let i = from - 1, n = found.from - 1; ; i--, n--) {
    if (i < 0 || n < 0) {
      left = i < 0 && n < 0;
      break;
    }
    if (map[i] !== n) break;
    if (isWordChar(oldText[i])) {
      left = true;
      break;
    }
  }
  if (!left) return false;
  for (let i = to, n = found.to; ; i++, n++) {
    if (i >= oldText.length || n >= newText.length) return i >= oldText.length && n >= newText.length;
    if (map[i] !== n) return false;
    if (isWordChar(oldText[i])) return true;
  }
}

/**
 * Share of the remembered prefix and suffix (mean of both sides) that the diff kept and put on
 * the same side of [found.from, found.to), within twice the context's length of it. A clause
 * edge remembered in the context counts as one more character, kept when the match is as close
 * to the same edge.
 */
function keptContext(oldText: string, from: number, to: number, quote: TextQuoteSelector, newLength: number, mapping: TextMapping, found: Located): number {
  const map = mapping.oldToNew;
  const side = (start: number, end: number, lo: number, hi: number, edge: boolean, edgeKept: boolean): number => {
    let kept = edge && edgeKept ? 1 : 0;
    for (let i = start; i < end; i++) {
      const n = map[i] as number;
      if (n >= lo && n < hi) kept++;
    }
    const total = end - start + (edge ? 1 : 0);
    return total === 0 ? 1 : kept / total;
  };
  const p = quote.prefix.length;
  const s = quote.suffix.length;
  const before = side(from - p, from, found.from - 2 * p, found.from, from - p === 0, found.from <= 2 * p);
  const after = side(to, to + s, found.to, found.to + 2 * s, to + s === oldText.length, newLength - found.to <= 2 * s);
  return (before + after) / 2;
}

/**
 * Step 2: where the diff took the quote's characters, if they are still (nearly) the quote.
 * A minimal diff sometimes aligns a quote's first or last words with look-alikes in text
 * inserted nearby, scattering characters that were in fact kept together. So the quote's
 * longest run of characters kept side by side (at least half of it) locates it, and the quote
 * is then checked against the new text at that place: exactly, or within the fuzzy threshold
 * with most of the span made of the quote's own kept characters.
 */
function followDiff(mapping: TextMapping, from: number, to: number, exact: string, clause: ClauseState): Located | null {
  const length = to - from;
  const map = mapping.oldToNew;
  const blocks: Array<{ start: number; length: number }> = [];
  for (let i = from; i < to; ) {
    const n = map[i] as number;
    if (n < 0) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < to && map[j] === n + (j - i)) j++;
    blocks.push({ start: i, length: j - i });
    i = j;
  }
  blocks.sort((x, y) => y.length - x.length);
  const longest = blocks[0];
  if (!longest) return null;
  if (longest.length === length) {
    const start = map[from] as number;
    return { clause, from: start, to: start + length, exact: true };
  }
  const text = clause.text;
  // Any kept run of a few characters may locate the quote, but only if the whole quote is
  // there, word for word, around it.
  for (const block of blocks) {
    if (block.length < MIN_LOCATING_RUN) break;
    const at = (map[block.start] as number) - (block.start - from);
    if (at >= 0 && text.startsWith(exact, at)) return { clause, from: at, to: at + length, exact: true };
  }
  const inside = insertedInside(mapping, from, to, exact, clause);
  if (inside) return inside;
  if (longest.length * 2 < length) return null;
  const expected = (map[longest.start] as number) - (longest.start - from);
  const limit = maxFuzzyErrors(exact);
  if (limit === 0) return null;
  const windowStart = Math.max(0, expected - limit - (length >> 1));
  const window = text.slice(windowStart, Math.min(text.length, expected + length + limit + (length >> 1)));
  let best: { start: number; end: number; errors: number } | null = null;
  for (const m of search(window, exact, limit)) {
    const closer = best && Math.abs(m.start + windowStart - expected) < Math.abs(best.start + windowStart - expected);
    if (!best || m.errors < best.errors || (m.errors === best.errors && closer)) best = m;
  }
  if (!best) return null;
  const spanFrom = best.start + windowStart;
  const spanTo = best.end + windowStart;
  if (spanTo - spanFrom > length * ANCHORING_RULES.fuzzyMaxGrowth) return null;
  let keptInside = 0;
  for (let i = from; i < to; i++) {
    const n = map[i] as number;
    if (n >= spanFrom && n < spanTo) keptInside++;
  }
  if (keptInside < length * ANCHORING_RULES.fuzzyMinKept) return null;
  const found = text.slice(spanFrom, spanTo);
  return { clause, from: spanFrom, to: spanTo, exact: found === exact };
}

/**
 * A quote with words added inside it and nothing of it removed: the diff kept all of its
 * characters, as two runs with new text between them (a clause inserted mid-quote). The span
 * from the first run to the last is taken when the old quote is within the fuzzy threshold of
 * it — the threshold of the longer of the two texts, as an edit that adds words is measured on
 * its result — and each run is long enough to locate the quote by itself.
 */
function insertedInside(mapping: TextMapping, from: number, to: number, exact: string, clause: ClauseState): Located | null {
  const length = to - from;
  const map = mapping.oldToNew;
  const first = map[from] as number;
  if (first < 0) return null;
  let head = 1;
  while (head < length && map[from + head] === first + head) head++;
  if (head === length || head < MIN_LOCATING_RUN) return null;
  const second = map[from + head] as number;
  if (second < 0) return null;
  let tail = 1;
  while (head + tail < length && map[from + head + tail] === second + tail) tail++;
  if (head + tail !== length || tail < MIN_LOCATING_RUN) return null;
  const found = clause.text.slice(first, second + tail);
  if (second - (first + head) > maxFuzzyErrors(found)) return null;
  return { clause, from: first, to: second + tail, exact: false };
}

/** Step 2 without a trusted old position: search the clause, exact first, then fuzzy. */
function searchClause(clause: ClauseState, exact: string, context: Context): Located | { reason: "ambiguous" | "no-confident-match" } {
  const text = clause.text;
  const exactHits: Array<Located & Scored> = [];
  for (let at = text.indexOf(exact); at >= 0 && exactHits.length < MAX_CANDIDATES; at = text.indexOf(exact, at + 1)) {
    exactHits.push({ clause, from: at, to: at + exact.length, exact: true, context: agreement(text, at, at + exact.length, context) });
  }
  if (exactHits.length > 0) {
    const choice = pickConfident(exactHits, requiredContext(exact));
    return "pick" in choice ? choice.pick : choice;
  }
  const limit = maxFuzzyErrors(exact);
  if (limit === 0) return { reason: "no-confident-match" };
  const fuzzyHits: Array<Located & Scored> = [];
  const seen = new Set<number>();
  for (const m of search(text, exact, limit)) {
    if (seen.has(m.start) || fuzzyHits.length >= MAX_CANDIDATES) continue;
    seen.add(m.start);
    if (m.end - m.start > exact.length * ANCHORING_RULES.fuzzyMaxGrowth) continue;
    fuzzyHits.push({ clause, from: m.start, to: m.end, exact: false, context: agreement(text, m.start, m.end, context) });
  }
  const choice = pickConfident(fuzzyHits, ANCHORING_RULES.contextForFuzzy);
  return "pick" in choice ? choice.pick : choice;
}
