/**
 * The one error the document importer throws. It names where the problem is (a line of a
 * Markdown file, a paragraph of a DOCX) and why, as a translation key plus parameters, so the
 * route can show it in the editor's language and nothing is stored.
 */

/** Where in the source a problem is: Markdown/text files count lines, DOCX counts paragraphs. */
export interface SourceLocation {
  unit: "line" | "paragraph";
  number: number;
}

/** One district (or the whole budget) whose lines do not add up to its declared total. */
export interface BudgetMismatch {
  scope: "district" | "overall";
  /** District name; "" for the overall total. */
  district: string;
  declaredCents: number;
  actualCents: number;
}

/** Why an import failed; each code has a message `processAdmin.importError.<code>`. */
export const IMPORT_ERROR_CODES = [
  "unsupported_format",
  "not_text",
  "not_docx",
  "zip_bomb",
  "no_document_xml",
  "docx_unreadable",
  "empty_document",
  "missing_title",
  "preamble_misplaced",
  "expected_article_in_chapter",
  "text_outside_article",
  "chapter_empty",
  "section_empty",
  "section_outside_chapter",
  "chapter_after_provisions",
  "article_after_provisions",
  "article_empty",
  "unknown_heading",
  "no_articles",
  "bad_budget_row",
  "bad_amount",
  "budget_text_after_lines",
  "missing_total",
  "missing_district_total",
  "district_without_lines",
  "duplicate_district_total",
  "no_budget_lines",
  "budget_mismatch",
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** A typed import failure; the parser never throws anything else. */
export class ImportError extends Error {
  override readonly name = "ImportError";
  constructor(
    readonly code: ImportErrorCode,
    readonly location: SourceLocation | null = null,
    readonly params: Record<string, string | number> = {},
    readonly mismatches: BudgetMismatch[] = [],
  ) {
    super(`${location ? `${location.unit} ${location.number}: ` : ""}${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ""}`);
  }
}
