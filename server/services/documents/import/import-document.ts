import type { Node as PMNode } from "prosemirror-model";
import type { ProcessKind } from "../../../../db/schema";
import { validateBudget } from "../validate-budget";
import { checkDocxArchive } from "./docx-guard";
import { docxLines } from "./docx-lines";
import { ImportError } from "./import-error";
import { parseBudget } from "./parse-budget";
import { parseRegulation } from "./parse-regulation";
import { markdownLines, type SourceLine } from "./source-line";

/** Largest file the import route accepts (the HTTP body limit of that route is a bit above). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Which parser a file name selects. */
export type ImportFormat = "markdown" | "docx";

/** The format of an upload by its extension, or null when unsupported. */
export function importFormatOf(fileName: string): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === "md" || ext === "markdown" || ext === "txt") return "markdown";
  if (ext === "docx") return "docx";
  return null;
}

/** Decodes a text upload as UTF-8, refusing binary files (invalid UTF-8 or NUL bytes). */
function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) throw new ImportError("not_text", null);
    throw error;
  }
  if (text.includes("\u0000")) throw new ImportError("not_text", null);
  return text;
}

/** Parses lines for a process kind; budgets must also add up. */
export function parseLines(kind: ProcessKind, lines: readonly SourceLine[]): PMNode {
  if (kind === "regulation") return parseRegulation(lines);
  const doc = parseBudget(lines);
  const mismatches = validateBudget(doc);
  if (mismatches.length > 0) throw new ImportError("budget_mismatch", null, { count: mismatches.length }, mismatches);
  return doc;
}

/**
 * Turns an uploaded Markdown/text or DOCX file into a document of the shared schema with
 * fresh clause ids. DOCX files are checked for zip bombs before mammoth reads them. Throws
 * ImportError for every problem with the file; nothing is stored here.
 */
export async function importDocument(input: { kind: ProcessKind; fileName: string; bytes: Uint8Array }): Promise<PMNode> {
  const format = importFormatOf(input.fileName);
  if (format === null) throw new ImportError("unsupported_format", null);
  if (format === "markdown") return parseLines(input.kind, markdownLines(decodeText(input.bytes)));
  checkDocxArchive(input.bytes);
  let lines: SourceLine[];
  try {
    lines = await docxLines(input.bytes);
  } catch (error) {
    // A zip that passed the guard but is not a Word document mammoth understands.
    if (error instanceof Error) throw new ImportError("docx_unreadable", null);
    throw error;
  }
  return parseLines(input.kind, lines);
}
