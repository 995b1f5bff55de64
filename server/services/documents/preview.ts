import type { Node as PMNode } from "prosemirror-model";
import { clauseTree, documentTitle, type Clause } from "../../../collab/schema/clauses";

/** One structural unit in a preview: its derived label, heading and what it holds. */
export interface PreviewNode {
  id: string;
  kind: "chapter" | "section" | "article" | "budget_district";
  label: string;
  heading: string;
  /** Paragraphs, list items and tables directly in an article. */
  blockCount: number;
  /** The first words of the article, so editors recognise it. */
  excerpt: string;
  /** District total (declared) and lines, for budgets. */
  totalCents?: number;
  lines?: Array<{ id: string; code: string; programme: string; description: string; amountCents: number }>;
  children: PreviewNode[];
}

/** What the import preview and the publish page show of a document. */
export interface DocumentPreview {
  title: string;
  preambleParagraphs: number;
  nodes: PreviewNode[];
  counts: { chapters: number; sections: number; articles: number; provisions: number; paragraphs: number; budgetLines: number };
  budgetTotalCents: number | null;
}

const EXCERPT_CHARS = 140;

function excerptOf(clause: Clause): string {
  const first = clause.children.find((c) => c.text !== "") ?? clause.children[0]?.children.find((c) => c.text !== "");
  const text = first?.text ?? "";
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}

/**
 * A compact, serializable summary of a document's structure with derived numbering (the
 * reading side's clause tree), small enough to send to the browser for a preview.
 */
export function documentPreview(doc: PMNode): DocumentPreview {
  const counts = { chapters: 0, sections: 0, articles: 0, provisions: 0, paragraphs: 0, budgetLines: 0 };
  let preambleParagraphs = 0;
  let budgetTotalCents: number | null = null;
  const convert = (clause: Clause): PreviewNode[] => {
    switch (clause.kind) {
      case "chapter":
      case "section":
        counts[clause.kind === "chapter" ? "chapters" : "sections"] += 1;
        return [{ id: clause.id, kind: clause.kind, label: clause.label, heading: clause.heading, blockCount: 0, excerpt: "", children: clause.children.flatMap(convert) }];
      case "article": {
        if (clause.articleType === "article") counts.articles += 1;
        else counts.provisions += 1;
        for (const child of clause.children) counts.paragraphs += child.kind === "list" ? child.children.length : 1;
        return [{ id: clause.id, kind: "article", label: clause.label, heading: clause.heading, blockCount: clause.children.length, excerpt: excerptOf(clause), children: [] }];
      }
      case "budget":
        budgetTotalCents = clause.totalCents ?? 0;
        return clause.children.flatMap(convert);
      case "budget_district":
        counts.budgetLines += clause.children.length;
        return [
          {
            id: clause.id,
            kind: "budget_district",
            label: clause.label,
            heading: clause.heading,
            blockCount: clause.children.length,
            excerpt: "",
            totalCents: clause.totalCents ?? 0,
            lines: clause.children.map((l) => ({ id: l.id, code: l.code ?? "", programme: l.programme ?? "", description: l.text, amountCents: l.amountCents ?? 0 })),
            children: [],
          },
        ];
      case "paragraph":
        if (clause.preamble) preambleParagraphs += 1;
        return [];
      default:
        return [];
    }
  };
  const nodes = clauseTree(doc).flatMap(convert);
  return { title: documentTitle(doc), preambleParagraphs, nodes, counts, budgetTotalCents };
}
