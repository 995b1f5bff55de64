import { Document, Packer, Paragraph, HeadingLevel, Table, TableRow, TableCell, TextRun } from "docx";
import type { Node as PMNode } from "prosemirror-model";
import { clauseTree, documentTitle, type Clause } from "../../collab/schema/clauses";

/**
 * Writes a document of the shared schema as a Word file the way a council clerk would type it:
 * "Capítulo I. Título", "Artículo 3. Objeto", numbered paragraphs "1. …", list items "a) …",
 * "Disposición final primera. …", headings in Word heading styles. Used by tests to build the
 * DOCX fixture of the demo ordinance from the seed, so fixture and seed never drift apart.
 */
export async function documentToDocx(doc: PMNode): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [new Paragraph({ text: documentTitle(doc), heading: HeadingLevel.TITLE })];
  let preambleOpen = false;
  const walk = (clause: Clause) => {
    switch (clause.kind) {
      case "paragraph":
        if (clause.preamble) {
          if (!preambleOpen) children.push(new Paragraph({ text: "Exposición de motivos", heading: HeadingLevel.HEADING_1 }));
          preambleOpen = true;
          children.push(new Paragraph({ children: [new TextRun(clause.text)] }));
        } else {
          // "12.2" → "2. …": the clerk numbers paragraphs within the article.
          children.push(new Paragraph({ children: [new TextRun(`${clause.number.split(".").at(-1) ?? clause.number}. ${clause.text}`)] }));
        }
        return;
      case "list_item":
        children.push(new Paragraph({ children: [new TextRun(`${clause.number} ${clause.text}`)] }));
        return;
      case "table":
        children.push(
          new Table({
            rows: (clause.rows ?? []).map(
              (row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell.runs.map((r) => ("text" in r ? r.text : " ")).join(""))] })) }),
            ),
          }),
        );
        return;
      case "chapter":
      case "section":
      case "article": {
        const heading = clause.kind === "chapter" ? HeadingLevel.HEADING_1 : clause.kind === "section" ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3;
        children.push(new Paragraph({ text: clause.heading ? `${clause.label}. ${clause.heading}` : clause.label, heading }));
        clause.children.forEach(walk);
        return;
      }
      default:
        clause.children.forEach(walk);
    }
  };
  clauseTree(doc).forEach(walk);
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}
