import { Node as PMNode } from "prosemirror-model";
import { describe, expect, it } from "vitest";
import { CLAUSE_NODE_TYPES, documentSchema, isClauseId } from "../../../collab/schema";
import { BUDGET_OUTLINE, budgetDocument } from "./budget";
import { ORDINANCE_OUTLINE, ordinanceDocument } from "./ordinance";

/** Every node of a document with the type name of its parent, in document order. */
function nodesOf(doc: PMNode): Array<{ node: PMNode; parent: string }> {
  const found: Array<{ node: PMNode; parent: string }> = [];
  doc.descendants((node, _pos, parent) => {
    found.push({ node, parent: parent?.type.name ?? "doc" });
    return true;
  });
  return found;
}

function clauseIds(doc: PMNode): unknown[] {
  return nodesOf(doc)
    .filter(({ node }) => CLAUSE_NODE_TYPES.has(node.type.name))
    .map(({ node }) => node.attrs.id as unknown);
}

/** A stored document goes through JSON: check it survives the round trip against the real schema. */
function roundTrip(doc: PMNode): PMNode {
  const restored = PMNode.fromJSON(documentSchema, JSON.parse(JSON.stringify(doc.toJSON())));
  restored.check();
  return restored;
}

describe("demo ordinance", () => {
  const doc = ordinanceDocument();
  const all = nodesOf(doc);
  const articles = all.filter(({ node }) => node.type.name === "article");

  it("passes the document schema, also after a JSON round trip", () => {
    expect(() => doc.check()).not.toThrow();
    expect(roundTrip(doc).eq(doc)).toBe(true);
  });

  it("has a preamble of 3 to 5 paragraphs", () => {
    const preamble = doc.child(1);
    expect(preamble.type.name).toBe("preamble");
    expect(preamble.childCount).toBeGreaterThanOrEqual(3);
    expect(preamble.childCount).toBeLessThanOrEqual(5);
  });

  it("has at least 30 articles, all inside chapters (directly or in sections), across 5 to 7 chapters", () => {
    const inChapters = articles.filter(({ node, parent }) => node.attrs.type === "article" && (parent === "chapter" || parent === "section"));
    expect(inChapters.length).toBeGreaterThanOrEqual(30);
    expect(articles.filter(({ node }) => node.attrs.type === "article")).toHaveLength(inChapters.length);
    const chapters = all.filter(({ node }) => node.type.name === "chapter");
    expect(chapters.length).toBeGreaterThanOrEqual(5);
    expect(chapters.length).toBeLessThanOrEqual(7);
    expect(all.some(({ node }) => node.type.name === "section")).toBe(true);
  });

  it("has numbered lists and every kind of final provision, outside the chapters", () => {
    expect(all.filter(({ node }) => node.type.name === "list").length).toBeGreaterThanOrEqual(5);
    const provisions = articles.filter(({ node }) => node.attrs.type !== "article");
    expect(new Set(provisions.map(({ node }) => node.attrs.type))).toEqual(new Set(["additional", "transitional", "derogatory", "final"]));
    expect(provisions.every(({ parent }) => parent === "doc")).toBe(true);
  });

  it("gives each article 1 to 4 blocks of text and a bare title as heading (numbering is derived)", () => {
    for (const { node } of articles) {
      const heading = node.child(0);
      expect(heading.type.name).toBe("heading");
      expect(heading.textContent).not.toMatch(/^(art[íi]culo|disposici[óo]n|cap[íi]tulo|secci[óo]n)\b|^\d|^[IVXL]+\.\s/i);
      expect(heading.textContent.length).toBeGreaterThan(3);
      expect(node.childCount - 1).toBeGreaterThanOrEqual(1);
      expect(node.childCount - 1).toBeLessThanOrEqual(4);
    }
    for (const chapter of ORDINANCE_OUTLINE.chapters) expect(chapter.heading).not.toMatch(/cap[íi]tulo|^\d|^[IVXL]+\b/i);
  });

  it("is real text, not placeholder", () => {
    // Case-sensitive TODO: Spanish "todo" ("en todo caso") is a real word.
    expect(/lorem|ipsum|placeholder/i.test(doc.textContent) || /\bTODO\b/.test(doc.textContent)).toBe(false);
    for (const needle of [/Real Decreto Legislativo 6\/2015/, /Ley 7\/1985/, /\d+ euros/, /\d+ km\/h/]) {
      expect(needle.test(doc.textContent), String(needle)).toBe(true);
    }
  });

  it("gives every clause a unique, well-formed id", () => {
    const ids = clauseIds(doc);
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.every(isClauseId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("demo participatory budget", () => {
  const doc = budgetDocument();
  const all = nodesOf(doc);
  const budget = all.find(({ node }) => node.type.name === "budget")?.node;
  const districts = all.filter(({ node }) => node.type.name === "budget_district").map(({ node }) => node);
  const lines = all.filter(({ node }) => node.type.name === "budget_line").map(({ node }) => node);

  it("passes the document schema, also after a JSON round trip", () => {
    expect(() => doc.check()).not.toThrow();
    expect(roundTrip(doc).eq(doc)).toBe(true);
    expect(doc.child(1).type.name).toBe("preamble");
  });

  it("has exactly 4 districts and at least 20 budget lines", () => {
    expect(districts.map((d) => d.attrs.name)).toEqual(["Centro", "Norte", "Ribera", "Sur"]);
    expect(lines.length).toBeGreaterThanOrEqual(20);
  });

  it("adds up: lines to each district's total, districts to the budget total of 2.000.000,00 €", () => {
    expect(budget?.attrs.totalCents).toBe(200_000_000);
    expect(budget?.attrs.currency).toBe("EUR");
    for (const district of districts) {
      let sum = 0;
      district.forEach((line) => {
        expect(Number.isSafeInteger(line.attrs.amountCents)).toBe(true);
        expect(line.attrs.amountCents).toBeGreaterThan(0);
        sum += line.attrs.amountCents as number;
      });
      expect(sum, `district ${String(district.attrs.name)}`).toBe(district.attrs.totalCents);
    }
    expect(districts.reduce((sum, d) => sum + (d.attrs.totalCents as number), 0)).toBe(budget?.attrs.totalCents);
    expect(BUDGET_OUTLINE.districts.reduce((sum, d) => sum + d.totalCents, 0)).toBe(BUDGET_OUTLINE.totalCents);
  });

  it("gives each line a unique code of its district, a 4-digit programme and a concrete description", () => {
    const codes = lines.map((l) => l.attrs.code as string);
    expect(new Set(codes).size).toBe(codes.length);
    for (const district of districts) {
      const prefix = (district.attrs.name as string).slice(0, 3).toUpperCase();
      district.forEach((line) => expect(line.attrs.code).toMatch(new RegExp(`^${prefix}-\\d{2}$`)));
    }
    for (const line of lines) {
      expect(line.attrs.programme).toMatch(/^\d{4}$/);
      expect(line.textContent.length).toBeGreaterThan(30);
    }
  });

  it("gives every clause a unique, well-formed id", () => {
    const ids = clauseIds(doc);
    expect(ids).toHaveLength(1 + districts.length + lines.length + (doc.child(1).childCount));
    expect(ids.every(isClauseId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
