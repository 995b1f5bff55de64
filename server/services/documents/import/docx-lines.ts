import mammoth from "mammoth";
import type { SourceLine } from "./source-line";

/*
 * DOCX → source lines: mammoth turns the document into simple HTML (p, h1–h6, ul/ol/li,
 * table/tr/td, strong/em); this walks that HTML's tags and emits one line per paragraph,
 * heading, list item or table row, numbered as "paragraph N" in document order. Mammoth's
 * output is generated and regular, so a tag scanner is enough; no HTML is ever rendered.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes the entities mammoth emits (named basics and numeric references). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith("#x") || ref.startsWith("#X")) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

const clean = (text: string) => text.replace(/\s+/g, " ").trim();

/** Turns mammoth's HTML into source lines (exported for tests). */
export function htmlToLines(html: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let paragraph = 0;
  let block: { text: string; level: number | null; prefix: string } | null = null;
  let row: string[] | null = null;
  let cell: string | null = null;
  const listStack: Array<"ol" | "ul"> = [];
  const emit = (text: string, level: number | null, cells: string[] | null) => {
    paragraph += 1;
    lines.push({ text, location: { unit: "paragraph", number: paragraph }, headingLevel: level, cells });
  };
  const tokens = /<(\/?)([a-z][a-z0-9]*)\b[^>]*>|([^<]+)/gi;
  for (let m = tokens.exec(html); m !== null; m = tokens.exec(html)) {
    const [, closing, rawTag, rawText] = m;
    if (rawText !== undefined) {
      const value = decodeEntities(rawText);
      if (cell !== null) cell += value;
      else if (block) block.text += value;
      continue;
    }
    const tag = (rawTag ?? "").toLowerCase();
    const open = closing !== "/";
    if (tag === "br") {
      if (cell !== null) cell += " ";
      else if (block) block.text += " ";
    } else if (tag === "tr") {
      if (open) row = [];
      else if (row) {
        emit(row.join(" | "), null, row);
        row = null;
      }
    } else if (tag === "td" || tag === "th") {
      if (open) cell = "";
      else if (row && cell !== null) {
        row.push(clean(cell));
        cell = null;
      }
    } else if (tag === "ol" || tag === "ul") {
      if (open) listStack.push(tag);
      else listStack.pop();
    } else if (cell !== null) {
      // Paragraphs inside a table cell just separate words.
      if (tag === "p" && !open) cell += " ";
    } else if (tag === "p" || tag === "li" || /^h[1-6]$/.test(tag)) {
      if (open) {
        // A nested list item ends the text of its parent item first.
        if (block) emit(block.prefix + clean(block.text), block.level, null);
        const level = tag.startsWith("h") ? Number(tag.slice(1)) : null;
        const prefix = tag === "li" && listStack.at(-1) === "ul" ? "- " : "";
        block = { text: "", level, prefix };
      } else if (block) {
        const text = clean(block.text);
        if (text !== "") emit(block.prefix + text, block.level, null);
        else paragraph += 1;
        block = null;
      }
    }
  }
  return lines;
}

/** Extracts the lines of a DOCX (already checked by checkDocxArchive). Images are dropped. */
export async function docxLines(bytes: Uint8Array): Promise<SourceLine[]> {
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })) },
  );
  return htmlToLines(result.value);
}
