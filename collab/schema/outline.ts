import type { Node as PMNode } from "prosemirror-model";
import { newClauseId } from "./clause-id";
import { documentSchema as s, type ArticleType } from "./document-schema";

/**
 * A plain outline of a document, the shape importers and the demo seed produce before it
 * becomes a ProseMirror document. Paragraph strings become numbered paragraphs; a paragraph
 * given as an array of strings becomes a list.
 */
export interface OutlineArticle {
  type?: ArticleType;
  heading: string;
  paragraphs: Array<string | string[]>;
}

export interface OutlineSection {
  heading: string;
  articles: OutlineArticle[];
}

export interface OutlineChapter {
  heading: string;
  /** Articles directly in the chapter, or grouped in sections — not both. */
  articles?: OutlineArticle[];
  sections?: OutlineSection[];
}

export interface RegulationOutline {
  title: string;
  preamble?: string[];
  chapters: OutlineChapter[];
  /** Additional, transitional, derogatory and final provisions, after the chapters. */
  provisions?: OutlineArticle[];
}

export interface BudgetLineOutline {
  code: string;
  programme: string;
  description: string;
  amountCents: number;
}

export interface BudgetOutline {
  title: string;
  preamble?: string[];
  currency?: string;
  totalCents: number;
  districts: Array<{ name: string; totalCents: number; lines: BudgetLineOutline[] }>;
}

const text = (value: string) => (value ? [s.text(value)] : []);

function paragraph(value: string): PMNode {
  return s.nodes.paragraph.create({ id: newClauseId() }, text(value));
}

function article(a: OutlineArticle): PMNode {
  const blocks = a.paragraphs.map((p) =>
    Array.isArray(p)
      ? s.nodes.list.create(
          { id: newClauseId(), ordered: true },
          p.map((item) => s.nodes.list_item.create({ id: newClauseId() }, text(item))),
        )
      : paragraph(p),
  );
  return s.nodes.article.create({ id: newClauseId(), type: a.type ?? "article" }, [
    s.nodes.heading.create(null, text(a.heading)),
    ...blocks,
  ]);
}

function preamble(paragraphs: string[] | undefined): PMNode[] {
  return paragraphs && paragraphs.length > 0 ? [s.nodes.preamble.create(null, paragraphs.map(paragraph))] : [];
}

/** Builds a regulation document with fresh clause ids; throws RangeError on an invalid outline. */
export function buildRegulation(outline: RegulationOutline): PMNode {
  const chapters = outline.chapters.map((c) => {
    if (c.articles && c.sections) throw new RangeError(`Chapter "${c.heading}" has both articles and sections`);
    const children = c.sections
      ? c.sections.map((sec) =>
          s.nodes.section.create({ id: newClauseId() }, [s.nodes.heading.create(null, text(sec.heading)), ...sec.articles.map(article)]),
        )
      : (c.articles ?? []).map(article);
    return s.nodes.chapter.create({ id: newClauseId() }, [s.nodes.heading.create(null, text(c.heading)), ...children]);
  });
  const doc = s.nodes.doc.create(null, [
    s.nodes.title.create(null, text(outline.title)),
    ...preamble(outline.preamble),
    ...chapters,
    ...(outline.provisions ?? []).map(article),
  ]);
  doc.check();
  return doc;
}

/** Builds a budget document with fresh clause ids; throws RangeError on an invalid outline. */
export function buildBudget(outline: BudgetOutline): PMNode {
  const districts = outline.districts.map((d) =>
    s.nodes.budget_district.create(
      { id: newClauseId(), name: d.name, totalCents: d.totalCents },
      d.lines.map((l) =>
        s.nodes.budget_line.create({ id: newClauseId(), code: l.code, programme: l.programme, amountCents: l.amountCents }, text(l.description)),
      ),
    ),
  );
  const doc = s.nodes.doc.create(null, [
    s.nodes.title.create(null, text(outline.title)),
    ...preamble(outline.preamble),
    s.nodes.budget.create({ id: newClauseId(), totalCents: outline.totalCents, currency: outline.currency ?? "EUR" }, districts),
  ]);
  doc.check();
  return doc;
}
