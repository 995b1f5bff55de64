import { Schema } from "prosemirror-model";
import { documentSchema, type MarkName } from "./document-schema";

/**
 * The schema of an amendment's wording: one article (its heading and its paragraphs, lists and
 * tables), built from the same node specs as the document so a clause can be copied in and an
 * accepted amendment copied back out without conversion. Only the top node differs.
 *
 * An amendment's Yjs document keeps this wording in the XmlFragment AMENDMENT_FRAGMENT (the
 * y-prosemirror binding) and, for budget amendments, the proposed amounts in the Y.Map
 * AMENDMENT_AMOUNTS (budget line id → amount in cents).
 */
export const amendmentSchema = new Schema<string, MarkName>({
  nodes: documentSchema.spec.nodes.update("doc", { content: "article" }),
  marks: documentSchema.spec.marks,
});

/** Name of the Y.XmlFragment holding an amendment's wording (y-prosemirror's default name). */
export const AMENDMENT_FRAGMENT = "prosemirror";

/** Name of the Y.Map holding a budget amendment's proposed amounts: line id → cents. */
export const AMENDMENT_AMOUNTS = "amounts";

