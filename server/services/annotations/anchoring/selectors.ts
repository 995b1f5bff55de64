import { codePointLength, toCodePointOffset, toUtf16Offset } from "./code-points";

/**
 * The selector model of an annotation target, after the W3C Web Annotation Data Model: a
 * version (`source`), the stable id of a clause, and two selectors over that clause's plain
 * text (`Clause.text` of collab/schema/clauses.ts) that describe the same range:
 *
 * - a TextQuoteSelector: the exact words plus up to {@link CONTEXT_LENGTH} characters before
 *   and after — what re-anchoring searches for when the text changes;
 * - a TextPositionSelector: start (inclusive) and end (exclusive) offsets — fast and exact while
 *   the text is unchanged.
 *
 * Offsets and context lengths count Unicode code points, as the W3C model requires, never
 * UTF-16 code units: convert with code-points.ts where a browser Range gives units.
 */

/** How many code points of context a TextQuoteSelector keeps on each side. */
export const CONTEXT_LENGTH = 32;

/** The quoted words and their immediate context. */
export interface TextQuoteSelector {
  type: "TextQuoteSelector";
  exact: string;
  prefix: string;
  suffix: string;
}

/** The range as code point offsets into the clause's plain text. */
export interface TextPositionSelector {
  type: "TextPositionSelector";
  start: number;
  end: number;
}

/** Both selectors of one range (W3C allows a list of equivalent selectors; we always send both). */
export type RangeSelectors = [TextQuoteSelector, TextPositionSelector];

/** Where an annotation points: a version of a document, a clause of it, and a range of its text. */
export interface AnnotationTarget {
  /** The version the selectors were computed on (an id or IRI chosen by the storage layer). */
  source: string;
  /** The stable clause id. */
  clauseId: string;
  selector: RangeSelectors;
}

/**
 * The selectors of the range [start, end) of a clause's text, offsets in code points.
 * @throws RangeError for an empty, reversed or out-of-range range.
 */
export function describeRange(clauseText: string, start: number, end: number): RangeSelectors {
  const length = codePointLength(clauseText);
  if (!Number.isInteger(start) || !Number.isInteger(end)) throw new RangeError(`Range ${start}–${end} must use integer offsets`);
  if (start < 0 || end > length) throw new RangeError(`Range ${start}–${end} outside of clause text of length ${length}`);
  if (start >= end) throw new RangeError(`Range ${start}–${end} is empty or reversed`);
  const from = toUtf16Offset(clauseText, start);
  const to = toUtf16Offset(clauseText, end);
  return describeUtf16Range(clauseText, from, to, start, end);
}

/**
 * The selectors of the UTF-16 range [from, to) (engine-internal); `start`/`end` are the same
 * range in code points when the caller already knows them.
 */
export function describeUtf16Range(clauseText: string, from: number, to: number, start?: number, end?: number): RangeSelectors {
  const prefixFrom = toUtf16Offset(clauseText, Math.max(0, (start ?? toCodePointOffset(clauseText, from)) - CONTEXT_LENGTH));
  const cpEnd = end ?? toCodePointOffset(clauseText, to);
  const suffixTo = toUtf16Offset(clauseText, Math.min(codePointLength(clauseText), cpEnd + CONTEXT_LENGTH));
  return [
    { type: "TextQuoteSelector", exact: clauseText.slice(from, to), prefix: clauseText.slice(prefixFrom, from), suffix: clauseText.slice(to, suffixTo) },
    { type: "TextPositionSelector", start: start ?? toCodePointOffset(clauseText, from), end: cpEnd },
  ];
}

/** Why a selector does not describe a clause's text. */
export type SelectorProblem = "empty" | "out-of-range" | "exact-mismatch" | "prefix-mismatch" | "suffix-mismatch";

/** Result of {@link verifySelector}. */
export type SelectorCheck = { ok: true } | { ok: false; problem: SelectorProblem };

/**
 * Whether selectors describe this clause text: the position is in range and the exact quote is
 * the text at that position; a prefix or suffix, when given (W3C makes them optional), must be
 * the text right before or after it. New annotations whose selectors fail this are rejected.
 */
export function verifySelector(clauseText: string, selector: RangeSelectors): SelectorCheck {
  const [quote, position] = selector;
  const { start, end } = position;
  if (quote.exact === "" || !(end > start)) return { ok: false, problem: "empty" };
  const length = codePointLength(clauseText);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length) return { ok: false, problem: "out-of-range" };
  const from = toUtf16Offset(clauseText, start);
  const to = toUtf16Offset(clauseText, end);
  // startsWith at an offset compares in place: no copies of long clause texts per check.
  if (to - from !== quote.exact.length || !clauseText.startsWith(quote.exact, from)) return { ok: false, problem: "exact-mismatch" };
  if (quote.prefix.length > from || !clauseText.startsWith(quote.prefix, from - quote.prefix.length)) return { ok: false, problem: "prefix-mismatch" };
  if (!clauseText.startsWith(quote.suffix, to)) return { ok: false, problem: "suffix-mismatch" };
  return { ok: true };
}
