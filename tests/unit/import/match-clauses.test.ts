import type { Node as PMNode } from "prosemirror-model";
import { describe, expect, it } from "vitest";
import { buildBudget, buildRegulation, type OutlineArticle, type RegulationOutline } from "../../../collab/schema";
import { clauseTree, flattenClauses, type Clause } from "../../../collab/schema/clauses";
import { BUDGET_OUTLINE } from "../../../db/seed/content/budget";
import { ORDINANCE_OUTLINE } from "../../../db/seed/content/ordinance";
import { ValidationError } from "../../../server/errors";
import { withClauseIds } from "../../../server/services/documents/reimport/apply-ids";
import { parseCorrections } from "../../../server/services/documents/reimport/corrections";
import { findMerges, MATCH_THRESHOLD, matchDocuments } from "../../../server/services/documents/reimport/match-clauses";

/** A small deterministic PRNG (mulberry32) so failures reproduce from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function articlesOf(doc: PMNode): Clause[] {
  return flattenClauses(clauseTree(doc))
    .map((f) => f.clause)
    .filter((c) => c.kind === "article");
}

/** Every ordinary article of an outline, wherever it is, as a mutable list of slots. */
function articleSlots(outline: RegulationOutline): OutlineArticle[][] {
  return outline.chapters.flatMap((c) => (c.sections ? c.sections.map((s) => s.articles) : [c.articles ?? []]));
}

/** Words no article of the demo ordinance uses: an inserted article made of them is new. */
const FOREIGN = ["zarzuela", "órbita", "lúpulo", "violonchelo", "meteorito", "anzuelo", "pingüino", "acordeón", "nébula", "trombón", "esgrima", "cometa"];

function foreignText(random: () => number, n: number): string {
  return Array.from({ length: n }, () => FOREIGN[Math.floor(random() * FOREIGN.length)]).join(" ") + ".";
}

describe("matchDocuments", () => {
  it("keeps every id when the same text is imported again (all unchanged)", () => {
    const old = buildRegulation(ORDINANCE_OUTLINE);
    const imported = buildRegulation(ORDINANCE_OUTLINE);
    const match = matchDocuments(old, imported);
    expect(match.summary.new).toBe(0);
    expect(match.summary.removed).toBe(0);
    expect(match.summary.modified).toBe(0);
    expect(match.summary.moved).toBe(0);
    // Every clause (articles, paragraphs, lists, items, chapters, sections) keeps its id.
    const kept = withClauseIds(imported, match.idMap);
    expect(flattenClauses(clauseTree(kept)).map((f) => f.clause.id)).toEqual(flattenClauses(clauseTree(old)).map((f) => f.clause.id));
  });

  it("property: permuting, editing, removing and adding a few articles keeps the ids of the untouched ones and never pairs the foreign ones", () => {
    for (let seed = 1; seed <= 25; seed += 1) {
      const random = prng(seed);
      const base = clone(ORDINANCE_OUTLINE) as RegulationOutline;
      // Tag each article by its original order so the test knows who is who after mutation.
      let tag = 0;
      const tags = new Map<OutlineArticle, number>();
      for (const slot of articleSlots(base)) for (const a of slot) tags.set(a, tag++);
      const old = buildRegulation(base);
      const oldIds = articlesOf(old)
        .filter((c) => c.articleType === "article")
        .map((c) => c.id);

      const next = base; // mutated in place; `old` is already built
      const slots = articleSlots(next);
      const all = slots.flat();
      const edited = new Set<number>();
      const removed = new Set<number>();
      // Edit 1–3 articles: change one word in one paragraph.
      for (let k = 0; k < 1 + Math.floor(random() * 3); k += 1) {
        const a = all[Math.floor(random() * all.length)] as OutlineArticle;
        const pi = a.paragraphs.findIndex((p) => typeof p === "string");
        if (pi < 0) continue;
        a.paragraphs[pi] = (a.paragraphs[pi] as string).replace(/\b(\p{L}{5,})\b/u, "modificado");
        edited.add(tags.get(a) ?? -1);
      }
      // Swap two articles (possibly across chapters).
      const sa = slots[Math.floor(random() * slots.length)] as OutlineArticle[];
      const sb = slots[Math.floor(random() * slots.length)] as OutlineArticle[];
      const ia = Math.floor(random() * sa.length);
      const ib = Math.floor(random() * sb.length);
      [sa[ia], sb[ib]] = [sb[ib] as OutlineArticle, sa[ia] as OutlineArticle];
      // Remove one article from a chapter that keeps at least one.
      const roomy = slots.filter((s) => s.length > 1);
      const sr = roomy[Math.floor(random() * roomy.length)] as OutlineArticle[];
      const [gone] = sr.splice(Math.floor(random() * sr.length), 1);
      if (gone) removed.add(tags.get(gone) ?? -1);
      // Add a foreign article somewhere.
      const si = slots[Math.floor(random() * slots.length)] as OutlineArticle[];
      const foreign: OutlineArticle = { heading: "Zarzuela orbital", paragraphs: [foreignText(random, 30)] };
      si.splice(Math.floor(random() * (si.length + 1)), 0, foreign);

      const imported = buildRegulation(next);
      const match = matchDocuments(old, imported);
      const importedArticles = articlesOf(imported).filter((c) => c.articleType === "article");
      const order = articleSlots(next).flat();
      expect(order.length).toBe(importedArticles.length);
      order.forEach((a, index) => {
        const id = (importedArticles[index] as Clause).id;
        const t = tags.get(a);
        if (a === foreign) {
          expect(match.idMap.has(id), `seed ${seed}: foreign article must be new`).toBe(false);
          return;
        }
        expect(match.idMap.get(id), `seed ${seed}: article tagged ${t} keeps its id`).toBe(oldIds[t ?? -1]);
      });
      for (const t of removed) expect([...match.idMap.values()]).not.toContain(oldIds[t]);
      expect(match.summary.new).toBeGreaterThanOrEqual(1);
      expect(match.summary.removed).toBeGreaterThanOrEqual(1);
      // No pair made below the thresholds.
      for (const row of match.clauses) {
        if (row.reason === "aligned") expect(row.score ?? 0).toBeGreaterThanOrEqual(MATCH_THRESHOLD - 0.005);
      }
      // Unique ids after applying the map.
      const ids = flattenClauses(clauseTree(withClauseIds(imported, match.idMap))).map((f) => f.clause.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("never pairs an unrelated document: a full rewrite is all new, all removed", () => {
    const random = prng(7);
    const rewritten = clone(ORDINANCE_OUTLINE) as RegulationOutline;
    for (const slot of articleSlots(rewritten)) {
      for (const a of slot) {
        a.heading = foreignText(random, 2);
        a.paragraphs = a.paragraphs.map(() => foreignText(random, 25));
      }
    }
    for (const p of rewritten.provisions ?? []) p.paragraphs = p.paragraphs.map(() => foreignText(random, 25));
    rewritten.preamble = (rewritten.preamble ?? []).map(() => foreignText(random, 40));
    const old = buildRegulation(ORDINANCE_OUTLINE);
    const match = matchDocuments(old, buildRegulation(rewritten));
    const articleRows = match.clauses.filter((r) => r.kind === "article");
    expect(articleRows.every((r) => r.status === "new" || r.status === "removed")).toBe(true);
  });

  it("labels a reordered article moved, an edited one modified with its word diff", () => {
    const outline = clone(ORDINANCE_OUTLINE) as RegulationOutline;
    const old = buildRegulation(outline);
    const first = articleSlots(outline)[0] as OutlineArticle[];
    const moved = first.shift() as OutlineArticle;
    (articleSlots(outline).at(-1) as OutlineArticle[]).push(moved);
    const second = articleSlots(outline)[1]?.[0] as OutlineArticle;
    second.paragraphs[0] = `${String(second.paragraphs[0])} Palabra añadida.`;
    const match = matchDocuments(old, buildRegulation(outline));
    const movedRow = match.clauses.find((r) => r.kind === "article" && r.heading === moved.heading);
    expect(movedRow?.status).toBe("moved");
    const editedRow = match.clauses.find((r) => r.kind === "article" && r.heading === second.heading);
    expect(editedRow?.status).toBe("modified");
    expect(editedRow?.textParts?.filter((p) => p.type === "insert").map((p) => p.text.trim())).toEqual(["Palabra añadida."]);
    expect(match.summary.new + match.summary.removed).toBe(0);
  });

  it("keeps untouched paragraphs of an edited article and reports a split and a merge", () => {
    const outline = clone(ORDINANCE_OUTLINE) as RegulationOutline;
    const slot = articleSlots(outline).find((s) => s.some((a) => a.paragraphs.filter((p) => typeof p === "string").length >= 2)) as OutlineArticle[];
    const index = slot.findIndex((a) => a.paragraphs.filter((p) => typeof p === "string").length >= 2);
    const target = slot[index] as OutlineArticle;
    const old = buildRegulation(outline);
    const oldArticle = articlesOf(old).find((c) => c.heading === target.heading) as Clause;
    // Split: the second half of the article becomes an article of its own.
    const [keep, ...rest] = target.paragraphs;
    slot.splice(index, 1, { heading: target.heading, paragraphs: [keep as string] }, { heading: "Parte separada", paragraphs: rest });
    const match = matchDocuments(old, buildRegulation(outline));
    const split = match.clauses.find((r) => r.heading === "Parte separada");
    expect(split?.status).toBe("new");
    expect(split?.splitFrom).toBe(oldArticle.id);
    const kept = match.clauses.find((r) => r.oldId === oldArticle.id);
    expect(kept?.status).toBe("modified");

    // Merge: two adjacent articles become one; the id goes to one, the other is "merged into".
    const m = clone(ORDINANCE_OUTLINE) as RegulationOutline;
    const ms = articleSlots(m).find((s) => s.length >= 2) as OutlineArticle[];
    const [a, b] = ms as [OutlineArticle, OutlineArticle];
    const oldM = buildRegulation(m);
    ms.splice(0, 2, { heading: a.heading, paragraphs: [...a.paragraphs, ...b.paragraphs] });
    const merged = matchDocuments(oldM, buildRegulation(m));
    const removed = merged.clauses.filter((r) => r.status === "removed" && r.kind === "article");
    expect(removed).toHaveLength(1);
    expect(removed[0]?.mergedInto).toBeTruthy();
  });

  it("records a merge with the survivor's id as the draft will keep it and its label; findMerges finds it again at publish", () => {
    const m = clone(ORDINANCE_OUTLINE) as RegulationOutline;
    const ms = articleSlots(m).find((s) => s.length >= 3) as OutlineArticle[];
    const [a, b] = ms as [OutlineArticle, OutlineArticle];
    const old = buildRegulation(m);
    const [oldA, oldB] = articlesOf(old).filter((c) => c.heading === a.heading || c.heading === b.heading) as [Clause, Clause];
    ms.splice(0, 2, { heading: a.heading, paragraphs: [...a.paragraphs, ...b.paragraphs] });
    const imported = buildRegulation(m);
    const match = matchDocuments(old, imported);
    const row = match.clauses.find((r) => r.oldId === oldB.id);
    expect(row?.status).toBe("removed");
    // The survivor keeps A's old id: the merge names that id (its page), not the parser's.
    expect(row?.mergedIntoId).toBe(oldA.id);
    expect(row?.mergedInto).not.toBe(oldA.id);
    expect(match.idMap.get(row?.mergedInto ?? "")).toBe(oldA.id);
    expect(row?.mergedIntoLabel).toBe(articlesOf(imported).find((c) => c.heading === a.heading)?.label);

    // At publish, the draft (ids kept) against the old version gives the same merge, and only it.
    const draft = withClauseIds(imported, match.idMap);
    expect(findMerges(old, draft)).toEqual([{ clauseId: oldB.id, intoId: oldA.id }]);
    // An article simply removed (its text nowhere) is no merge; nor is anything when nothing was removed.
    const removedOnly = clone(ORDINANCE_OUTLINE) as RegulationOutline;
    articleSlots(removedOnly).find((s) => s.length >= 3)?.splice(1, 1);
    const removedDoc = buildRegulation(removedOnly);
    const plain = withClauseIds(removedDoc, matchDocuments(old, removedDoc).idMap);
    expect(findMerges(old, plain)).toEqual([]);
    expect(findMerges(old, old)).toEqual([]);
  });

  it("matches budget lines by code and description; a changed amount is modified", () => {
    const outline = clone(BUDGET_OUTLINE);
    const old = buildBudget(outline);
    const line = outline.districts[0]?.lines[0];
    const other = outline.districts[0]?.lines[1];
    if (!line || !other) throw new Error("demo budget has lines");
    line.amountCents += 100_00;
    other.amountCents -= 100_00;
    const match = matchDocuments(old, buildBudget(outline));
    expect(match.summary).toMatchObject({ new: 0, removed: 0, moved: 0 });
    expect(match.clauses.filter((r) => r.status === "modified" && r.kind === "budget_line")).toHaveLength(2);
  });

  it("applies corrections: a manual pair and a split of a wrong pair", () => {
    const old = buildRegulation(ORDINANCE_OUTLINE);
    const imported = buildRegulation(ORDINANCE_OUTLINE);
    const [o1, o2] = articlesOf(old) as [Clause, Clause];
    const [n1, n2] = articlesOf(imported) as [Clause, Clause];
    const corrections = parseCorrections(
      [
        [`match.${n1.id}`, "new"],
        [`match.${n2.id}`, o1.id],
      ],
      old,
      imported,
    );
    const match = matchDocuments(old, imported, corrections);
    expect(match.idMap.has(n1.id)).toBe(false);
    expect(match.idMap.get(n2.id)).toBe(o1.id);
    expect([...match.idMap.values()]).not.toContain(o2.id);
    expect(match.clauses.find((r) => r.newId === n2.id)?.reason).toBe("manual");
  });

  it("refuses hostile corrections: unknown ids, an old clause paired twice, kinds that differ", () => {
    const old = buildRegulation(ORDINANCE_OUTLINE);
    const imported = buildRegulation(ORDINANCE_OUTLINE);
    const [o1] = articlesOf(old) as [Clause];
    const [n1, n2] = articlesOf(imported) as [Clause, Clause];
    const paragraphOld = flattenClauses(clauseTree(old)).find((f) => f.clause.kind === "paragraph" && !f.clause.preamble)?.clause as Clause;
    const cases: Array<Array<[string, string]>> = [
      [["match.zzzzzzzzzz", o1.id]],
      [[`match.${n1.id}`, "zzzzzzzzzz"]],
      [
        [`match.${n1.id}`, o1.id],
        [`match.${n2.id}`, o1.id],
      ],
      [[`match.${n1.id}`, paragraphOld.id]],
    ];
    for (const fields of cases) {
      expect(() => parseCorrections(fields, old, imported)).toThrow(ValidationError);
    }
  });
});
