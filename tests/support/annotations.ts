/** A ProseMirror JSON node as stored in drafts and versions (loosely typed for editing in tests). */
interface JsonNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: JsonNode[];
  text?: string;
}

/**
 * A copy of a stored document (ProseMirror JSON) with some clauses' text replaced and some
 * clauses removed, by stable clause id — how a test plays the editor writing version 2.
 */
export function editClauses(content: unknown, edits: { replace?: Record<string, string>; remove?: string[] }): unknown {
  const remove = new Set(edits.remove ?? []);
  const walk = (node: JsonNode): JsonNode => {
    const id = typeof node.attrs?.id === "string" ? node.attrs.id : null;
    const text = id ? edits.replace?.[id] : undefined;
    if (text !== undefined) return { ...node, content: [{ type: "text", text }] };
    if (!node.content) return node;
    return { ...node, content: node.content.filter((child) => !(typeof child.attrs?.id === "string" && remove.has(child.attrs.id))).map(walk) };
  };
  return walk(structuredClone(content) as JsonNode);
}
