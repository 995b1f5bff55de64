/**
 * String distances used to judge a candidate anchor: plain edit distance between a quote and
 * the text found for it, and how well the text around a candidate agrees with the context the
 * annotation remembered (its prefix and suffix).
 */

/** Stand-in for the edge of a clause in contexts, so "at the start of the clause" is context too. */
export const EDGE = "\u0000";

/**
 * Levenshtein distance between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`
 * (the caller only needs to know whether it is within its threshold).
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

/**
 * Agreement between a remembered context and the text next to a candidate, in [0, 1]: 1 minus
 * the edit distance over the remembered length, aligned at the quote (the side touching the
 * quote must line up) with the far end free, so an inserted word next to the quote costs its
 * length and no more. `expected` and `actual` are read outward from the quote: for a prefix,
 * pass both reversed.
 */
export function contextAgreement(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  if (actual.length === 0) return 0;
  let prev = new Int32Array(actual.length + 1);
  let cur = new Int32Array(actual.length + 1);
  for (let j = 0; j <= actual.length; j++) prev[j] = j;
  for (let i = 1; i <= expected.length; i++) {
    cur[0] = i;
    const ce = expected.charCodeAt(i - 1);
    for (let j = 1; j <= actual.length; j++) {
      const cost = ce === actual.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  let best = Number.POSITIVE_INFINITY;
  for (let j = 0; j <= actual.length; j++) best = Math.min(best, prev[j] as number);
  return Math.max(0, 1 - best / expected.length);
}

/** A string reversed by UTF-16 unit (fine for comparison: both sides are reversed alike). */
export function reversed(text: string): string {
  let out = "";
  for (let i = text.length - 1; i >= 0; i--) out += text[i];
  return out;
}
