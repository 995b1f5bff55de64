/**
 * The confidence rule of re-anchoring, in one place. A wrong confident match is worse than an
 * orphan: an orphan is visibly flagged and queued for staff, a wrong anchor silently puts a
 * resident's words next to text they never commented on. So every threshold here errs towards
 * orphaning, and each one is named so tests and the ADR can refer to it.
 */
export const ANCHORING_RULES = {
  /** Quotes shorter than this (UTF-16 units) are only ever carried or moved exactly, never fuzzily. */
  fuzzyMinLength: 16,
  /**
   * A fuzzy anchor's text may differ from the old quote by at most this share of the quote's
   * length — or of the new text's, when words were only added inside the quote (an edit that adds
   * words is measured on its result).
   */
  fuzzyMaxErrorRate: 0.25,
  /** An in-place fuzzy anchor needs at least this share of the quote's characters kept by the diff. */
  fuzzyMinKept: 0.6,
  /** A fuzzy anchor may not be longer than this many times the old quote. */
  fuzzyMaxGrowth: 1.5,
  /** A quote of at most this many words, or shorter than `shortQuoteLength`, counts as short. */
  shortQuoteWords: 3,
  shortQuoteLength: 20,
  /** Context agreement (0–1, mean of prefix and suffix) a located-by-search match needs… */
  contextForLongQuote: 0.5,
  /** …and what a short quote needs, since "de la" alone says nothing about where it was. */
  contextForShortQuote: 0.75,
  /**
   * What a short quote located by the diff (kept in place) needs: less than a searched-for one,
   * since the diff already ties it to its surroundings, but not nothing.
   */
  contextForShortQuoteInPlace: 0.5,
  /**
   * What a fuzzy match located by the diff (edited in place) needs: its words changed, so only
   * agreeing surroundings tell an edit of the quote from a retyped sentence that looks like it.
   */
  contextForFuzzyInPlace: 0.5,
  /** What a fuzzy match found by search needs. */
  contextForFuzzy: 0.6,
  /** The best candidate must beat the second by this much context agreement, or it is ambiguous. */
  uniquenessMargin: 0.2,
  /** Quotes moved by cut-and-paste are looked for only if at least this long (UTF-16 units). */
  moveMinLength: 8,
} as const;

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Number of words in a text (runs of letters, marks and digits). */
export function wordCount(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

/** Whether a quote is too short to be located by its own words alone. */
export function isShortQuote(exact: string): boolean {
  return exact.length < ANCHORING_RULES.shortQuoteLength || wordCount(exact) <= ANCHORING_RULES.shortQuoteWords;
}

/** Context agreement a searched-for exact match needs. */
export function requiredContext(exact: string): number {
  return isShortQuote(exact) ? ANCHORING_RULES.contextForShortQuote : ANCHORING_RULES.contextForLongQuote;
}

/** Largest edit distance tolerated between an old quote and a fuzzy anchor's text. */
export function maxFuzzyErrors(exact: string): number {
  if (exact.length < ANCHORING_RULES.fuzzyMinLength) return 0;
  return Math.floor(exact.length * ANCHORING_RULES.fuzzyMaxErrorRate);
}

/** A scored candidate location. */
export interface Scored {
  from: number;
  to: number;
  context: number;
}

/**
 * The one candidate confident enough to anchor to, or why there is none: the best must reach
 * `required` context agreement and beat the runner-up by the uniqueness margin.
 */
export function pickConfident<T extends Scored>(candidates: readonly T[], required: number): { pick: T } | { reason: "ambiguous" | "no-confident-match" } {
  let best: T | undefined;
  let second: T | undefined;
  for (const c of candidates) {
    if (!best || c.context > best.context) {
      second = best;
      best = c;
    } else if (!second || c.context > second.context) {
      second = c;
    }
  }
  if (!best || best.context < required) return { reason: "no-confident-match" };
  if (second && best.context - second.context < ANCHORING_RULES.uniquenessMargin) return { reason: "ambiguous" };
  return { pick: best };
}
