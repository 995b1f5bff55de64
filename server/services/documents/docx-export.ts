import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { Clause, InlineRun } from "../../../collab/schema/clauses";

/*
 * DOCX export of a version, in exactly the shape the DOCX importer reads back (so download →
 * edit in Word → re-import loses nothing): the title as the first paragraph; "Exposición de
 * motivos" and chapters as Heading 1, sections as Heading 2, articles and provisions as
 * Heading 3 with their derived label ("Artículo 3. Objeto"); numbered paragraphs "2. …" when
 * an article has more than one; list items "a) …" or "- …"; tables as Word tables (first row
 * the header); budgets as one Word table of lines ("Código | Programa | Distrito |
 * Descripción | Importe") with the "Total distrito" and "Total" rows the importer checks.
 * Bold and italics are kept as Word formatting. Amounts are written in Spanish, like the text.
 */

/** What the export needs besides the clause tree (the same input as the Markdown export). */
export interface DocxInput {
  title: string;
  tree: readonly Clause[];
}

/** A paragraph text that the importer would read as a marker ("3. ", "b) ", "- ") must be numbered. */
const LOOKS_LIKE_MARKER = /^(\d{1,3}\s*[.)]\s|[a-zñ]\)\s|[-*•·]\s)/i;

function runsOf(runs: readonly InlineRun[] | undefined, fallback: string, prefix = ""): TextRun[] {
  const out: TextRun[] = prefix ? [new TextRun(prefix)] : [];
  if (!runs) return [...out, new TextRun(fallback)];
  for (const r of runs) {
    if ("break" in r) out.push(new TextRun({ text: "", break: 1 }));
    else out.push(new TextRun({ text: r.text, bold: r.marks?.includes("strong") ?? false, italics: r.marks?.includes("em") ?? false }));
  }
  return out;
}

function headingOf(clause: Clause, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
  return new Paragraph({ text: clause.heading ? `${clause.label}. ${clause.heading}` : clause.label, heading: level });
}

function tableOf(rows: string[][]): Table {
  const width = Math.max(1, ...rows.map((r) => r.length));
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (row) => new TableRow({ children: Array.from({ length: width }, (_, c) => new TableCell({ children: [new Paragraph(row[c] ?? "")] })) }),
    ),
  });
}

function cellText(runs: readonly InlineRun[]): string {
  return runs.map((r) => ("text" in r ? r.text : " ")).join("");
}

function article(clause: Clause, out: Array<Paragraph | Table>): void {
  out.push(headingOf(clause, HeadingLevel.HEADING_3));
  const paragraphs = clause.children.filter((c) => c.kind === "paragraph").length;
  for (const child of clause.children) {
    if (child.kind === "paragraph") {
      const n = child.number.split(".").pop() ?? child.number;
      const numbered = paragraphs > 1 || LOOKS_LIKE_MARKER.test(child.text);
      out.push(new Paragraph({ children: runsOf(child.runs, child.text, numbered ? `${n}. ` : "") }));
    } else if (child.kind === "list") {
      for (const item of child.children) out.push(new Paragraph({ children: runsOf(item.runs, item.text, child.ordered === false ? "- " : `${item.number} `) }));
    } else if (child.kind === "table") {
      out.push(tableOf((child.rows ?? []).map((row) => row.map((cell) => cellText(cell.runs)))));
    }
  }
}

const money = (cents: number, currency: string) => new Intl.NumberFormat("es-ES", { style: "currency", currency }).format(cents / 100);

function budget(clause: Clause, out: Array<Paragraph | Table>): void {
  const currency = clause.currency ?? "EUR";
  const rows: string[][] = [["Código", "Programa", "Distrito", "Descripción", "Importe"]];
  for (const district of clause.children) {
    const name = district.heading || district.label;
    for (const line of district.children) {
      rows.push([line.code ?? line.number, line.programme ?? "", name, line.runs ? cellText(line.runs) : line.text, money(line.amountCents ?? 0, currency)]);
    }
    rows.push(["Total distrito", name, "", "", money(district.totalCents ?? 0, currency)]);
  }
  rows.push(["Total", "", "", "", money(clause.totalCents ?? 0, currency)]);
  out.push(tableOf(rows));
}

/** The DOCX file of one version. */
export async function toDocx(input: DocxInput): Promise<Buffer> {
  const out: Array<Paragraph | Table> = [new Paragraph({ text: input.title, heading: HeadingLevel.TITLE })];
  const isBudget = input.tree.some((c) => c.kind === "budget");
  let preambleOpen = false;
  for (const c of input.tree) {
    if (c.kind === "paragraph" && c.preamble) {
      // A budget's introduction is just the paragraphs before the table; a regulation's needs its heading.
      if (!isBudget && !preambleOpen) out.push(new Paragraph({ text: "Exposición de motivos", heading: HeadingLevel.HEADING_1 }));
      preambleOpen = true;
      out.push(new Paragraph({ children: runsOf(c.runs, c.text) }));
    } else if (c.kind === "chapter") {
      out.push(headingOf(c, HeadingLevel.HEADING_1));
      for (const child of c.children) {
        if (child.kind === "section") {
          out.push(headingOf(child, HeadingLevel.HEADING_2));
          for (const art of child.children) article(art, out);
        } else if (child.kind === "article") {
          article(child, out);
        }
      }
    } else if (c.kind === "article") {
      article(c, out);
    } else if (c.kind === "budget") {
      budget(c, out);
    }
  }
  return Packer.toBuffer(new Document({ creator: "Redacta", title: input.title, sections: [{ children: out }] }));
}
