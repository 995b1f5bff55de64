import type { Node as PMNode } from "prosemirror-model";
import { newClauseId } from "../../../collab/schema/clause-id";
import { NotFoundError } from "../../errors";
import { findClauseNode } from "./common";
import type { ArticleJSON } from "./wording-diff";

/** The base wording of an article as an amendment-schema document: `{type:"doc",content:[article]}`. */
export function articleWording(doc: PMNode, clauseId: string): ArticleJSON {
  const article = findClauseNode(doc, clauseId, "article");
  if (!article) throw new NotFoundError("clause", clauseId);
  return { type: "doc", content: [article.toJSON() as ArticleJSON] };
}

/**
 * The starting wording of an "add" amendment: a new article of the same type as the one it goes
 * after, with an empty heading and one empty paragraph, under fresh clause ids (it is a new
 * clause, so it must not reuse any id of the document).
 */
export function newArticleWording(doc: PMNode, afterClauseId: string): ArticleJSON {
  const after = findClauseNode(doc, afterClauseId, "article");
  if (!after) throw new NotFoundError("clause", afterClauseId);
  const type = typeof after.attrs.type === "string" ? after.attrs.type : "article";
  return {
    type: "doc",
    content: [
      {
        type: "article",
        attrs: { id: newClauseId(), type },
        content: [{ type: "heading" }, { type: "paragraph", attrs: { id: newClauseId() } }],
      },
    ],
  };
}

/** Plain text of a wording (every text node), for the "empty wording" rule. */
export function wordingText(node: ArticleJSON | undefined): string {
  if (!node) return "";
  if (typeof node.text === "string") return node.text;
  return (node.content ?? []).map(wordingText).join(" ");
}
