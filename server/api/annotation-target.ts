import { z } from "zod";
import type { TargetSpec } from "../services/annotations/locate";

/**
 * Reading the `target` of a W3C annotation as a standard client writes it (Web Annotation Data
 * Model §4): `source` is a version's IRI, optionally with the clause id as its fragment
 * (`…/versions/1#<clauseId>`); selectors are a TextQuoteSelector and/or a TextPositionSelector,
 * either directly or refining a FragmentSelector whose value is the clause id. Redacta's own
 * `redacta:clauseId` is still read, for older clients. The result is a TargetSpec for the
 * service, or the field and reason of what is wrong.
 */

const TextQuote = z.object({
  type: z.literal("TextQuoteSelector"),
  exact: z
    .string({ required_error: "Required." })
    .min(1, "Required.")
    .max(5000),
  prefix: z.string().max(5000).optional(),
  suffix: z.string().max(5000).optional(),
});
const TextPosition = z.object({
  type: z.literal("TextPositionSelector"),
  start: z.number({ required_error: "Required." }).int().nonnegative(),
  end: z.number({ required_error: "Required." }).int().nonnegative(),
});
const Refinement = z.discriminatedUnion("type", [TextQuote, TextPosition]);
const Fragment = z.object({
  type: z.literal("FragmentSelector"),
  value: z.string({ required_error: "Required." }).min(1, "Required.").max(128),
  conformsTo: z.string().max(256).optional(),
  refinedBy: z.union([Refinement, z.array(Refinement).max(2)]).optional(),
});
const Selector = z.discriminatedUnion(
  "type",
  [TextQuote, TextPosition, Fragment],
  {
    errorMap: () => ({
      message:
        "Only TextQuoteSelector, TextPositionSelector and FragmentSelector.",
    }),
  }
);

/** The `target` of an annotation request: an IRI, or a SpecificResource with selectors. */
export const TargetSchema = z.union(
  [
    z.string().max(2048),
    z.object({
      type: z.literal("SpecificResource").optional(),
      source: z.string({ required_error: "Required." }).max(2048),
      "redacta:clauseId": z.string().min(1, "Required.").max(64).optional(),
      selector: z.union([Selector, z.array(Selector).max(4)]).optional(),
    }),
  ],
  {
    errorMap: () => ({
      message: "A version IRI, or an object with `source` and selectors.",
    }),
  }
);

/** A request's target as the schema above parsed it. */
export type TargetInput = z.infer<typeof TargetSchema>;

/** Either the normalised target, or the fields that are wrong and why. */
export type TargetResult =
  | { ok: true; spec: TargetSpec }
  | { ok: false; fields: Record<string, string[]> };

const fail = (field: string, reason: string): TargetResult => ({
  ok: false,
  fields: { [field]: [reason] },
});

/**
 * The version number and clause fragment a source names: `…/api/v1/processes/{slug}/versions/{n}`
 * (absolute or not) with an optional `#clauseId`; null when it names no version of this process.
 */
export function parseSource(
  source: string,
  slug: string
): { version: number; fragment: string | null } | null {
  const match =
    /\/api\/v1\/processes\/([^/?#]+)\/versions\/([1-9]\d{0,8})(?:#(.+))?$/.exec(
      source
    );
  if (!match?.[1] || !match[2]) return null;
  let name: string;
  let fragment: string | null;
  try {
    name = decodeURIComponent(match[1]);
    fragment = match[3] ? decodeURIComponent(match[3]) : null;
  } catch (error) {
    if (error instanceof URIError) return null;
    throw error;
  }
  if (name !== slug) return null;
  return { version: Number(match[2]), fragment };
}

/**
 * Normalises a parsed target into what the service locates. Every place that names a clause
 * (fragment, FragmentSelector, `redacta:clauseId`) must agree; at most one quote and one position.
 */
export function normaliseTarget(
  target: TargetInput,
  slug: string
): TargetResult {
  const source = typeof target === "string" ? target : target.source;
  const named = parseSource(source, slug);
  if (!named)
    return fail(
      "target.source",
      "Must be the IRI of a version of this process: /api/v1/processes/{slug}/versions/{n}[#clauseId]."
    );
  const clauseNames: string[] = named.fragment ? [named.fragment] : [];
  const refinements: Array<z.infer<typeof Refinement>> = [];
  if (typeof target !== "string") {
    if (target["redacta:clauseId"])
      clauseNames.push(target["redacta:clauseId"]);
    const selectors =
      target.selector === undefined
        ? []
        : Array.isArray(target.selector)
        ? target.selector
        : [target.selector];
    for (const selector of selectors) {
      if (selector.type !== "FragmentSelector") {
        refinements.push(selector);
        continue;
      }
      clauseNames.push(selector.value.replace(/^#/, ""));
      if (selector.refinedBy)
        refinements.push(
          ...(Array.isArray(selector.refinedBy)
            ? selector.refinedBy
            : [selector.refinedBy])
        );
    }
  }
  if (new Set(clauseNames).size > 1)
    return fail("target.selector", "clause_mismatch");
  const quotes = refinements.filter((s) => s.type === "TextQuoteSelector");
  const positions = refinements.filter(
    (s) => s.type === "TextPositionSelector"
  );
  if (quotes.length > 1 || positions.length > 1)
    return fail(
      "target.selector",
      "At most one TextQuoteSelector and one TextPositionSelector."
    );
  const [quote] = quotes;
  const [position] = positions;
  return {
    ok: true,
    spec: {
      version: named.version,
      clauseId: clauseNames[0] ?? null,
      quote: quote
        ? {
            exact: quote.exact,
            ...(quote.prefix === undefined ? {} : { prefix: quote.prefix }),
            ...(quote.suffix === undefined ? {} : { suffix: quote.suffix }),
          }
        : null,
      position: position ? { start: position.start, end: position.end } : null,
    },
  };
}
