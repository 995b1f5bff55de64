import type { Node as PMNode } from "prosemirror-model";
import { clauseTree, flattenClauses, type Clause } from "../../../collab/schema/clauses";

/*
 * An import of an empty, truncated or unrelated file matches nothing of the latest version: every
 * article, budget line and preamble paragraph would be removed, and with them the debates,
 * amendments and annotations hanging from their ids. That is almost always a wrong file, so the
 * preview warns and publishing it needs an explicit confirmation.
 */

/** The units whose survival decides whether a document "keeps" the latest version. */
function isUnit(clause: Clause): boolean {
  return clause.kind === "article" || clause.kind === "budget_line" || (clause.kind === "paragraph" && clause.preamble === true);
}

/** The unit ids of a document (articles, budget lines, preamble paragraphs). */
export function unitIds(doc: PMNode): string[] {
  return flattenClauses(clauseTree(doc))
    .map((f) => f.clause)
    .filter(isUnit)
    .map((c) => c.id);
}

/**
 * Whether a document whose clause ids are `keptIds` drops every unit of `latest`. A latest
 * version without units (nothing to lose) never counts as dropped.
 */
export function dropsEveryClause(latest: PMNode, keptIds: ReadonlySet<string>): boolean {
  const units = unitIds(latest);
  return units.length > 0 && units.every((id) => !keptIds.has(id));
}

/** Every clause id of a document, for dropsEveryClause. */
export function clauseIdSet(doc: PMNode): Set<string> {
  return new Set(flattenClauses(clauseTree(doc)).map((f) => f.clause.id));
}
