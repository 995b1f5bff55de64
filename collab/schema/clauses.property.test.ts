import { describe, expect, it } from "vitest";
import { editRegulation, generateRegulation } from "../../bench/lib/generate-regulation";
import { clauseTree, flattenClauses, type Clause } from "./clauses";

/** Property: for random generated documents and random next versions, numbering and anchors hold. */
describe("clauseTree properties", () => {
  const seeds = Array.from({ length: 25 }, (_, i) => 1000 + i * 7919);

  function checkNumbering(tree: Clause[]) {
    const flat = flattenClauses(tree);
    const ids = flat.map((f) => f.clause.id);
    expect(new Set(ids).size).toBe(ids.length);
    const anchors = flat.map((f) => f.clause.anchor);
    expect(new Set(anchors).size).toBe(anchors.length);
    // Articles are numbered 1..n across the document, chapters I..n.
    const articles = flat.filter((f) => f.clause.kind === "article" && f.clause.articleType === "article");
    expect(articles.map((f) => f.clause.number)).toEqual(articles.map((_, i) => String(i + 1)));
    // Paragraphs of each article are 1..k, prefixed by the article number.
    for (const art of articles) {
      const paras = art.clause.children.filter((c) => c.kind === "paragraph");
      expect(paras.map((p) => p.number)).toEqual(paras.map((_, i) => `${art.clause.number}.${i + 1}`));
    }
    // Sections restart at 1 in each chapter.
    for (const ch of tree.filter((c) => c.kind === "chapter")) {
      const sections = ch.children.filter((c) => c.kind === "section");
      expect(sections.map((sct) => sct.number)).toEqual(sections.map((_, i) => String(i + 1)));
    }
  }

  it.each(seeds)("seed %i: unique ids and anchors, contiguous numbers, anchors equal across versions", (seed) => {
    const v1 = generateRegulation({ seed, articles: 10 + (seed % 40) });
    const v2 = editRegulation(v1, { seed: seed + 1, editShare: 0.3, add: 3, remove: 2, move: 2 });
    const t1 = clauseTree(v1);
    const t2 = clauseTree(v2);
    checkNumbering(t1);
    checkNumbering(t2);
    const before = new Map(flattenClauses(t1).map((f) => [f.clause.id, f.clause.anchor]));
    let kept = 0;
    for (const { clause } of flattenClauses(t2)) {
      const old = before.get(clause.id);
      if (old === undefined) continue;
      kept++;
      expect(clause.anchor).toBe(old);
    }
    expect(kept).toBeGreaterThan(0);
  });
});
