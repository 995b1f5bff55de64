import type { ArticleType } from "../../../../collab/schema";
import type { SourceLine } from "./source-line";

/**
 * What one source line means in a regulation. Numbers written in the source ("Artículo 7",
 * "Capítulo II") are deliberately dropped: numbering is derived from position.
 */
export type LineToken =
  | { kind: "blank" }
  | { kind: "chapter"; heading: string }
  | { kind: "section"; heading: string }
  | { kind: "article"; type: ArticleType; heading: string; /** The text after the label, as written. */ raw: string }
  | { kind: "preamble" }
  | { kind: "paragraph"; text: string }
  | { kind: "item"; ordered: boolean; text: string }
  | { kind: "row"; cells: string[] }
  /** A Markdown heading without a structural keyword (a title, or a chapter's title line). */
  | { kind: "heading"; level: number; text: string }
  | { kind: "text"; text: string };

/** Separators between a unit's number and its heading: ". ", ".- ", ": ", " – ". */
const SEP = String.raw`\s*(?:[.:\-–—]+\s*)*`;
const ORDINAL_WORD = String.raw`(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[ée]ptim[oa]|octav[oa]|noven[oa]|d[ée]cim[oa]|[úu]nic[oa]|preliminar)`;

const CHAPTER = new RegExp(String.raw`^cap[ií]tulo\s+(?:[ivxlcdm]+|\d+|${ORDINAL_WORD})\b${SEP}(.*)$`, "i");
const SECTION = new RegExp(String.raw`^secci[oó]n\s+(?:\d+\s*\.?\s*[ªa]?|[ivxlcdm]+|${ORDINAL_WORD})(?![\p{L}\d])${SEP}(.*)$`, "iu");
const ARTICLE = new RegExp(String.raw`^(?:art[ií]culo|art\.)\s*(?:\d+(?:\s*(?:bis|ter|quater))?\s*(?:\.?\s*[ºo°])?|[úu]nico)(?![\p{L}\d])${SEP}(.*)$`, "iu");
const PROVISION = new RegExp(
  String.raw`^disposici[oó]n\s+(adicional|transitoria|derogatoria|final)(?:\s+(?:${ORDINAL_WORD}|\d+\s*\.?\s*[ªa]?))?(?![\p{L}\d])${SEP}(.*)$`,
  "iu",
);
const PREAMBLE = /^(exposici[oó]n\s+de\s+motivos|pre[aá]mbulo)\s*[.:]?$/i;
const NUMBERED = /^(\d{1,3})\s*[.)]\s+(\S.*)$/;
const LETTERED = /^([a-zñ])\)\s+(\S.*)$/i;
const BULLET = /^[-*•·]\s+(\S.*)$/;

const PROVISION_TYPE: Record<string, ArticleType> = {
  adicional: "additional",
  transitoria: "transitional",
  derogatoria: "derogatory",
  final: "final",
};

/** A heading as written, without a trailing full stop ("Objeto." → "Objeto"). */
function cleanHeading(text: string): string {
  return text.trim().replace(/\s*\.$/, "");
}

/** Classifies one source line of a regulation. Pure; never throws. */
export function classifyLine(line: SourceLine): LineToken {
  if (line.cells) return { kind: "row", cells: line.cells };
  const text = line.text.trim();
  if (text === "") return { kind: "blank" };
  let m = CHAPTER.exec(text);
  if (m) return { kind: "chapter", heading: cleanHeading(m[1] ?? "") };
  m = SECTION.exec(text);
  if (m) return { kind: "section", heading: cleanHeading(m[1] ?? "") };
  m = ARTICLE.exec(text);
  if (m) return { kind: "article", type: "article", heading: cleanHeading(m[1] ?? ""), raw: (m[1] ?? "").trim() };
  m = PROVISION.exec(text);
  if (m) return { kind: "article", type: PROVISION_TYPE[(m[1] ?? "").toLowerCase()] ?? "additional", heading: cleanHeading(m[2] ?? ""), raw: (m[2] ?? "").trim() };
  if (PREAMBLE.test(text)) return { kind: "preamble" };
  if (line.headingLevel !== null) return { kind: "heading", level: line.headingLevel, text };
  m = NUMBERED.exec(text);
  if (m) return { kind: "paragraph", text: m[2] ?? "" };
  m = LETTERED.exec(text);
  if (m) return { kind: "item", ordered: true, text: m[2] ?? "" };
  m = BULLET.exec(text);
  if (m) return { kind: "item", ordered: false, text: m[1] ?? "" };
  return { kind: "text", text };
}
