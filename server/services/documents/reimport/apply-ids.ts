import type { Node as PMNode } from "prosemirror-model";

/**
 * A copy of `doc` in which every clause id found in `idMap` (imported id → kept old id) is
 * replaced; other ids stay as parsed (fresh). Text, marks and every other attribute are kept.
 */
export function withClauseIds(doc: PMNode, idMap: ReadonlyMap<string, string>): PMNode {
  const copy = (node: PMNode): PMNode => {
    if (node.isText) return node;
    const children: PMNode[] = [];
    node.forEach((child) => children.push(copy(child)));
    const id = node.attrs.id as unknown;
    const attrs = typeof id === "string" && idMap.has(id) ? { ...node.attrs, id: idMap.get(id) } : node.attrs;
    return node.type.create(attrs, children, node.marks);
  };
  return copy(doc);
}
