import type { Node as PMNode } from "prosemirror-model";
import { clauseTree, flattenClauses, type Clause, type ClauseKind } from "../../../../collab/schema/clauses";
import { wordDiff, type TextPart } from "../diff";
import { alignSequences } from "./align";
import { bodyText, containment, dice, fullText, shingles } from "./similarity";

/*
 * Re-import clause matching: which clause of the latest version each clause of an imported
 * file is, so that the imported draft keeps the old stable ids (and with them annotations,
 * debates, amendments and permalinks) and only truly new clauses get new ids.
 *
 * The rule, in the order it is applied:
 * 1. Units — articles and provisions, budget lines, preamble paragraphs — are matched first,
 *    each kind as one sequence in document order (so an article that moved to another chapter
 *    is still found). A pair's score (0–1) is a weighted sum:
 *      articles:     0.70 body text + 0.15 heading + 0.10 same number + 0.05 same parent heading
 *      budget lines: 0.55 description + 0.25 same code + 0.10 same programme + 0.10 same amount
 *      preamble:     1.00 text
 *    where text similarity is the Dice coefficient of word bigrams. Articles of a different
 *    type (an article and a provision) never match. The two sequences are aligned in order
 *    (alignSequences) keeping only pairs scoring ≥ MATCH_THRESHOLD.
 * 2. Moves: among what is still unpaired, a pair whose texts alone are ≥ MOVE_THRESHOLD alike
 *    is a move (an article cut and pasted elsewhere); best pairs first.
 * 3. Manual corrections from the editor replace the automatic pairing of the units they name.
 * 4. Containers — chapters, sections, districts — follow their units: 0.5 heading similarity +
 *    0.5 share of their units paired with units of the old container, aligned in order.
 * 5. Inside each paired article, paragraphs, lists and tables are aligned (0.8 text + 0.2 same
 *    position, same kind only), and list items inside paired lists, so an annotation on an
 *    untouched paragraph of an edited article keeps its clause.
 * 6. Splits and merges are reported, not guessed: an unpaired new unit whose text is mostly
 *    (≥ COVER_THRESHOLD) contained in an old unit that kept its id elsewhere is "split from" it;
 *    an unpaired old unit whose text is mostly contained in a new one is "merged into" it. The
 *    id goes to the part most like the original; the other part is new.
 * Below the thresholds the answer is always "new": a new id is a small loss, a wrong id
 * attaches residents' comments to text they never saw.
 */

/** Lowest score for an in-order pair. */
export const MATCH_THRESHOLD = 0.45;
/** Lowest text similarity for pairing clauses out of order (a move). */
export const MOVE_THRESHOLD = 0.6;
/** Share of a unit's text that must be found in another to call it a split or a merge. */
export const COVER_THRESHOLD = 0.6;
/** Lowest score for paragraphs, lists, tables and items inside a paired article. */
export const CHILD_THRESHOLD = 0.3;

/** How one clause fared in the re-import. */
export type MatchStatus = "unchanged" | "modified" | "moved" | "new" | "removed";

/** Clause kinds the preview lists and the editor may pair by hand. */
export const UNIT_KINDS = ["article", "budget_line", "paragraph"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Group of a unit for pairing: its kind, and for articles their type (an article never pairs with a provision). */
export function pairGroup(kind: string, articleType: string | undefined): string {
  return kind === "article" ? `article:${articleType ?? "article"}` : kind;
}

/** One row of the match report: a unit or container, old and new side. */
export interface ClauseMatch {
  kind: ClauseKind;
  /** See pairGroup. */
  group: string;
  status: MatchStatus;
  /** Id in the latest version (null for a new clause). */
  oldId: string | null;
  /** Id in the imported file as parsed (null for a removed clause); not the id it will keep. */
  newId: string | null;
  oldLabel: string | null;
  newLabel: string | null;
  heading: string;
  /** The score of the pair (null when unpaired). */
  score: number | null;
  /** How the pair was made. */
  reason: "aligned" | "moved" | "manual" | null;
  /** For a new unit: the old unit it was split from. */
  splitFrom?: string;
  /** For a removed unit: the new unit (imported id) it was merged into. */
  mergedInto?: string;
  /** For a merged unit: the id the survivor keeps in the draft (an old id when it was paired). */
  mergedIntoId?: string;
  /** For a merged unit: the survivor's label in the imported file ("Artículo 5"). */
  mergedIntoLabel?: string;
  headingParts?: TextPart[];
  textParts?: TextPart[];
  oldAmountCents?: number;
  newAmountCents?: number;
}

/** Counts per status. */
export type MatchSummary = Record<MatchStatus, number>;

/** The result of matching an imported document against the latest version. */
export interface DocumentMatch {
  /** Report rows in the imported document's order, removed clauses after their old predecessor. */
  clauses: ClauseMatch[];
  summary: MatchSummary;
  /** Imported clause id → the old id it keeps (only paired clauses). */
  idMap: Map<string, string>;
}

/** Manual pairing of units: imported unit id → old unit id, or null for "new". */
export type MatchCorrections = ReadonlyMap<string, string | null>;

interface Item {
  clause: Clause;
  parent: Clause | null;
  index: number;
  shingles: Set<string>;
  headingShingles: Set<string>;
}

function itemsOf(tree: readonly Clause[], pick: (c: Clause) => boolean): Item[] {
  const byId = new Map<string, Clause>();
  const flat = flattenClauses(tree);
  for (const f of flat) byId.set(f.clause.id, f.clause);
  return flat
    .filter((f) => pick(f.clause))
    .map((f, index) => ({
      clause: f.clause,
      parent: f.parentId ? (byId.get(f.parentId) ?? null) : null,
      index,
      shingles: shingles(f.clause.kind === "article" ? bodyText(f.clause) : fullText(f.clause)),
      headingShingles: shingles(f.clause.heading),
    }));
}

const isArticle = (c: Clause) => c.kind === "article";
const isBudgetLine = (c: Clause) => c.kind === "budget_line";
const isPreamble = (c: Clause) => c.kind === "paragraph" && c.preamble === true;

function headingScore(a: Item, b: Item): number {
  return a.clause.heading === b.clause.heading ? 1 : dice(a.headingShingles, b.headingShingles);
}

/** The score of pairing old unit `a` with imported unit `b` (see the rule above). */
function unitScore(a: Item, b: Item): number {
  const x = a.clause;
  const y = b.clause;
  if (x.kind !== y.kind) return 0;
  if (x.kind === "article") {
    if (x.articleType !== y.articleType) return 0;
    const sameParent = (a.parent?.heading ?? null) === (b.parent?.heading ?? null) ? 1 : 0;
    return 0.7 * dice(a.shingles, b.shingles) + 0.15 * headingScore(a, b) + 0.1 * (x.number === y.number ? 1 : 0) + 0.05 * sameParent;
  }
  if (x.kind === "budget_line") {
    return (
      0.55 * dice(a.shingles, b.shingles) +
      0.25 * (x.code === y.code ? 1 : 0) +
      0.1 * (x.programme === y.programme ? 1 : 0) +
      0.1 * (x.amountCents === y.amountCents ? 1 : 0)
    );
  }
  return dice(a.shingles, b.shingles);
}

interface Pair {
  old: Item;
  new: Item;
  score: number;
  reason: "aligned" | "moved" | "manual";
}

/** Steps 1 and 2 for one kind of unit. */
function matchUnits(olds: Item[], news: Item[]): Pair[] {
  const scores = new Map<number, number>();
  const score = (i: number, j: number) => {
    const key = i * news.length + j;
    let s = scores.get(key);
    if (s === undefined) {
      s = unitScore(olds[i] as Item, news[j] as Item);
      scores.set(key, s);
    }
    return s;
  };
  const pairs: Pair[] = alignSequences(olds.length, news.length, score, MATCH_THRESHOLD).map(([i, j]) => ({
    old: olds[i] as Item,
    new: news[j] as Item,
    score: score(i, j),
    reason: "aligned",
  }));
  const usedOld = new Set(pairs.map((p) => p.old.index));
  const usedNew = new Set(pairs.map((p) => p.new.index));
  const candidates: Array<{ i: number; j: number; s: number }> = [];
  // Bounded like the alignment: the move pass only looks at what is left unpaired.
  const leftOld = olds.filter((o) => !usedOld.has(o.index));
  const leftNew = news.filter((n) => !usedNew.has(n.index));
  if (leftOld.length * leftNew.length <= 2_000_000) {
    for (const o of leftOld) {
      for (const n of leftNew) {
        if (o.clause.kind !== n.clause.kind || o.clause.articleType !== n.clause.articleType) continue;
        const s = dice(o.shingles, n.shingles);
        if (s >= MOVE_THRESHOLD) candidates.push({ i: o.index, j: n.index, s });
      }
    }
  }
  candidates.sort((a, b) => b.s - a.s || a.j - b.j || a.i - b.i);
  for (const c of candidates) {
    if (usedOld.has(c.i) || usedNew.has(c.j)) continue;
    usedOld.add(c.i);
    usedNew.add(c.j);
    pairs.push({ old: olds[c.i] as Item, new: news[c.j] as Item, score: score(c.i, c.j), reason: "moved" });
  }
  return pairs;
}

/** Step 3: the editor's pairs replace the automatic ones for the units they name. */
function applyCorrections(pairs: Pair[], olds: Item[], news: Item[], corrections: MatchCorrections): Pair[] {
  const oldById = new Map(olds.map((o) => [o.clause.id, o]));
  const touchedNew = new Set<string>();
  const takenOld = new Set<string>();
  const manual: Pair[] = [];
  for (const n of news) {
    if (!corrections.has(n.clause.id)) continue;
    touchedNew.add(n.clause.id);
    const oldId = corrections.get(n.clause.id) ?? null;
    if (oldId === null) continue;
    const o = oldById.get(oldId);
    if (!o) continue; // validated by validateCorrections before matching
    takenOld.add(oldId);
    manual.push({ old: o, new: n, score: unitScore(o, n), reason: "manual" });
  }
  const kept = pairs.filter((p) => !touchedNew.has(p.new.clause.id) && !takenOld.has(p.old.clause.id));
  return [...kept, ...manual];
}

/** Step 4: chapters, sections or districts, from their headings and the units they hold. */
function matchContainers(oldTree: readonly Clause[], newTree: readonly Clause[], kind: ClauseKind, unitMap: ReadonlyMap<string, string>): Pair[] {
  const olds = itemsOf(oldTree, (c) => c.kind === kind);
  const news = itemsOf(newTree, (c) => c.kind === kind);
  const unitIds = (c: Clause) => flattenClauses(c.children).map((f) => f.clause.id);
  const oldUnits = olds.map((o) => new Set(unitIds(o.clause)));
  const newUnits = news.map((n) => unitIds(n.clause));
  const score = (i: number, j: number) => {
    const o = olds[i] as Item;
    const n = news[j] as Item;
    const mine = newUnits[j] ?? [];
    const total = Math.max(mine.length, oldUnits[i]?.size ?? 0, 1);
    const shared = mine.filter((id) => oldUnits[i]?.has(unitMap.get(id) ?? "")).length;
    return 0.5 * headingScore(o, n) + 0.5 * (shared / total);
  };
  return alignSequences(olds.length, news.length, score, MATCH_THRESHOLD).map(([i, j]) => ({
    old: olds[i] as Item,
    new: news[j] as Item,
    score: score(i, j),
    reason: "aligned",
  }));
}

/** Step 5: paragraphs, lists, tables (and list items) of a paired article. */
function matchChildren(oldClause: Clause, newClause: Clause, idMap: Map<string, string>): void {
  const olds = oldClause.children;
  const news = newClause.children;
  const oldSh = olds.map((c) => shingles(fullText(c)));
  const newSh = news.map((c) => shingles(fullText(c)));
  const score = (i: number, j: number) => {
    const a = olds[i] as Clause;
    const b = news[j] as Clause;
    if (a.kind !== b.kind || a.ordered !== b.ordered) return 0;
    return 0.8 * dice(oldSh[i] as Set<string>, newSh[j] as Set<string>) + 0.2 * (i === j ? 1 : 0);
  };
  for (const [i, j] of alignSequences(olds.length, news.length, score, CHILD_THRESHOLD)) {
    const a = olds[i] as Clause;
    const b = news[j] as Clause;
    idMap.set(b.id, a.id);
    if (a.children.length > 0 || b.children.length > 0) matchChildren(a, b, idMap);
  }
}

/** Whether a pair shows the same thing: containers by their own heading (and district total), units by all their text. */
function ownEqual(a: Clause, b: Clause): boolean {
  if (a.kind === "chapter" || a.kind === "section") return a.heading === b.heading;
  if (a.kind === "budget_district") return a.heading === b.heading && a.totalCents === b.totalCents;
  return (
    fullText(a) === fullText(b) &&
    a.articleType === b.articleType &&
    a.amountCents === b.amountCents &&
    a.code === b.code &&
    a.programme === b.programme
  );
}

function row(pair: Pair, oldParentId: string | null, newParentOldId: string | null): ClauseMatch {
  const a = pair.old.clause;
  const b = pair.new.clause;
  const parentChanged = a.kind !== "chapter" && a.kind !== "budget_district" && oldParentId !== newParentOldId;
  const moved = pair.reason === "moved" || parentChanged;
  const status: MatchStatus = moved ? "moved" : ownEqual(a, b) ? "unchanged" : "modified";
  const out: ClauseMatch = {
    kind: a.kind,
    group: pairGroup(a.kind, a.articleType),
    status,
    oldId: a.id,
    newId: b.id,
    oldLabel: a.label,
    newLabel: b.label,
    heading: b.heading,
    score: Math.round(pair.score * 100) / 100,
    reason: pair.reason,
  };
  if (status !== "unchanged") {
    if (a.heading !== b.heading && a.kind !== "budget_line") out.headingParts = wordDiff(a.heading, b.heading);
    const oldBody = a.kind === "article" ? bodyText(a) : a.text;
    const newBody = b.kind === "article" ? bodyText(b) : b.text;
    if (oldBody !== newBody) out.textParts = wordDiff(oldBody, newBody);
  }
  if (a.amountCents !== undefined) out.oldAmountCents = a.amountCents;
  if (b.amountCents !== undefined) out.newAmountCents = b.amountCents;
  return out;
}

function single(item: Item, side: "old" | "new"): ClauseMatch {
  const c = item.clause;
  const out: ClauseMatch = {
    kind: c.kind,
    group: pairGroup(c.kind, c.articleType),
    status: side === "old" ? "removed" : "new",
    oldId: side === "old" ? c.id : null,
    newId: side === "new" ? c.id : null,
    oldLabel: side === "old" ? c.label : null,
    newLabel: side === "new" ? c.label : null,
    heading: c.heading,
    score: null,
    reason: null,
  };
  if (c.amountCents !== undefined) out[side === "old" ? "oldAmountCents" : "newAmountCents"] = c.amountCents;
  return out;
}

/**
 * Step 6 for one unpaired old unit: the unit of the new document of the same kind that holds
 * most of its text (containment of word bigrams ≥ COVER_THRESHOLD), or null. Ties go to the
 * earlier unit, so the answer is deterministic.
 */
function mergeTarget(old: Item, news: readonly Item[]): Item | null {
  let best: { item: Item; c: number } | null = null;
  for (const n of news) {
    if (n.clause.kind !== old.clause.kind) continue;
    const c = containment(old.shingles, n.shingles);
    if (c >= COVER_THRESHOLD && (!best || c > best.c)) best = { item: n, c };
  }
  return best?.item ?? null;
}

/** An old clause whose id did not survive because its text went into another clause. */
export interface ClauseMerge {
  /** The old clause's id (absent from the new version). */
  clauseId: string;
  /** The clause of the new version that holds its text. */
  intoId: string;
}

/**
 * The merges between two versions whose ids were already matched (a published version and the
 * draft about to follow it): every article or budget line of `oldDoc` whose id is not in
 * `newDoc` and whose text is mostly (≥ COVER_THRESHOLD) in one unit of `newDoc` — the rule of
 * step 6, applied to the ids as they will be published, so that an edit made in the editor
 * between import and publish is taken into account. In old document order.
 */
export function findMerges(oldDoc: PMNode, newDoc: PMNode): ClauseMerge[] {
  const newTree = clauseTree(newDoc);
  const newIds = new Set(flattenClauses(newTree).map((f) => f.clause.id));
  const pick = (c: Clause) => isArticle(c) || isBudgetLine(c);
  const news = itemsOf(newTree, pick);
  const merges: ClauseMerge[] = [];
  for (const o of itemsOf(clauseTree(oldDoc), pick)) {
    if (newIds.has(o.clause.id)) continue;
    const into = mergeTarget(o, news);
    if (into) merges.push({ clauseId: o.clause.id, intoId: into.clause.id });
  }
  return merges;
}

/**
 * Matches an imported document (fresh ids) against the latest version and reports every unit
 * and container as unchanged / modified / moved / new / removed, with word diffs. Pure and
 * deterministic. `corrections` (already validated by validateCorrections) override the
 * automatic pairing of the imported units they name.
 */
export function matchDocuments(oldDoc: PMNode, newDoc: PMNode, corrections: MatchCorrections = new Map()): DocumentMatch {
  const oldTree = clauseTree(oldDoc);
  const newTree = clauseTree(newDoc);
  const idMap = new Map<string, string>();
  const unitPairs: Pair[] = [];
  const unpairedOld: Item[] = [];
  const unpairedNew: Item[] = [];
  for (const pick of [isPreamble, isArticle, isBudgetLine]) {
    const olds = itemsOf(oldTree, pick);
    const news = itemsOf(newTree, pick);
    const pairs = applyCorrections(matchUnits(olds, news), olds, news, corrections);
    unitPairs.push(...pairs);
    const po = new Set(pairs.map((p) => p.old.clause.id));
    const pn = new Set(pairs.map((p) => p.new.clause.id));
    unpairedOld.push(...olds.filter((o) => !po.has(o.clause.id)));
    unpairedNew.push(...news.filter((n) => !pn.has(n.clause.id)));
  }
  for (const p of unitPairs) idMap.set(p.new.clause.id, p.old.clause.id);

  const containerPairs: Pair[] = [];
  for (const kind of ["chapter", "section", "budget_district"] as const) {
    const pairs = matchContainers(oldTree, newTree, kind, idMap);
    containerPairs.push(...pairs);
  }
  for (const p of containerPairs) idMap.set(p.new.clause.id, p.old.clause.id);
  const oldBudget = oldTree.find((c) => c.kind === "budget");
  const newBudget = newTree.find((c) => c.kind === "budget");
  if (oldBudget && newBudget) idMap.set(newBudget.id, oldBudget.id);
  for (const p of unitPairs) if (p.old.clause.kind === "article") matchChildren(p.old.clause, p.new.clause, idMap);

  // Report rows.
  const oldParent = new Map<string, string | null>();
  for (const f of flattenClauses(oldTree)) oldParent.set(f.clause.id, f.parentId);
  const newParent = new Map<string, string | null>();
  for (const f of flattenClauses(newTree)) newParent.set(f.clause.id, f.parentId);
  const rowsByNew = new Map<string, ClauseMatch>();
  for (const p of [...containerPairs, ...unitPairs]) {
    const np = newParent.get(p.new.clause.id) ?? null;
    rowsByNew.set(p.new.clause.id, row(p, oldParent.get(p.old.clause.id) ?? null, np === null ? null : (idMap.get(np) ?? `new:${np}`)));
  }
  const pairedOld = new Set(idMap.values());
  const containerKinds = new Set<ClauseKind>(["chapter", "section", "budget_district"]);
  const newContainers = itemsOf(newTree, (c) => containerKinds.has(c.kind)).filter((n) => !idMap.has(n.clause.id));
  const oldContainers = itemsOf(oldTree, (c) => containerKinds.has(c.kind)).filter((o) => !pairedOld.has(o.clause.id));
  for (const n of [...unpairedNew, ...newContainers]) rowsByNew.set(n.clause.id, single(n, "new"));

  // Step 6: splits and merges, for the report only.
  const oldShingles = new Map(itemsOf(oldTree, (c) => isArticle(c) || isBudgetLine(c)).map((o) => [o.clause.id, o.shingles]));
  const newItems = itemsOf(newTree, (c) => isArticle(c) || isBudgetLine(c));
  for (const n of unpairedNew) {
    let best: { id: string; c: number } | null = null;
    for (const p of unitPairs) {
      if (p.old.clause.kind !== n.clause.kind) continue;
      const c = containment(n.shingles, oldShingles.get(p.old.clause.id) ?? new Set());
      if (c >= COVER_THRESHOLD && (!best || c > best.c)) best = { id: p.old.clause.id, c };
    }
    const r = rowsByNew.get(n.clause.id);
    if (best && r) r.splitFrom = best.id;
  }
  const removedRows: Array<{ oldIndex: number; row: ClauseMatch }> = [];
  const oldOrder = flattenClauses(oldTree).map((f) => f.clause.id);
  const reportedOld = new Set([...rowsByNew.values()].flatMap((x) => (x.oldId ? [x.oldId] : [])));
  for (const o of [...unpairedOld, ...oldContainers]) {
    const r = single(o, "old");
    const into = mergeTarget(o, newItems);
    if (into) {
      // The id the survivor will have once the draft keeps the old ids (apply-ids.ts).
      r.mergedInto = into.clause.id;
      r.mergedIntoId = idMap.get(into.clause.id) ?? into.clause.id;
      r.mergedIntoLabel = into.clause.label;
    }
    removedRows.push({ oldIndex: oldOrder.indexOf(o.clause.id), row: r });
  }

  // Order: the imported document's order; a removed clause right after the row of the
  // nearest preceding old clause that is still there.
  const clauses: ClauseMatch[] = [];
  const newOrder = flattenClauses(newTree).map((f) => f.clause.id);
  const afterOld = new Map<string, ClauseMatch[]>();
  const leading: ClauseMatch[] = [];
  for (const { oldIndex, row: r } of removedRows.sort((a, b) => a.oldIndex - b.oldIndex)) {
    let anchor: string | null = null;
    for (let k = oldIndex - 1; k >= 0; k -= 1) {
      const id = oldOrder[k] as string;
      if (reportedOld.has(id)) {
        anchor = id;
        break;
      }
    }
    if (anchor === null) leading.push(r);
    else afterOld.set(anchor, [...(afterOld.get(anchor) ?? []), r]);
  }
  clauses.push(...leading);
  for (const id of newOrder) {
    const r = rowsByNew.get(id);
    if (!r) continue;
    clauses.push(r);
    if (r.oldId) clauses.push(...(afterOld.get(r.oldId) ?? []));
  }
  const summary: MatchSummary = { unchanged: 0, modified: 0, moved: 0, new: 0, removed: 0 };
  for (const r of clauses) summary[r.status] += 1;
  return { clauses, summary, idMap };
}
