import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { clauseTree, flattenClauses, type Clause } from "../../collab/schema/clauses";

/** Key of the numbering plugin. */
export const numberingKey = new PluginKey<DecorationSet>("numbering");

/** Clause kinds whose label goes on their heading ("Artículo 3" above "Objeto"). */
const HEADED = new Set(["chapter", "section", "article"]);
/** Clause kinds labelled in the margin beside their own text ("3.2", "a)", a budget code). */
const MARGIN = new Set(["paragraph", "list_item", "budget_line"]);

function labelOf(clause: Clause): string {
  if (clause.kind === "paragraph" && clause.preamble) return "";
  if (clause.kind === "budget_line") return clause.code || "—";
  return clause.label;
}

/**
 * Decorations that show each clause's derived number. The label lives in a data attribute
 * rendered by CSS (`::before`), so it is never part of the editable text, cannot be typed
 * over, and is recomputed from position on every change — the same derivation the reading
 * view and the exports use (collab/schema/clauses.ts).
 */
export function numberingDecorations(doc: PMNode, formatAmount: (cents: number) => string): DecorationSet {
  const byId = new Map<string, Clause>();
  for (const { clause } of flattenClauses(clauseTree(doc))) byId.set(clause.id, clause);
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    const id: unknown = node.attrs.id;
    const clause = typeof id === "string" ? byId.get(id) : undefined;
    if (!clause) return true;
    const label = labelOf(clause);
    if (HEADED.has(clause.kind)) {
      const heading = node.firstChild;
      if (heading && label) decorations.push(Decoration.node(pos + 1, pos + 1 + heading.nodeSize, { "data-label": label, class: "draft-label draft-label--above" }));
    } else if (MARGIN.has(clause.kind) && label) {
      const attrs: Record<string, string> = { "data-label": label, class: `draft-label draft-label--margin draft-label--${clause.kind}` };
      if (clause.kind === "budget_line") attrs["data-amount"] = formatAmount(clause.amountCents ?? 0);
      decorations.push(Decoration.node(pos, pos + node.nodeSize, attrs));
    }
    return true;
  });
  return DecorationSet.create(doc, decorations);
}

/** The plugin: recomputes the labels whenever the document changes. */
export function numbering(formatAmount: (cents: number) => string): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: numberingKey,
    state: {
      init: (_config, state) => numberingDecorations(state.doc, formatAmount),
      apply: (tr, old) => (tr.docChanged ? numberingDecorations(tr.doc, formatAmount) : old),
    },
    props: {
      decorations(state) {
        return numberingKey.getState(state) ?? null;
      },
    },
  });
}
