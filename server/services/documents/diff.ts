import { diffWords } from "diff";
import type { Node as PMNode } from "prosemirror-model";
import { clauseTree, flattenClauses, type Clause, type ClauseKind, type FlatClause } from "../../../collab/schema/clauses";

/**
 * The clause-by-clause comparison of two versions of a document. Clauses are matched by their
 * stable id, never by position or number, so inserting an article does not show every later
 * article as changed: they are reported as renumbered, which views may hide.
 *
 * Pure and deterministic: the same two documents always give the same diff.
 */

/** A piece of a word-level text diff: unchanged, inserted in the new text, or deleted from the old. */
export interface TextPart {
  type: "equal" | "insert" | "delete";
  text: string;
}

/** What happened to a clause's own content between the versions. */
export type ClauseStatus = "unchanged" | "modified" | "added" | "removed";

/** One side of a clause in the diff. */
export interface ClauseSide {
  number: string;
  label: string;
  heading: string;
  text: string;
  anchor: string;
  parentId: string | null;
  amountCents?: number;
  totalCents?: number;
  code?: string;
}

/** The diff of one clause. */
export interface ClauseDiff {
  id: string;
  kind: ClauseKind;
  status: ClauseStatus;
  /** Same id, but under another parent or out of order among the siblings it kept. */
  moved: boolean;
  /**
   * Same id, different derived number of its own (a consequence of other changes); a paragraph
   * whose article was renumbered is not itself renumbered.
   */
  renumbered: boolean;
  /** Nesting depth in the merged outline (0 = top level), for indentation. */
  depth: number;
  old: ClauseSide | null;
  new: ClauseSide | null;
  /** Word-level diff of the heading, when it changed. */
  headingParts?: TextPart[];
  /** Word-level diff of the text, when it changed. */
  textParts?: TextPart[];
}

/** Counts of what changed. */
export interface DiffSummary {
  added: number;
  removed: number;
  modified: number;
  moved: number;
  renumbered: number;
  unchanged: number;
}

/** The whole comparison: every clause of both versions in merged document order. */
export interface DocumentDiff {
  summary: DiffSummary;
  clauses: ClauseDiff[];
}

/** Whether a clause diff is a real change (renumbering alone is a consequence, not a change). */
export function isChange(entry: ClauseDiff): boolean {
  return entry.status !== "unchanged" || entry.moved;
}

/** Word-level diff whose parts rebuild both texts exactly (old = equal+delete, new = equal+insert). */
export function wordDiff(oldText: string, newText: string): TextPart[] {
  if (oldText === newText) return oldText === "" ? [] : [{ type: "equal", text: oldText }];
  const parts: TextPart[] = [];
  for (const change of diffWords(oldText, newText)) {
    const type = change.added ? "insert" : change.removed ? "delete" : "equal";
    const last = parts[parts.length - 1];
    if (last && last.type === type) last.text += change.value;
    else if (change.value !== "") parts.push({ type, text: change.value });
  }
  return parts;
}

function side(flat: FlatClause): ClauseSide {
  const c = flat.clause;
  const out: ClauseSide = { number: c.number, label: c.label, heading: c.heading, text: c.text, anchor: c.anchor, parentId: flat.parentId };
  if (c.amountCents !== undefined) out.amountCents = c.amountCents;
  if (c.totalCents !== undefined) out.totalCents = c.totalCents;
  if (c.code !== undefined) out.code = c.code;
  return out;
}

function ownContentEqual(a: Clause, b: Clause): boolean {
  return (
    a.kind === b.kind &&
    a.heading === b.heading &&
    a.text === b.text &&
    a.amountCents === b.amountCents &&
    a.totalCents === b.totalCents &&
    a.code === b.code &&
    a.articleType === b.articleType &&
    a.ordered === b.ordered
  );
}

/**
 * Ids of a sibling list that are in a longest common subsequence with another list. Those
 * outside it are the ones that really moved: moving one article up shows one move, not a
 * cascade of every article it jumped over.
 */
function lcsKept(oldOrder: readonly string[], newOrder: readonly string[]): Set<string> {
  const n = oldOrder.length;
  const m = newOrder.length;
  const kept = new Set<string>();
  if (n === 0 || m === 0) return kept;
  // Common prefix and suffix first: the usual case (few edits) then needs no table at all.
  let start = 0;
  while (start < n && start < m && oldOrder[start] === newOrder[start]) {
    kept.add(oldOrder[start] as string);
    start++;
  }
  let endOld = n;
  let endNew = m;
  while (endOld > start && endNew > start && oldOrder[endOld - 1] === newOrder[endNew - 1]) {
    kept.add(oldOrder[endOld - 1] as string);
    endOld--;
    endNew--;
  }
  const a = oldOrder.slice(start, endOld);
  const b = newOrder.slice(start, endNew);
  if (a.length === 0 || b.length === 0) return kept;
  const table: Uint32Array[] = a.map(() => new Uint32Array(b.length + 1));
  table.push(new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    const row = table[i] as Uint32Array;
    const below = table[i + 1] as Uint32Array;
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      kept.add(a[i] as string);
      i++;
      j++;
    } else if (((table[i + 1] as Uint32Array)[j] as number) >= ((table[i] as Uint32Array)[j + 1] as number)) i++;
    else j++;
  }
  return kept;
}

function groupChildren(flat: readonly FlatClause[]): Map<string | null, string[]> {
  const groups = new Map<string | null, string[]>();
  for (const f of flat) {
    const list = groups.get(f.parentId);
    if (list) list.push(f.clause.id);
    else groups.set(f.parentId, [f.clause.id]);
  }
  return groups;
}

/**
 * The part of a clause's number that is its own: a paragraph "12.2" is renumbered when it
 * stops being the second paragraph, not because its article became 13.
 */
function ownNumber(clause: Clause): string {
  return clause.kind === "paragraph" ? (clause.number.split(".").pop() ?? "") : clause.number;
}

/** Compares two clause trees (old → new). */
export function diffClauseTrees(oldTree: readonly Clause[], newTree: readonly Clause[]): DocumentDiff {
  const oldFlat = flattenClauses(oldTree);
  const newFlat = flattenClauses(newTree);
  const oldById = new Map(oldFlat.map((f) => [f.clause.id, f]));
  const newById = new Map(newFlat.map((f) => [f.clause.id, f]));

  // Moves: within each parent kept on both sides, siblings outside the LCS of the kept order.
  const oldGroups = groupChildren(oldFlat);
  const newGroups = groupChildren(newFlat);
  const inOrder = new Set<string>();
  for (const [parent, newIds] of newGroups) {
    const oldIds = oldGroups.get(parent);
    if (!oldIds) continue;
    const stayedNew = newIds.filter((id) => oldById.get(id)?.parentId === parent);
    const stayedOld = oldIds.filter((id) => newById.get(id)?.parentId === parent);
    for (const id of lcsKept(stayedOld, stayedNew)) inOrder.add(id);
  }

  // Removed clauses are shown after the nearest preceding old clause that survives.
  const removedAfter = new Map<string | null, FlatClause[]>();
  let anchor: string | null = null;
  for (const f of oldFlat) {
    if (newById.has(f.clause.id)) {
      anchor = f.clause.id;
      continue;
    }
    const bucket = removedAfter.get(anchor);
    if (bucket) bucket.push(f);
    else removedAfter.set(anchor, [f]);
  }

  const summary: DiffSummary = { added: 0, removed: 0, modified: 0, moved: 0, renumbered: 0, unchanged: 0 };
  const clauses: ClauseDiff[] = [];
  const emitRemoved = (after: string | null) => {
    for (const f of removedAfter.get(after) ?? []) {
      summary.removed++;
      const entry: ClauseDiff = { id: f.clause.id, kind: f.clause.kind, status: "removed", moved: false, renumbered: false, depth: f.depth, old: side(f), new: null };
      if (f.clause.heading) entry.headingParts = [{ type: "delete", text: f.clause.heading }];
      if (f.clause.text) entry.textParts = [{ type: "delete", text: f.clause.text }];
      clauses.push(entry);
    }
  };
  emitRemoved(null);
  for (const f of newFlat) {
    const c = f.clause;
    const before = oldById.get(c.id);
    if (!before) {
      summary.added++;
      const entry: ClauseDiff = { id: c.id, kind: c.kind, status: "added", moved: false, renumbered: false, depth: f.depth, old: null, new: side(f) };
      if (c.heading) entry.headingParts = [{ type: "insert", text: c.heading }];
      if (c.text) entry.textParts = [{ type: "insert", text: c.text }];
      clauses.push(entry);
    } else {
      const modified = !ownContentEqual(before.clause, c);
      const moved = before.parentId !== f.parentId || !inOrder.has(c.id);
      const renumbered = ownNumber(before.clause) !== ownNumber(c);
      if (modified) summary.modified++;
      else summary.unchanged++;
      if (moved) summary.moved++;
      if (renumbered) summary.renumbered++;
      const entry: ClauseDiff = {
        id: c.id,
        kind: c.kind,
        status: modified ? "modified" : "unchanged",
        moved,
        renumbered,
        depth: f.depth,
        old: side(before),
        new: side(f),
      };
      if (before.clause.heading !== c.heading) entry.headingParts = wordDiff(before.clause.heading, c.heading);
      if (before.clause.text !== c.text) entry.textParts = wordDiff(before.clause.text, c.text);
      clauses.push(entry);
    }
    emitRemoved(c.id);
  }
  return { summary, clauses };
}

/** Compares two documents (old → new) clause by clause. */
export function diffDocuments(oldDoc: PMNode, newDoc: PMNode): DocumentDiff {
  return diffClauseTrees(clauseTree(oldDoc), clauseTree(newDoc));
}

/** The old text a list of parts was computed from. */
export function oldTextOf(parts: readonly TextPart[]): string {
  return parts.filter((p) => p.type !== "insert").map((p) => p.text).join("");
}

/** The new text a list of parts was computed to. */
export function newTextOf(parts: readonly TextPart[]): string {
  return parts.filter((p) => p.type !== "delete").map((p) => p.text).join("");
}
