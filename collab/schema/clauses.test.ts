import { describe, expect, it } from "vitest";
import { budgetDocument } from "../../db/seed/content/budget";
import { ordinanceDocument } from "../../db/seed/content/ordinance";
import { clauseTree, documentText, findClause, flattenClauses, listLetter, spanishOrdinal, toRoman } from "./clauses";
import { buildRegulation } from "./outline";

describe("number words", () => {
  it("writes roman numerals, Spanish feminine ordinals and list letters", () => {
    expect([1, 2, 4, 9, 14, 40].map(toRoman)).toEqual(["I", "II", "IV", "IX", "XIV", "XL"]);
    expect([1, 2, 10, 13, 20, 21].map(spanishOrdinal)).toEqual(["primera", "segunda", "décima", "decimotercera", "vigésima", "vigésima primera"]);
    expect([0, 1, 25, 26].map(listLetter)).toEqual(["a", "b", "z", "aa"]);
    expect(() => toRoman(0)).toThrow(RangeError);
  });
});

describe("clauseTree", () => {
  const doc = buildRegulation({
    title: "Ordenanza",
    preamble: ["Exposición."],
    chapters: [
      { heading: "Disposiciones generales", articles: [{ heading: "Objeto", paragraphs: ["Uno.", "Dos.", ["a", "b"]] }] },
      {
        heading: "Circulación",
        sections: [
          { heading: "Peatones", articles: [{ heading: "Prioridad", paragraphs: ["Texto."] }] },
          { heading: "Bicicletas", articles: [{ heading: "Carriles", paragraphs: ["Texto."] }] },
        ],
      },
    ],
    provisions: [
      { type: "additional", heading: "Plazo", paragraphs: ["x"] },
      { type: "additional", heading: "Revisión", paragraphs: ["y"] },
      { type: "derogatory", heading: "Derogación", paragraphs: ["z"] },
    ],
  });
  const tree = clauseTree(doc);

  it("derives Spanish legal labels from position", () => {
    const labels = flattenClauses(tree).map((f) => f.clause.label).filter((l) => l !== "");
    expect(labels).toEqual([
      "Preámbulo, párrafo 1",
      "Capítulo I", "Artículo 1", "1.1", "1.2", "a)", "b)",
      "Capítulo II", "Sección 1.ª", "Artículo 2", "2.1", "Sección 2.ª", "Artículo 3", "3.1",
      "Disposición adicional primera", "1", "Disposición adicional segunda", "1", "Disposición derogatoria única", "1",
    ]);
  });

  it("anchors derive from the stable id, headings and text are kept", () => {
    const art = tree[1]?.children[0];
    expect(art?.anchor).toBe(`art-${art?.id}`);
    expect(art?.heading).toBe("Objeto");
    expect(art?.children[0]?.text).toBe("Uno.");
    expect(findClause(doc, art?.children[1]?.id ?? "")?.label).toBe("1.2");
    expect(findClause(doc, "nope")).toBeNull();
  });

  it("renders plain text with labels", () => {
    expect(documentText(doc)).toContain("Artículo 2. Prioridad");
  });

  it("numbers the demo ordinance and budget", () => {
    const ord = flattenClauses(clauseTree(ordinanceDocument()));
    expect(ord.filter((f) => f.clause.kind === "article" && f.clause.articleType === "article").map((f) => f.clause.number).slice(0, 3)).toEqual(["1", "2", "3"]);
    const budget = clauseTree(budgetDocument());
    const root = budget.find((c) => c.kind === "budget");
    expect(root?.children[0]?.children[0]?.number).toBe(root?.children[0]?.children[0]?.code);
  });
});
