import { flattenClauses, type Clause } from "../../collab/schema/clauses";
import { diffClauseTrees, isChange, type ClauseDiff, type DiffSummary } from "../../server/services/documents/diff";

/** A clause diff as the diff page shows it, with the article it belongs to for context. */
export interface DiffViewEntry extends ClauseDiff {
  /** Label of the enclosing article ("Artículo 12") for paragraphs and list items; "" otherwise. */
  context: string;
}

function articleLabels(tree: readonly Clause[]): Map<string, string> {
  const byId = new Map<string, string>();
  const walk = (nodes: readonly Clause[], article: string) => {
    for (const node of nodes) {
      const own = node.kind === "article" ? node.label : article;
      if (node.kind !== "article" && article) byId.set(node.id, article);
      walk(node.children, own);
    }
  };
  walk(tree, "");
  return byId;
}

/**
 * The diff page's data: summary counts and the clause diffs to show (only real changes unless
 * `all`), each with the label of its article so "2." or "a)" is not shown out of context.
 */
export function diffView(oldTree: readonly Clause[], newTree: readonly Clause[], all: boolean): { summary: DiffSummary; entries: DiffViewEntry[]; total: number } {
  const diff = diffClauseTrees(oldTree, newTree);
  const oldContext = articleLabels(oldTree);
  const newContext = articleLabels(newTree);
  const entries = diff.clauses
    .filter((c) => all || isChange(c))
    // Lists are containers: their items carry the text, so a list entry alone says nothing.
    .filter((c) => c.kind !== "list" || c.status === "added" || c.status === "removed" || c.moved)
    .map((c) => ({ ...c, context: newContext.get(c.id) ?? oldContext.get(c.id) ?? "" }));
  return { summary: diff.summary, entries, total: flattenClauses(newTree).length };
}
