import { ConflictError, ValidationError } from "../../errors";
import {
  codePointLength,
  describeRange,
  toCodePointOffset,
  verifySelector,
  type ClauseText,
} from "./anchoring";

/**
 * Locating the words a W3C annotation target names in a version. A standard client does not
 * know Redacta's clause ids as a property: it names the clause as the fragment of the version
 * IRI or with a FragmentSelector, or names no clause at all and sends only a TextQuoteSelector.
 * This finds the one range meant, or says why there is none (400) or more than one (409).
 */

/** What the client said about the words, as the API normalised it from the W3C target. */
export interface TargetSpec {
  /** The version number the target's source names. */
  version: number;
  /** The clause the target names (fragment, FragmentSelector or `redacta:clauseId`), if any. */
  clauseId: string | null;
  quote: { exact: string; prefix?: string; suffix?: string } | null;
  /** Code point offsets into the clause's plain text. */
  position: { start: number; end: number } | null;
}

/** The range found: a clause and code point offsets into its text. */
export interface LocatedRange {
  clause: ClauseText;
  start: number;
  end: number;
}

/** One place a quote matches, as returned with a 409 so the client can pick one. */
export interface QuoteCandidate {
  clauseId: string;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
}

/** At most this many candidates are listed in a 409 (a two-letter quote can match thousands). */
export const CANDIDATES_MAX = 20;

/** Code point ranges in `text` where `quote` occurs with its prefix before and suffix after. */
function occurrences(
  text: string,
  quote: NonNullable<TargetSpec["quote"]>
): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  const length = codePointLength(quote.exact);
  for (
    let at = text.indexOf(quote.exact);
    at >= 0;
    at = text.indexOf(quote.exact, at + 1)
  ) {
    const prefixOk = !quote.prefix || text.slice(0, at).endsWith(quote.prefix);
    const suffixOk =
      !quote.suffix || text.startsWith(quote.suffix, at + quote.exact.length);
    if (!prefixOk || !suffixOk) continue;
    const start = toCodePointOffset(text, at);
    found.push({ start, end: start + length });
  }
  return found;
}

/**
 * The range a target names in `clauses` (the latest version's clause texts).
 * - quote + position: the position must hold the quote (and its context) in the named clause;
 * - position alone: a non-empty range inside the named clause;
 * - quote alone: its unique occurrence in the named clause, or in the whole version when no
 *   clause is named (prefix and suffix, when given, narrow the search).
 * @throws ValidationError (400) naming the field and reason: unknown clause, no selector,
 *   a position without a clause, a quote found nowhere, a selector that does not match.
 * @throws ConflictError `ambiguous_quote` (409) with `candidates` and `total` when a quote
 *   alone matches more than one place.
 */
export function locateTarget(
  clauses: readonly ClauseText[],
  spec: TargetSpec
): LocatedRange {
  const clause =
    spec.clauseId === null
      ? null
      : clauses.find((c) => c.id === spec.clauseId) ?? null;
  if (spec.clauseId !== null && !clause)
    throw new ValidationError({ "target.source": ["unknown_clause"] });
  if (!spec.quote && !spec.position)
    throw new ValidationError({ "target.selector": ["required"] });

  if (spec.position) {
    if (!clause)
      throw new ValidationError({
        "target.selector": ["position_needs_clause"],
      });
    const { start, end } = spec.position;
    if (spec.quote) {
      const check = verifySelector(clause.text, [
        {
          type: "TextQuoteSelector",
          exact: spec.quote.exact,
          prefix: spec.quote.prefix ?? "",
          suffix: spec.quote.suffix ?? "",
        },
        { type: "TextPositionSelector", start, end },
      ]);
      if (!check.ok)
        throw new ValidationError({ "target.selector": [check.problem] });
    } else if (!(start < end) || end > codePointLength(clause.text)) {
      throw new ValidationError({ "target.selector": ["out-of-range"] });
    }
    return { clause, start, end };
  }

  const quote = spec.quote;
  if (!quote || quote.exact === "")
    throw new ValidationError({ "target.selector": ["empty"] });
  const matches: Array<{ clause: ClauseText; start: number; end: number }> = [];
  for (const candidate of clause ? [clause] : clauses) {
    for (const range of occurrences(candidate.text, quote))
      matches.push({ clause: candidate, ...range });
  }
  const [only] = matches;
  if (!only)
    throw new ValidationError({ "target.selector": ["quote-not-found"] });
  if (matches.length > 1) {
    const candidates: QuoteCandidate[] = matches
      .slice(0, CANDIDATES_MAX)
      .map((m) => {
        const [q] = describeRange(m.clause.text, m.start, m.end);
        return {
          clauseId: m.clause.id,
          start: m.start,
          end: m.end,
          exact: q.exact,
          prefix: q.prefix,
          suffix: q.suffix,
        };
      });
    throw new ConflictError("ambiguous_quote", {
      total: matches.length,
      candidates,
    });
  }
  return only;
}
