import type { Mark, Node as PMNode } from "prosemirror-model";
import type { ArticleType } from "./document-schema";

/**
 * The clause tree of a document: every addressable unit (chapter, section, article, paragraph,
 * list, list item, table, budget, district, budget line) with its derived number and Spanish
 * legal label. Numbering is computed from position here and never stored in the text, so that
 * inserting an article renumbers the ones after it while their ids — and the anchors derived
 * from the ids — stay the same.
 *
 * Pure: imports only prosemirror types, runs in the browser, the server and tests.
 */

/**
 * Kinds of clause, one per clause node type of the schema (which derives CLAUSE_NODE_TYPES from
 * this list). Kept here, free of runtime imports, so readers' bundles need no Schema.
 */
export const CLAUSE_KINDS = [
  "chapter",
  "section",
  "article",
  "paragraph",
  "list",
  "list_item",
  "table",
  "budget",
  "budget_district",
  "budget_line",
] as const;
export type ClauseKind = (typeof CLAUSE_KINDS)[number];

/** A run of inline text with its marks, or a line break; lets readers render without ProseMirror. */
export type InlineRun = { text: string; marks?: Array<"em" | "strong"> } | { break: true };

/** One table cell as plain runs. */
export interface TableCell {
  header: boolean;
  runs: InlineRun[];
}

/** An addressable unit of a document with its derived numbering. */
export interface Clause {
  /** The stable clause id (survives edits and versions). */
  id: string;
  kind: ClauseKind;
  /** For articles: which numbering sequence (article, additional, transitional…). */
  articleType?: ArticleType;
  /** Whether the clause is a paragraph of the preamble (not numbered as part of an article). */
  preamble?: boolean;
  /** Derived number: "II", "1", "12", "primera", "12.2", "a)", budget line code. */
  number: string;
  /** Spanish legal label: "Capítulo II", "Sección 1.ª", "Artículo 12", "Disposición adicional primera", "12.2". */
  label: string;
  /** Heading text (chapters, sections, articles), district name or budget programme; "" otherwise. */
  heading: string;
  /** Plain text of the clause's own content (not its child clauses). */
  text: string;
  /** The permalink fragment, derived from the stable id only: equal in every version. */
  anchor: string;
  /** Inline content with marks, for paragraphs, list items and budget lines. */
  runs?: InlineRun[];
  /** Table rows, for tables. */
  rows?: TableCell[][];
  /** Whether a list is ordered. */
  ordered?: boolean;
  /** Budget data: amounts in cents; `code`/`programme` for lines, `name` for districts. */
  amountCents?: number;
  totalCents?: number;
  currency?: string;
  code?: string;
  programme?: string;
  children: Clause[];
}

/** Anchor prefix per kind: short, readable permalinks ("#art-k3m9…"). */
const ANCHOR_PREFIX: Record<ClauseKind, string> = {
  chapter: "cap",
  section: "sec",
  article: "art",
  paragraph: "par",
  list: "list",
  list_item: "item",
  table: "tab",
  budget: "ppto",
  budget_district: "dist",
  budget_line: "line",
};

/** The permalink fragment of a clause: depends only on its kind and stable id. */
export function clauseAnchor(kind: ClauseKind, id: string): string {
  return `${ANCHOR_PREFIX[kind]}-${id}`;
}

/** Roman numeral of a positive integer ("II", "XIV"). */
export function toRoman(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 3999) throw new RangeError(`Cannot write ${value} in roman numerals`);
  const table: Array<[number, string]> = [
    [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"],
    [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
  ];
  let rest = value;
  let out = "";
  for (const [n, s] of table) {
    while (rest >= n) {
      out += s;
      rest -= n;
    }
  }
  return out;
}

const UNITS = ["", "primera", "segunda", "tercera", "cuarta", "quinta", "sexta", "séptima", "octava", "novena"];
const TENS = ["", "décima", "vigésima", "trigésima", "cuadragésima", "quincuagésima", "sexagésima", "septuagésima", "octogésima", "nonagésima"];

/**
 * Feminine Spanish ordinal word as used for provisions ("primera", "decimotercera",
 * "vigésima primera"). Beyond 99 falls back to "100.ª", which legal drafting also accepts.
 */
export function spanishOrdinal(value: number): string {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`No ordinal for ${value}`);
  if (value >= 100) return `${value}.ª`;
  const tens = Math.floor(value / 10);
  const units = value % 10;
  if (tens === 0) return UNITS[units] ?? "";
  // 11–19 are written as one word in current usage ("decimoprimera", "decimotercera").
  if (tens === 1) return units === 0 ? "décima" : `decimo${UNITS[units]}`;
  return units === 0 ? (TENS[tens] ?? "") : `${TENS[tens]} ${UNITS[units]}`;
}

/** Label stems for article-like units, by type. */
const ARTICLE_LABEL: Record<ArticleType, string> = {
  article: "Artículo",
  additional: "Disposición adicional",
  transitional: "Disposición transitoria",
  derogatory: "Disposición derogatoria",
  final: "Disposición final",
};

/** Letters for list items: a) … z), then aa), ab)… (ñ is skipped as legal drafting does). */
export function listLetter(index: number): string {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let n = index;
  let out = "";
  do {
    out = (letters[n % 26] ?? "") + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

function marksOf(marks: readonly Mark[]): Array<"em" | "strong"> | undefined {
  const names = marks.map((m) => m.type.name).filter((n): n is "em" | "strong" => n === "em" || n === "strong");
  return names.length > 0 ? names : undefined;
}

/** Inline content of a textblock as runs (text with marks, line breaks). */
export function inlineRuns(node: PMNode): InlineRun[] {
  const runs: InlineRun[] = [];
  node.forEach((child) => {
    if (child.isText) {
      const marks = marksOf(child.marks);
      runs.push(marks ? { text: child.text ?? "", marks } : { text: child.text ?? "" });
    } else if (child.type.name === "hard_break") {
      runs.push({ break: true });
    }
  });
  return runs;
}

/** Plain text of inline runs; line breaks become "\n". */
export function runsText(runs: readonly InlineRun[]): string {
  return runs.map((r) => ("break" in r ? "\n" : r.text)).join("");
}

function headingOf(node: PMNode): string {
  const first = node.firstChild;
  return first && first.type.name === "heading" ? first.textContent : "";
}

function idOf(node: PMNode, fallback: string): string {
  const id = node.attrs.id as unknown;
  // Documents are validated before they are stored; a missing id (e.g. a hand-built test
  // document) still gets a deterministic, position-based key so the tree stays usable.
  return typeof id === "string" && id !== "" ? id : fallback;
}

interface Counters {
  chapter: number;
  table: number;
  articles: Record<ArticleType, number>;
  /** How many articles of each type exist (for "única" when there is just one provision). */
  articleTotals: Record<ArticleType, number>;
}

function countArticleTypes(doc: PMNode): Record<ArticleType, number> {
  const totals: Record<ArticleType, number> = { article: 0, additional: 0, transitional: 0, derogatory: 0, final: 0 };
  doc.descendants((node) => {
    if (node.type.name === "article") totals[articleTypeOf(node)] += 1;
    return node.type.name !== "article";
  });
  return totals;
}

function articleTypeOf(node: PMNode): ArticleType {
  const type = node.attrs.type as unknown;
  return type === "additional" || type === "transitional" || type === "derogatory" || type === "final" ? type : "article";
}

function clause(kind: ClauseKind, id: string, fields: Partial<Clause> & { number: string; label: string }): Clause {
  return { id, kind, heading: "", text: "", anchor: clauseAnchor(kind, id), children: [], ...fields };
}

function buildArticle(node: PMNode, c: Counters, path: string): Clause {
  const type = articleTypeOf(node);
  c.articles[type] += 1;
  const n = c.articles[type];
  const number = type === "article" ? String(n) : c.articleTotals[type] === 1 ? "única" : spanishOrdinal(n);
  const id = idOf(node, `${path}`);
  const art = clause("article", id, { articleType: type, number, label: `${ARTICLE_LABEL[type]} ${number}`, heading: headingOf(node) });
  let paragraphNo = 0;
  node.forEach((child, _offset, index) => {
    const childPath = `${path}.${index}`;
    if (child.type.name === "paragraph") {
      paragraphNo += 1;
      // Articles number their paragraphs "12.2"; provisions (ordinal words) just "2".
      const pn = type === "article" ? `${number}.${paragraphNo}` : String(paragraphNo);
      const runs = inlineRuns(child);
      art.children.push(clause("paragraph", idOf(child, childPath), { number: pn, label: pn, text: runsText(runs), runs }));
    } else if (child.type.name === "list") {
      art.children.push(buildList(child, childPath));
    } else if (child.type.name === "table") {
      art.children.push(buildTable(child, c, childPath));
    }
  });
  return art;
}

function buildList(node: PMNode, path: string): Clause {
  const list = clause("list", idOf(node, path), { number: "", label: "", ordered: node.attrs.ordered !== false });
  let i = 0;
  node.forEach((item, _offset, index) => {
    if (item.type.name !== "list_item") return;
    const number = list.ordered ? `${listLetter(i)})` : "•";
    i += 1;
    const runs = inlineRuns(item);
    list.children.push(clause("list_item", idOf(item, `${path}.${index}`), { number, label: number, text: runsText(runs), runs }));
  });
  return list;
}

function buildTable(node: PMNode, c: Counters, path: string): Clause {
  c.table += 1;
  const rows: TableCell[][] = [];
  node.forEach((row) => {
    const cells: TableCell[] = [];
    row.forEach((cell) => cells.push({ header: cell.attrs.header === true, runs: inlineRuns(cell) }));
    rows.push(cells);
  });
  const text = rows.map((r) => r.map((cell) => runsText(cell.runs)).join(" | ")).join("\n");
  return clause("table", idOf(node, path), { number: String(c.table), label: `Tabla ${c.table}`, text, rows });
}

function buildBudget(node: PMNode, path: string): Clause {
  const budget = clause("budget", idOf(node, path), {
    number: "",
    label: "Presupuesto",
    totalCents: Number(node.attrs.totalCents) || 0,
    currency: typeof node.attrs.currency === "string" ? node.attrs.currency : "EUR",
  });
  let d = 0;
  node.forEach((district, _o, di) => {
    d += 1;
    const name = typeof district.attrs.name === "string" ? district.attrs.name : "";
    const dc = clause("budget_district", idOf(district, `${path}.${di}`), {
      number: String(d),
      label: name || `Distrito ${d}`,
      heading: name,
      totalCents: Number(district.attrs.totalCents) || 0,
    });
    district.forEach((line, _lo, li) => {
      const code = typeof line.attrs.code === "string" ? line.attrs.code : "";
      const programme = typeof line.attrs.programme === "string" ? line.attrs.programme : "";
      const runs = inlineRuns(line);
      dc.children.push(
        clause("budget_line", idOf(line, `${path}.${di}.${li}`), {
          number: code,
          label: code,
          heading: programme,
          text: runsText(runs),
          runs,
          code,
          programme,
          amountCents: Number(line.attrs.amountCents) || 0,
        }),
      );
    });
    budget.children.push(dc);
  });
  return budget;
}

/**
 * The ordered clause tree of a document (top level: preamble paragraphs, chapters, articles
 * outside chapters, provisions, the budget). Numbers and labels are derived from position:
 * chapters in roman numerals, sections per chapter ("Sección 1.ª"), articles across the whole
 * document per type, provisions with Spanish ordinal words ("Disposición adicional primera",
 * or "única" when alone), paragraphs "12.2", list items "a)", budget lines by their code.
 */
export function clauseTree(doc: PMNode): Clause[] {
  const c: Counters = {
    chapter: 0,
    table: 0,
    articles: { article: 0, additional: 0, transitional: 0, derogatory: 0, final: 0 },
    articleTotals: countArticleTypes(doc),
  };
  const out: Clause[] = [];
  doc.forEach((node, _offset, index) => {
    const path = `n${index}`;
    switch (node.type.name) {
      case "preamble": {
        let p = 0;
        node.forEach((para, _o, pi) => {
          p += 1;
          const runs = inlineRuns(para);
          out.push(
            clause("paragraph", idOf(para, `${path}.${pi}`), {
              preamble: true,
              number: String(p),
              label: `Preámbulo, párrafo ${p}`,
              text: runsText(runs),
              runs,
            }),
          );
        });
        break;
      }
      case "chapter": {
        c.chapter += 1;
        const number = toRoman(c.chapter);
        const chapter = clause("chapter", idOf(node, path), { number, label: `Capítulo ${number}`, heading: headingOf(node) });
        let sectionNo = 0;
        node.forEach((child, _o, ci) => {
          if (child.type.name === "section") {
            sectionNo += 1;
            const section = clause("section", idOf(child, `${path}.${ci}`), {
              number: String(sectionNo),
              label: `Sección ${sectionNo}.ª`,
              heading: headingOf(child),
            });
            child.forEach((art, _ao, ai) => {
              if (art.type.name === "article") section.children.push(buildArticle(art, c, `${path}.${ci}.${ai}`));
            });
            chapter.children.push(section);
          } else if (child.type.name === "article") {
            chapter.children.push(buildArticle(child, c, `${path}.${ci}`));
          }
        });
        out.push(chapter);
        break;
      }
      case "article":
        out.push(buildArticle(node, c, path));
        break;
      case "budget":
        out.push(buildBudget(node, path));
        break;
      default:
        break;
    }
  });
  return out;
}

/** Every clause of a tree in document order (pre-order), with its parent id and depth. */
export interface FlatClause {
  clause: Clause;
  parentId: string | null;
  depth: number;
  /** Index among its siblings. */
  index: number;
}

/** Flattens a clause tree in document order. */
export function flattenClauses(tree: readonly Clause[]): FlatClause[] {
  const out: FlatClause[] = [];
  const walk = (nodes: readonly Clause[], parentId: string | null, depth: number) => {
    nodes.forEach((node, index) => {
      out.push({ clause: node, parentId, depth, index });
      walk(node.children, node.id, depth + 1);
    });
  };
  walk(tree, null, 0);
  return out;
}

/** The clause with this stable id, or null. */
export function findClause(doc: PMNode | readonly Clause[], id: string): Clause | null {
  const tree = Array.isArray(doc) ? (doc as readonly Clause[]) : clauseTree(doc as PMNode);
  for (const { clause: found } of flattenClauses(tree)) if (found.id === id) return found;
  return null;
}

/** The document's title text ("" when missing). */
export function documentTitle(doc: PMNode): string {
  const first = doc.firstChild;
  return first && first.type.name === "title" ? first.textContent : "";
}

/**
 * The whole document as plain text with derived labels ("Artículo 12. Objeto"), one block per
 * line: for search, word counts and simple full-text comparisons.
 */
export function documentText(doc: PMNode): string {
  const lines: string[] = [];
  const title = documentTitle(doc);
  if (title) lines.push(title);
  for (const { clause: cl } of flattenClauses(clauseTree(doc))) {
    switch (cl.kind) {
      case "chapter":
      case "section":
      case "article":
        lines.push(cl.heading ? `${cl.label}. ${cl.heading}` : cl.label);
        break;
      case "paragraph":
        lines.push(cl.text);
        break;
      case "list_item":
      case "budget_line":
        lines.push(`${cl.number} ${cl.text}`);
        break;
      case "table":
        lines.push(cl.text);
        break;
      case "budget_district":
        lines.push(cl.label);
        break;
      default:
        break;
    }
  }
  return lines.join("\n");
}
