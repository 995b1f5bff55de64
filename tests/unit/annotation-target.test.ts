import { describe, expect, it } from "vitest";
import { normaliseTarget, TargetSchema } from "../../server/api/annotation-target";
import { ConflictError, ValidationError } from "../../server/errors";
import { locateTarget } from "../../server/services/annotations/locate";

const CLAUSES = [
  { id: "c1", text: "Las bicicletas circularán por el carril bici." },
  { id: "c2", text: "El carril bici será continuo. Los patinetes 🛴 también." },
];
const V = "https://redacta.example/api/v1/processes/p/versions/1";

function spec(target: unknown) {
  const parsed = TargetSchema.parse(target);
  const result = normaliseTarget(parsed, "p");
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result.spec;
}

function fieldsOf(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error("no ValidationError");
}

describe("normaliseTarget", () => {
  it("reads the clause from the source's fragment, a FragmentSelector or redacta:clauseId, and the selectors directly or as refinements", () => {
    expect(spec({ source: `${V}#c1`, selector: [{ type: "TextQuoteSelector", exact: "carril" }] })).toEqual({ version: 1, clauseId: "c1", quote: { exact: "carril" }, position: null });
    expect(spec({ source: V, selector: { type: "FragmentSelector", value: "c2", refinedBy: [{ type: "TextPositionSelector", start: 3, end: 9 }] } })).toEqual({
      version: 1,
      clauseId: "c2",
      quote: null,
      position: { start: 3, end: 9 },
    });
    expect(spec({ source: "/api/v1/processes/p/versions/1", "redacta:clauseId": "c1", selector: { type: "TextQuoteSelector", exact: "x" } }).clauseId).toBe("c1");
  });

  it("refuses another process's source, clauses that disagree and two quotes, naming the field", () => {
    expect(normaliseTarget(TargetSchema.parse({ source: "https://x/api/v1/processes/other/versions/1" }), "p")).toMatchObject({ ok: false, fields: { "target.source": [expect.any(String)] } });
    expect(normaliseTarget(TargetSchema.parse({ source: `${V}#c1`, selector: { type: "FragmentSelector", value: "c2" } }), "p")).toEqual({ ok: false, fields: { "target.selector": ["clause_mismatch"] } });
    const twoQuotes = { source: V, selector: [{ type: "TextQuoteSelector", exact: "a" }, { type: "TextQuoteSelector", exact: "b" }] };
    expect(normaliseTarget(TargetSchema.parse(twoQuotes), "p").ok).toBe(false);
    expect(TargetSchema.safeParse({ source: V, selector: { type: "XPathSelector", value: "/p" } }).success).toBe(false);
  });
});

describe("locateTarget", () => {
  it("finds a quote alone in the whole version when it is unique, in code points", () => {
    expect(locateTarget(CLAUSES, { version: 1, clauseId: null, quote: { exact: "también" }, position: null })).toMatchObject({ clause: { id: "c2" }, start: 46, end: 53 });
  });

  it("uses prefix and suffix to tell apart a quote that appears twice", () => {
    expect(locateTarget(CLAUSES, { version: 1, clauseId: null, quote: { exact: "carril bici", suffix: " será" }, position: null })).toMatchObject({ clause: { id: "c2" }, start: 3 });
    expect(locateTarget(CLAUSES, { version: 1, clauseId: "c1", quote: { exact: "carril bici" }, position: null })).toMatchObject({ clause: { id: "c1" }, start: 33, end: 44 });
  });

  it("answers a quote found in several places with ConflictError listing every candidate", () => {
    try {
      locateTarget(CLAUSES, { version: 1, clauseId: null, quote: { exact: "carril bici" }, position: null });
      expect.unreachable("an ambiguous quote was placed");
    } catch (error) {
      expect(error).toBeInstanceOf(ConflictError);
      const conflict = error as ConflictError;
      expect(conflict.code).toBe("ambiguous_quote");
      expect(conflict.detail).toMatchObject({ total: 2, candidates: [{ clauseId: "c1", start: 33, end: 44, exact: "carril bici" }, { clauseId: "c2", start: 3, end: 14 }] });
    }
  });

  it("refuses what names no words: no selector, a quote found nowhere, a position without clause or out of range, an unknown clause", () => {
    expect(fieldsOf(() => locateTarget(CLAUSES, { version: 1, clauseId: "c1", quote: null, position: null }))).toEqual({ "target.selector": ["required"] });
    expect(fieldsOf(() => locateTarget(CLAUSES, { version: 1, clauseId: null, quote: { exact: "tranvía" }, position: null }))).toEqual({ "target.selector": ["quote-not-found"] });
    expect(fieldsOf(() => locateTarget(CLAUSES, { version: 1, clauseId: null, quote: null, position: { start: 0, end: 3 } }))).toEqual({ "target.selector": ["position_needs_clause"] });
    expect(fieldsOf(() => locateTarget(CLAUSES, { version: 1, clauseId: "c1", quote: null, position: { start: 40, end: 400 } }))).toEqual({ "target.selector": ["out-of-range"] });
    expect(fieldsOf(() => locateTarget(CLAUSES, { version: 1, clauseId: "c9", quote: { exact: "a" }, position: null }))).toEqual({ "target.source": ["unknown_clause"] });
  });
});
