import type { SourceLocation } from "./import-error";

/**
 * One line of the source as the parsers see it, whatever the file format: its text without
 * Markdown decoration, the Markdown heading level if any, and the cells when it is a table
 * row ("a | b | c" or a DOCX table row).
 */
export interface SourceLine {
  text: string;
  location: SourceLocation;
  /** 1–6 for "#"…"######" headings (or DOCX Heading styles); null otherwise. */
  headingLevel: number | null;
  /** Cells of a table row, trimmed; null when the line is not a row. */
  cells: string[] | null;
}

/** Removes inline Markdown emphasis markers (**bold**, __bold__, *em*, _em_) and escapes. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s.,;:)]|$)/g, "$1$2")
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, "$1");
}

/** Splits a table row "| a | b |" or "a | b | c" into trimmed cells. */
export function splitCells(text: string): string[] {
  let body = text.trim();
  if (body.startsWith("|")) body = body.slice(1);
  if (body.endsWith("|")) body = body.slice(0, -1);
  return body.split("|").map((cell) => cell.trim());
}

/** Whether a line is a Markdown table separator ("|---|:--:|"), which carries no content. */
export function isTableSeparator(text: string): boolean {
  return /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/.test(text.trim());
}

/**
 * Turns Markdown or plain text into source lines, numbered from 1 as editors see them in
 * their text editor. Blank lines are kept (as empty text) so numbering stays exact.
 */
export function markdownLines(source: string): SourceLine[] {
  return source.split(/\r\n|\r|\n/).map((raw, index) => {
    const location: SourceLocation = { unit: "line", number: index + 1 };
    const trimmed = raw.replace(/^\uFEFF/, "").trim();
    if (isTableSeparator(trimmed) && trimmed.includes("-")) return { text: "", location, headingLevel: null, cells: null };
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(trimmed);
    if (heading) {
      return { text: stripInlineMarkdown(heading[2] ?? ""), location, headingLevel: (heading[1] ?? "#").length, cells: null };
    }
    const pipes = (trimmed.match(/\|/g) ?? []).length;
    if (pipes >= 1) {
      const cells = splitCells(trimmed).map(stripInlineMarkdown);
      return { text: cells.join(" | "), location, headingLevel: null, cells };
    }
    return { text: stripInlineMarkdown(trimmed), location, headingLevel: null, cells: null };
  });
}
