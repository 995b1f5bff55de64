import { Schema, type NodeSpec, type MarkSpec } from "prosemirror-model";
import { CLAUSE_KINDS } from "./clauses";

/**
 * The shared ProseMirror schema of Redacta documents: regulations (chapters, sections,
 * articles and provisions, numbered paragraphs, lists, tables) and budgets (districts of budget
 * lines). Imported by the browser editor, the server and tests; it imports only prosemirror.
 *
 * Every clause node (chapter, section, article, paragraph, list item, budget line…) carries an
 * `id` attribute: a stable clause id that survives edits and versions. Numbering ("Artículo 12",
 * "12.2") is derived from position and never stored in the text.
 */

/** Kinds of article-like units; each has its own numbering sequence. */
export const ARTICLE_TYPES = ["article", "additional", "transitional", "derogatory", "final"] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];

const id = { id: { default: null as string | null } };

function clauseDom(tag: string, cls: string) {
  return (node: { attrs: Record<string, unknown> }) =>
    [tag, { "data-clause-id": node.attrs.id as string | null, class: cls }, 0] as const;
}

function parseId(dom: HTMLElement | string) {
  return typeof dom === "string" ? {} : { id: dom.getAttribute("data-clause-id") };
}

/** Every node type name of the schema. */
export type NodeName =
  | "doc"
  | "text"
  | "title"
  | "preamble"
  | "chapter"
  | "section"
  | "heading"
  | "article"
  | "paragraph"
  | "list"
  | "list_item"
  | "table"
  | "table_row"
  | "table_cell"
  | "budget"
  | "budget_district"
  | "budget_line"
  | "hard_break";

export type MarkName = "em" | "strong";

const nodes: Record<NodeName, NodeSpec> = {
  doc: { content: "title preamble? (chapter | article | budget)+" },
  text: { group: "inline" },
  title: {
    content: "text*",
    marks: "",
    defining: true,
    toDOM: () => ["h1", { class: "doc-title" }, 0],
    parseDOM: [{ tag: "h1.doc-title" }],
  },
  preamble: {
    content: "paragraph+",
    toDOM: () => ["section", { class: "preamble" }, 0],
    parseDOM: [{ tag: "section.preamble" }],
  },
  chapter: {
    attrs: { ...id },
    content: "heading (section | article)+",
    defining: true,
    toDOM: clauseDom("section", "chapter"),
    parseDOM: [{ tag: "section.chapter", getAttrs: parseId }],
  },
  section: {
    attrs: { ...id },
    content: "heading article+",
    defining: true,
    toDOM: clauseDom("section", "section"),
    parseDOM: [{ tag: "section.section", getAttrs: parseId }],
  },
  heading: {
    content: "text*",
    marks: "",
    defining: true,
    toDOM: () => ["h2", { class: "clause-heading" }, 0],
    parseDOM: [{ tag: "h2.clause-heading" }],
  },
  article: {
    attrs: { ...id, type: { default: "article" } },
    content: "heading (paragraph | list | table)+",
    defining: true,
    toDOM: (node) => ["article", { "data-clause-id": node.attrs.id as string | null, "data-type": node.attrs.type as string }, 0],
    parseDOM: [
      {
        tag: "article",
        getAttrs: (dom) => ({ id: dom.getAttribute("data-clause-id"), type: dom.getAttribute("data-type") ?? "article" }),
      },
    ],
  },
  paragraph: {
    attrs: { ...id },
    content: "inline*",
    toDOM: clauseDom("p", "clause-paragraph"),
    parseDOM: [{ tag: "p", getAttrs: parseId }],
  },
  list: {
    attrs: { ...id, ordered: { default: true } },
    content: "list_item+",
    toDOM: (node) => [node.attrs.ordered ? "ol" : "ul", { "data-clause-id": node.attrs.id as string | null }, 0],
    parseDOM: [
      { tag: "ol", getAttrs: (dom) => ({ id: dom.getAttribute("data-clause-id"), ordered: true }) },
      { tag: "ul", getAttrs: (dom) => ({ id: dom.getAttribute("data-clause-id"), ordered: false }) },
    ],
  },
  list_item: {
    attrs: { ...id },
    content: "inline*",
    defining: true,
    toDOM: clauseDom("li", "clause-item"),
    parseDOM: [{ tag: "li", getAttrs: parseId }],
  },
  table: {
    attrs: { ...id },
    content: "table_row+",
    isolating: true,
    toDOM: (node) => ["table", { "data-clause-id": node.attrs.id as string | null }, ["tbody", 0]],
    parseDOM: [{ tag: "table", getAttrs: parseId }],
  },
  table_row: {
    content: "table_cell+",
    toDOM: () => ["tr", 0],
    parseDOM: [{ tag: "tr" }],
  },
  table_cell: {
    attrs: { header: { default: false } },
    content: "inline*",
    isolating: true,
    toDOM: (node) => [node.attrs.header ? "th" : "td", 0],
    parseDOM: [
      { tag: "th", attrs: { header: true } },
      { tag: "td", attrs: { header: false } },
    ],
  },
  budget: {
    attrs: { ...id, totalCents: { default: 0 }, currency: { default: "EUR" } },
    content: "budget_district+",
    toDOM: (node) => ["section", { "data-clause-id": node.attrs.id as string | null, class: "budget" }, 0],
    parseDOM: [{ tag: "section.budget", getAttrs: parseId }],
  },
  budget_district: {
    attrs: { ...id, name: { default: "" }, totalCents: { default: 0 } },
    content: "budget_line+",
    toDOM: (node) => ["section", { "data-clause-id": node.attrs.id as string | null, class: "budget-district", "data-name": node.attrs.name as string }, 0],
    parseDOM: [
      {
        tag: "section.budget-district",
        getAttrs: (dom) => ({ id: dom.getAttribute("data-clause-id"), name: dom.getAttribute("data-name") ?? "" }),
      },
    ],
  },
  budget_line: {
    attrs: { ...id, code: { default: "" }, programme: { default: "" }, amountCents: { default: 0 } },
    content: "inline*",
    toDOM: (node) => ["p", { "data-clause-id": node.attrs.id as string | null, class: "budget-line", "data-code": node.attrs.code as string }, 0],
    parseDOM: [
      {
        tag: "p.budget-line",
        priority: 60,
        getAttrs: (dom) => ({ id: dom.getAttribute("data-clause-id"), code: dom.getAttribute("data-code") ?? "" }),
      },
    ],
  },
  hard_break: {
    inline: true,
    group: "inline",
    selectable: false,
    toDOM: () => ["br"],
    parseDOM: [{ tag: "br" }],
  },
};

const marks: Record<MarkName, MarkSpec> = {
  em: { toDOM: () => ["em", 0], parseDOM: [{ tag: "em" }, { tag: "i" }] },
  strong: { toDOM: () => ["strong", 0], parseDOM: [{ tag: "strong" }, { tag: "b" }] },
};

/** The one schema instance; documents from any other schema are rejected. */
export const documentSchema = new Schema<NodeName, MarkName>({ nodes, marks });

/** Node types that are clauses (addressable, with a stable id). */
export const CLAUSE_NODE_TYPES: ReadonlySet<string> = new Set<NodeName>(CLAUSE_KINDS);

/**
 * Bumped whenever the schema changes incompatibly; the collaboration server refuses editors
 * built against another version (close code EDITOR_OUTDATED).
 */
export const EDITOR_SCHEMA_VERSION = 1;
