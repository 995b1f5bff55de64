import { flattenClauses, type Clause } from "../../collab/schema/clauses";
import { diffClauseTrees, isChange, type ClauseDiff, type DiffSummary, type TextPart } from "../../server/services/documents/diff";

/** Where a clause sits, for titles such as "Artículo 12, apartado 2". */
export interface DiffContext {
  /** Label of the enclosing article ("Artículo 12"), "" when none. */
  article: string;
  /** Paragraph ordinal within its article or list-item letter ("2", "a)"), "" otherwise. */
  position: string;
}

/** A descendant shown inside its added or removed parent's card. */
export interface FoldedChild {
  id: string;
  kind: ClauseDiff["kind"];
  position: string;
  parts: TextPart[];
}

/** A clause diff as the diff page shows it. */
export interface DiffViewEntry extends ClauseDiff {
  context: DiffContext;
  /** For added/removed clauses: the text of their added/removed descendants, in order. */
  folded: FoldedChild[];
}

function contexts(tree: readonly Clause[]): Map<string, DiffContext> {
  const byId = new Map<string, DiffContext>();
  const walk = (nodes: readonly Clause[], article: string) => {
    for (const node of nodes) {
      if (node.kind === "paragraph" && article) byId.set(node.id, { article, position: node.number.split(".").pop() ?? "" });
      else if (node.kind === "list_item" && article) byId.set(node.id, { article, position: node.number });
      else if (node.kind !== "article" && article) byId.set(node.id, { article, position: "" });
      walk(node.children, node.kind === "article" ? node.label : article);
    }
  };
  walk(tree, "");
  return byId;
}

/**
 * The diff page's data: summary counts and the clause diffs to show (only real changes unless
 * `all`). An added or removed article carries its paragraphs inside one entry instead of one
 * card per paragraph, and paragraphs are titled by their article ("Artículo 12" + "2").
 */
export function diffView(oldTree: readonly Clause[], newTree: readonly Clause[], all: boolean): { summary: DiffSummary; entries: DiffViewEntry[]; total: number } {
  const diff = diffClauseTrees(oldTree, newTree);
  const oldContext = contexts(oldTree);
  const newContext = contexts(newTree);
  const none: DiffContext = { article: "", position: "" };
  const entries: DiffViewEntry[] = [];
  // The open added/removed ancestor, by depth: descendants with the same status fold into it.
  let folding: { entry: DiffViewEntry; depth: number } | null = null;
  for (const c of diff.clauses) {
    const context = (c.status === "removed" ? oldContext.get(c.id) : newContext.get(c.id)) ?? oldContext.get(c.id) ?? none;
    if (folding && c.depth > folding.depth && c.status === folding.entry.status) {
      if (c.textParts) folding.entry.folded.push({ id: c.id, kind: c.kind, position: context.position, parts: c.textParts });
      continue;
    }
    folding = null;
    if (!all && !isChange(c)) continue;
    // Lists are containers: their items carry the text, so an unchanged list says nothing.
    if (c.kind === "list" && c.status === "unchanged" && !c.moved) continue;
    const entry: DiffViewEntry = { ...c, context, folded: [] };
    entries.push(entry);
    if (c.status === "added" || c.status === "removed") folding = { entry, depth: c.depth };
  }
  return { summary: diff.summary, entries, total: flattenClauses(newTree).length };
}
