import type { Node as PMNode } from "prosemirror-model";
import { documentSchema as s, newClauseId, type ArticleType } from "../../../../collab/schema";
import { classifyLine } from "./classify-line";
import { ImportError, type SourceLocation } from "./import-error";
import type { SourceLine } from "./source-line";

/*
 * Regulation import: a small state machine over classified lines. Structure must be complete
 * where the schema requires it (a chapter needs an article, an article needs text), and
 * ordinary articles may not follow the final provisions, as in any Spanish regulation.
 */

type Block = { kind: "paragraph"; text: string } | { kind: "list"; ordered: boolean; items: string[] } | { kind: "table"; rows: string[][] };

interface ArticleDraft {
  type: ArticleType;
  heading: string;
  raw: string;
  blocks: Block[];
  at: SourceLocation;
}

interface SectionDraft {
  heading: string;
  articles: ArticleDraft[];
  at: SourceLocation;
}

interface ChapterDraft {
  heading: string;
  children: Array<ArticleDraft | SectionDraft>;
  at: SourceLocation;
}

type TopLevel = { kind: "chapter"; chapter: ChapterDraft } | { kind: "article"; article: ArticleDraft };

const text = (value: string) => (value ? [s.text(value)] : []);

function addBlock(article: ArticleDraft, block: Block): void {
  const last = article.blocks.at(-1);
  if (block.kind === "list" && last?.kind === "list" && last.ordered === block.ordered) {
    last.items.push(...block.items);
    return;
  }
  if (block.kind === "table" && last?.kind === "table") {
    last.rows.push(...block.rows);
    return;
  }
  article.blocks.push(block);
}

function isSection(child: ArticleDraft | SectionDraft): child is SectionDraft {
  return "articles" in child;
}

function articleNode(a: ArticleDraft): PMNode {
  const blocks = a.blocks.map((b) => {
    if (b.kind === "paragraph") return s.nodes.paragraph.create({ id: newClauseId() }, text(b.text));
    if (b.kind === "list") {
      return s.nodes.list.create(
        { id: newClauseId(), ordered: b.ordered },
        b.items.map((item) => s.nodes.list_item.create({ id: newClauseId() }, text(item))),
      );
    }
    const width = Math.max(...b.rows.map((r) => r.length));
    return s.nodes.table.create(
      { id: newClauseId() },
      b.rows.map((row, ri) =>
        s.nodes.table_row.create(
          null,
          Array.from({ length: width }, (_, ci) => s.nodes.table_cell.create({ header: ri === 0 }, text(row[ci] ?? ""))),
        ),
      ),
    );
  });
  return s.nodes.article.create({ id: newClauseId(), type: a.type }, [s.nodes.heading.create(null, text(a.heading)), ...blocks]);
}

function chapterNode(c: ChapterDraft): PMNode {
  const children = c.children.map((child) =>
    isSection(child)
      ? s.nodes.section.create({ id: newClauseId() }, [s.nodes.heading.create(null, text(child.heading)), ...child.articles.map(articleNode)])
      : articleNode(child),
  );
  return s.nodes.chapter.create({ id: newClauseId() }, [s.nodes.heading.create(null, text(c.heading)), ...children]);
}

/**
 * Parses the lines of a regulation into a document of the shared schema with fresh clause
 * ids. Throws ImportError naming the first line that does not fit; never anything else.
 */
export function parseRegulation(lines: readonly SourceLine[]): PMNode {
  let title: string | null = null;
  const preamble: string[] = [];
  const top: TopLevel[] = [];
  let chapter: ChapterDraft | null = null;
  let section: SectionDraft | null = null;
  let article: ArticleDraft | null = null;
  let provisionsStarted = false;
  /** A chapter or section written "CAPÍTULO II" whose title comes on the next line. */
  let awaitingHeading: ChapterDraft | SectionDraft | null = null;
  let lastLocation: SourceLocation = { unit: "line", number: 1 };

  const closeArticle = () => {
    if (!article) return;
    if (article.blocks.length === 0) {
      // "Disposición derogatoria única. Queda derogada…": the text follows the label on one
      // line; a provision with no body is read that way. Ordinary articles need a body.
      if (article.type !== "article" && article.heading) {
        article.blocks.push({ kind: "paragraph", text: article.raw });
        article.heading = "";
      } else {
        throw new ImportError("article_empty", article.at);
      }
    }
    article = null;
  };
  const closeSection = () => {
    closeArticle();
    if (section && section.articles.length === 0) throw new ImportError("section_empty", section.at, { heading: section.heading });
    section = null;
  };
  const closeChapter = () => {
    closeSection();
    if (chapter && chapter.children.length === 0) throw new ImportError("chapter_empty", chapter.at, { heading: chapter.heading });
    chapter = null;
  };

  for (const line of lines) {
    const token = classifyLine(line);
    const at = line.location;
    if (token.kind === "blank") continue;
    lastLocation = at;

    if (title === null) {
      if (token.kind === "text" || token.kind === "heading") {
        title = token.text;
        continue;
      }
      throw new ImportError("missing_title", at);
    }

    if (awaitingHeading && (token.kind === "text" || token.kind === "heading")) {
      awaitingHeading.heading = token.text.replace(/\s*\.$/, "");
      awaitingHeading = null;
      continue;
    }
    awaitingHeading = null;
    const structureStarted = top.length > 0;

    switch (token.kind) {
      case "preamble":
        if (structureStarted || preamble.length > 0) throw new ImportError("preamble_misplaced", at);
        break;
      case "chapter": {
        if (provisionsStarted) throw new ImportError("chapter_after_provisions", at);
        closeChapter();
        chapter = { heading: token.heading, children: [], at };
        top.push({ kind: "chapter", chapter });
        if (!token.heading) awaitingHeading = chapter;
        break;
      }
      case "section": {
        if (!chapter) throw new ImportError("section_outside_chapter", at);
        closeSection();
        const current: ChapterDraft = chapter;
        section = { heading: token.heading, articles: [], at };
        current.children.push(section);
        if (!token.heading) awaitingHeading = section;
        break;
      }
      case "article": {
        if (token.type === "article") {
          if (provisionsStarted) throw new ImportError("article_after_provisions", at);
          closeArticle();
          article = { type: "article", heading: token.heading, raw: token.raw, blocks: [], at };
          if (section) (section as SectionDraft).articles.push(article);
          else if (chapter) (chapter as ChapterDraft).children.push(article);
          else top.push({ kind: "article", article });
        } else {
          closeChapter();
          provisionsStarted = true;
          article = { type: token.type, heading: token.heading, raw: token.raw, blocks: [], at };
          top.push({ kind: "article", article });
        }
        break;
      }
      case "heading":
        throw new ImportError("unknown_heading", at, { text: token.text.slice(0, 80) });
      case "paragraph":
      case "text":
      case "item":
      case "row": {
        const current = article as ArticleDraft | null;
        if (current) {
          if (token.kind === "item") addBlock(current, { kind: "list", ordered: token.ordered, items: [token.text] });
          else if (token.kind === "row") addBlock(current, { kind: "table", rows: [token.cells] });
          else addBlock(current, { kind: "paragraph", text: token.text });
          break;
        }
        if (chapter || section) throw new ImportError("expected_article_in_chapter", at);
        if (structureStarted) throw new ImportError("text_outside_article", at);
        // Before any structure: the preamble (its paragraphs keep list markers as text).
        preamble.push(token.kind === "row" ? token.cells.join(" | ") : line.text.trim());
        break;
      }
    }
  }

  if (title === null) throw new ImportError("empty_document", null);
  closeChapter();
  closeArticle();
  if (top.length === 0) throw new ImportError("no_articles", lastLocation);

  const doc = s.nodes.doc.create(null, [
    s.nodes.title.create(null, text(title)),
    ...(preamble.length > 0 ? [s.nodes.preamble.create(null, preamble.map((p) => s.nodes.paragraph.create({ id: newClauseId() }, text(p))))] : []),
    ...top.map((item) => (item.kind === "chapter" ? chapterNode(item.chapter) : articleNode(item.article))),
  ]);
  doc.check();
  return doc;
}
