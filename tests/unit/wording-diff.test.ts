import { describe, expect, it } from "vitest";
import { amendmentSchema } from "../../collab/schema/amendment-schema";
import {
  baseTextOf,
  diffAmounts,
  diffWording,
  diffWords,
  proposedTextOf,
  tokenize,
  type ArticleJSON,
  type BudgetLine,
  type DiffSegment,
  type NodeJSON,
} from "../../server/services/amendments/wording-diff";

const text = (t: string): NodeJSON[] => (t === "" ? [] : [{ type: "text", text: t }]);

/** An amendment doc: heading + paragraphs given as [id, text] (id null = no id). */
function article(heading: string, paragraphs: [string | null, string][], extra: NodeJSON[] = []): ArticleJSON {
  return {
    type: "doc",
    content: [
      {
        type: "article",
        attrs: { id: "art2345678a", type: "article" },
        content: [
          { type: "heading", content: text(heading) },
          ...paragraphs.map(([id, t]) => ({ type: "paragraph", attrs: { id }, content: text(t) })),
          ...extra,
        ],
      },
    ],
  };
}

const proposedOf = (segments: DiffSegment[]) => segments.filter((s) => s.op !== "delete").map((s) => s.text).join("");
const baseOf = (segments: DiffSegment[]) => segments.filter((s) => s.op !== "insert").map((s) => s.text).join("");

/** Small deterministic PRNG so a failing case can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = ["la", "ordenanza", "regula", "el", "uso", "de", "los", "espacios", "públicos", "l'Ajuntament", "1.500,00", "euros", "días", ",", ".", "co-autor", "y", "àrea", "niño"];

function randomWords(r: () => number, n: number): string[] {
  return Array.from({ length: n }, () => VOCAB[Math.floor(r() * VOCAB.length)] as string);
}

function mutate(r: () => number, words: string[]): string[] {
  const out = [...words];
  const edits = 1 + Math.floor(r() * 5);
  for (let e = 0; e < edits; e += 1) {
    const at = Math.floor(r() * (out.length + 1));
    const what = r();
    if (what < 0.33) out.splice(at, 0, ...randomWords(r, 1 + Math.floor(r() * 3)));
    else if (what < 0.66) out.splice(at, 1 + Math.floor(r() * 2));
    else out.splice(at, 1, ...randomWords(r, 1));
  }
  return out;
}

describe("tokenize", () => {
  it("keeps words with inner apostrophes, decimals and hyphens whole and gives the text back", () => {
    const t = "L'Ajuntament paga 1.500,00 € al co-autor, en 10 días.";
    expect(tokenize(t).join("")).toBe(t);
    expect(tokenize(t)).toContain("L'Ajuntament");
    expect(tokenize(t)).toContain("1.500,00");
    expect(tokenize(t)).toContain("co-autor");
    expect(tokenize(t)).toContain(",");
  });
});

describe("diffWords", () => {
  it("marks an inserted word", () => {
    expect(diffWords("plazo de diez días", "plazo de diez días hábiles")).toEqual([
      { op: "equal", text: "plazo de diez días" },
      { op: "insert", text: " hábiles" },
    ]);
  });

  it("shows a replaced phrase as one deletion then one insertion", () => {
    const segments = diffWords("el plazo es de diez días", "el plazo es de quince días naturales");
    expect(segments.filter((s) => s.op === "delete").map((s) => s.text)).toEqual(["diez"]);
    expect(segments.filter((s) => s.op === "insert").map((s) => s.text.trim())).toEqual(["quince", "naturales"]);
    const multi = diffWords("a b c fin", "x y z fin");
    expect(multi).toEqual([
      { op: "delete", text: "a b c" },
      { op: "insert", text: "x y z" },
      { op: "equal", text: " fin" },
    ]);
  });

  it("property: equal+insert gives the proposed text and equal+delete the base, for random word edits", () => {
    for (let seed = 1; seed <= 400; seed += 1) {
      const r = rng(seed);
      const base = randomWords(r, Math.floor(r() * 25));
      const proposed = mutate(r, base);
      const a = base.join(" ");
      const b = proposed.join(r() < 0.2 ? "  " : " ");
      const segments = diffWords(a, b);
      expect(proposedOf(segments), `seed ${seed}`).toBe(b);
      expect(baseOf(segments), `seed ${seed}`).toBe(a);
      // No empty segments and no two neighbours with the same op.
      for (let i = 0; i < segments.length; i += 1) {
        expect(segments[i]?.text, `seed ${seed}`).not.toBe("");
        expect(segments[i]?.op === segments[i + 1]?.op, `seed ${seed}`).toBe(false);
      }
    }
  });
});

describe("diffWording", () => {
  const base = article("Uso de espacios", [
    ["para2345678", "Los espacios públicos son de todos."],
    ["parb2345678", "El horario es de 8 a 22 horas."],
  ]);

  it("finds nothing when the wording is a copy", () => {
    const d = diffWording(base, base);
    expect(d.changed).toBe(false);
    expect(d.wordsInserted).toBe(0);
    expect(d.blocks.map((b) => b.status)).toEqual(["equal", "equal", "equal"]);
  });

  it("pairs paragraphs by clause id: a new paragraph is inserted, a removed one deleted", () => {
    const proposed = article("Uso de los espacios", [
      ["parn2345678", "Nuevo apartado sobre terrazas."],
      ["para2345678", "Los espacios públicos son de todos."],
    ]);
    const d = diffWording(base, proposed);
    expect(d.blocks.map((b) => [b.kind, b.status, b.clauseId])).toEqual([
      ["heading", "modified", null],
      ["paragraph", "inserted", "parn2345678"],
      ["paragraph", "equal", "para2345678"],
      ["paragraph", "deleted", "parb2345678"],
    ]);
    expect(d.wordsInserted).toBe(1 + 4);
    expect(d.wordsDeleted).toBe(8);
    expect(d.changed).toBe(true);
  });

  it("pairs blocks without ids by position, and table cells by row and column", () => {
    const table = (cells: string[][]): NodeJSON => ({
      type: "table",
      attrs: { id: "tab2345678a" },
      content: cells.map((row) => ({ type: "table_row", content: row.map((c) => ({ type: "table_cell", content: text(c) })) })),
    });
    const a = article("T", [[null, "uno dos"]], [table([["a", "b"]])]);
    const b = article("T", [[null, "uno tres"]], [table([["a", "c"], ["d", "e"]])]);
    const d = diffWording(a, b);
    expect(d.blocks.map((x) => [x.kind, x.status])).toEqual([
      ["heading", "equal"],
      ["paragraph", "modified"],
      ["table_cell", "equal"],
      ["table_cell", "modified"],
      ["table_cell", "inserted"],
      ["table_cell", "inserted"],
    ]);
  });

  it("treats a missing base (add) as all inserted and a missing proposal (delete) as all deleted", () => {
    expect(diffWording(null, base).blocks.every((b) => b.status === "inserted")).toBe(true);
    expect(diffWording(base, null).blocks.every((b) => b.status === "deleted")).toBe(true);
    expect(diffWording(null, null)).toEqual({ blocks: [], wordsInserted: 0, wordsDeleted: 0, changed: false });
  });

  it("reads list items and hard breaks, and accepts JSON made by the real schema", () => {
    const doc = amendmentSchema.nodeFromJSON(
      article("Lista", [], [
        {
          type: "list",
          attrs: { id: "lis2345678a", ordered: true },
          content: [
            { type: "list_item", attrs: { id: "itm2345678a" }, content: [{ type: "text", text: "primero" }, { type: "hard_break" }, { type: "text", text: "línea" }] },
          ],
        },
      ]),
    );
    doc.check();
    const d = diffWording(doc.toJSON() as ArticleJSON, doc.toJSON() as ArticleJSON);
    expect(d.blocks[1]).toMatchObject({ kind: "list_item", clauseId: "itm2345678a", segments: [{ op: "equal", text: "primero\nlínea" }] });
  });

  it("property: per block, proposed and base texts are reproduced for random edits of random articles", () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const r = rng(seed * 7919);
      const ids = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, i) => `p${i}bcdefghj`.slice(0, 10));
      const baseParas: [string, string][] = ids.map((id) => [id, randomWords(r, 1 + Math.floor(r() * 12)).join(" ")]);
      const proposedParas: [string, string][] = baseParas
        .filter(() => r() > 0.2)
        .map(([id, t]) => [id, r() < 0.6 ? mutate(r, t.split(" ")).join(" ") : t]);
      if (r() < 0.5) proposedParas.splice(Math.floor(r() * (proposedParas.length + 1)), 0, ["newxcdefgh", randomWords(r, 5).join(" ")]);
      const a = article(randomWords(r, 3).join(" "), baseParas);
      const b = article(randomWords(r, 3).join(" "), proposedParas);
      const d = diffWording(a, b);
      const texts = (doc: ArticleJSON) => (doc.content?.[0]?.content ?? []).map((n) => (n.content ?? []).map((c) => c.text ?? "").join(""));
      expect(proposedTextOf(d), `seed ${seed}`).toEqual(texts(b));
      expect(baseTextOf(d), `seed ${seed}`).toEqual(texts(a));
    }
  });
});

describe("diffAmounts", () => {
  const lines: BudgetLine[] = [
    { id: "l1", code: "1.1", programme: "Parques", district: "Centro", text: "Arbolado", amountCents: 100_000 },
    { id: "l2", code: "1.2", programme: "Parques", district: "Centro", text: "Bancos", amountCents: 50_000 },
    { id: "l3", code: "2.1", programme: "Deporte", district: "Norte", text: "Pista", amountCents: 200_000 },
  ];

  it("moving money within a district keeps every total", () => {
    const d = diffAmounts(lines, { l1: 80_000, l2: 70_000, l3: 200_000 });
    expect(d.lines.map((l) => l.deltaCents)).toEqual([-20_000, 20_000, 0]);
    expect(d.districts).toEqual([
      { district: "Centro", oldCents: 150_000, newCents: 150_000, deltaCents: 0 },
      { district: "Norte", oldCents: 200_000, newCents: 200_000, deltaCents: 0 },
    ]);
    expect(d.total).toEqual({ oldCents: 350_000, newCents: 350_000, deltaCents: 0 });
    expect(d.changedLines).toBe(2);
    expect(d.totalsUnchanged).toBe(true);
  });

  it("moving money across districts changes their totals even when the overall total is equal", () => {
    const d = diffAmounts(lines, { l1: 90_000, l3: 210_000 });
    expect(d.districts.map((x) => x.deltaCents)).toEqual([-10_000, 10_000]);
    expect(d.total.deltaCents).toBe(0);
    expect(d.totalsUnchanged).toBe(false);
  });

  it("reports invalid and unknown amounts and keeps the base amount for invalid ones", () => {
    const d = diffAmounts(lines, { l1: -5, l2: 1.5, l3: "x", zz: 10 });
    expect(d.invalidLineIds).toEqual(["l1", "l2", "l3"]);
    expect(d.unknownLineIds).toEqual(["zz"]);
    expect(d.changedLines).toBe(0);
    expect(d.totalsUnchanged).toBe(true);
  });
});
