import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { isClauseId, newClauseId } from "./clause-id";
import { CLAUSE_NODE_TYPES } from "./document-schema";

/*
 * Deliberately not re-exported from ./index: it imports prosemirror-state, and the reading
 * pages (which import the schema index) must not pull editor code into their bundle.
 */

/** One clause whose id must be replaced: its position and why. */
export interface ClauseIdProblem {
  pos: number;
  nodeType: string;
  id: unknown;
  reason: "missing" | "malformed" | "duplicate";
}

/**
 * Every clause node lacking a well-formed id or repeating an id seen earlier in document order.
 * The first occurrence keeps its id: when a paragraph is split, the part before the cursor is
 * "the same clause" (annotations anchored to it stay put) and the part after is new.
 */
export function findClauseIdProblems(doc: PMNode): ClauseIdProblem[] {
  const seen = new Set<string>();
  const problems: ClauseIdProblem[] = [];
  doc.descendants((node, pos) => {
    if (!CLAUSE_NODE_TYPES.has(node.type.name)) return true;
    const id: unknown = node.attrs.id;
    if (id === null || id === undefined || id === "") problems.push({ pos, nodeType: node.type.name, id, reason: "missing" });
    else if (!isClauseId(id)) problems.push({ pos, nodeType: node.type.name, id, reason: "malformed" });
    else if (seen.has(id)) problems.push({ pos, nodeType: node.type.name, id, reason: "duplicate" });
    else seen.add(id);
    return true;
  });
  return problems;
}

/**
 * Adds to `tr` the steps that give a fresh id to every clause listed by findClauseIdProblems
 * on `tr.doc`. Returns whether anything changed. Attribute steps keep positions, so the
 * positions found before the first step stay valid for the rest.
 */
export function assignFreshClauseIds(tr: Transaction, random?: (n: number) => Uint8Array): boolean {
  const problems = findClauseIdProblems(tr.doc);
  if (problems.length === 0) return false;
  const taken = new Set<string>();
  tr.doc.descendants((node) => {
    if (isClauseId(node.attrs.id)) taken.add(node.attrs.id);
    return true;
  });
  for (const problem of problems) {
    let id = newClauseId(random);
    while (taken.has(id)) id = newClauseId(random);
    taken.add(id);
    tr.setNodeAttribute(problem.pos, "id", id);
  }
  return true;
}

/** Key of the clause-id plugin, so tests and other plugins can find it. */
export const uniqueClauseIdsKey = new PluginKey("uniqueClauseIds");

/**
 * Keeps clause ids unique and present after every change (split paragraph, pasted articles,
 * toolbar insertions): appendTransaction assigns fresh ids to clauses lacking one or
 * duplicating an earlier one. Runs only when the document changed.
 */
export function uniqueClauseIds(random?: (n: number) => Uint8Array): Plugin {
  return new Plugin({
    key: uniqueClauseIdsKey,
    appendTransaction(transactions: readonly Transaction[], _old: EditorState, state: EditorState) {
      if (!transactions.some((tr) => tr.docChanged)) return null;
      const tr = state.tr;
      if (!assignFreshClauseIds(tr, random)) return null;
      // EditorState marks appended transactions, so history undoes the fix with the edit.
      return tr;
    },
  });
}
