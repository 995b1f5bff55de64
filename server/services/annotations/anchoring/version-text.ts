import type { Node as PMNode } from "prosemirror-model";
import { clauseTree, flattenClauses, type Clause } from "../../../../collab/schema/clauses";

/** The plain text of one clause, the only thing anchoring needs from a document. */
export interface ClauseText {
  id: string;
  text: string;
}

/** A version as anchoring sees it: its source (version id or IRI) and its clause texts. */
export interface VersionText {
  source: string;
  clauses: readonly ClauseText[];
}

/**
 * The clause texts of a version, from its ProseMirror document or its clause tree: every
 * addressable clause with its own text (`Clause.text`; headings are not annotatable text).
 */
export function versionText(source: string, doc: PMNode | readonly Clause[]): VersionText {
  const tree = Array.isArray(doc) ? (doc as readonly Clause[]) : clauseTree(doc as PMNode);
  return { source, clauses: flattenClauses(tree).map(({ clause }) => ({ id: clause.id, text: clause.text })) };
}
