import { describe, expect, it } from "vitest";
import { clauseTree, type Clause } from "../../../collab/schema/clauses";
import { CLAUSE_NODE_TYPES, documentSchema, isClauseId } from "../../../collab/schema";
import { classifyLine } from "../../../server/services/documents/import/classify-line";
import { ImportError } from "../../../server/services/documents/import/import-error";
import { parseRegulation } from "../../../server/services/documents/import/parse-regulation";
import { markdownLines } from "../../../server/services/documents/import/source-line";

/** A compact outline of a clause tree: "label|heading" with children, paragraphs as "¶text". */
function outline(clauses: Clause[]): unknown[] {
  return clauses.map((c) => {
    if (c.kind === "paragraph" || c.kind === "list_item") return `${c.label} ${c.text}`;
    if (c.kind === "list") return outline(c.children);
    return { [`${c.label}${c.heading ? `. ${c.heading}` : ""}`]: outline(c.children) };
  });
}

const parse = (source: string) => outline(clauseTree(parseRegulation(markdownLines(source))));

function errorOf(source: string): ImportError {
  try {
    parseRegulation(markdownLines(source));
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error("expected an ImportError");
}

describe("classifyLine", () => {
  const line = (text: string, headingLevel: number | null = null) => ({ text, location: { unit: "line" as const, number: 1 }, headingLevel, cells: null });
  it.each([
    ["Capítulo II. Circulación", { kind: "chapter", heading: "Circulación" }],
    ["CAPÍTULO II", { kind: "chapter", heading: "" }],
    ["Capítulo preliminar. Disposiciones generales", { kind: "chapter", heading: "Disposiciones generales" }],
    ["Capitulo 3 - Aparcamiento", { kind: "chapter", heading: "Aparcamiento" }],
    ["Sección 1.ª Zonas de bajas emisiones", { kind: "section", heading: "Zonas de bajas emisiones" }],
    ["Sección 2ª. Carga y descarga", { kind: "section", heading: "Carga y descarga" }],
    ["Sección primera", { kind: "section", heading: "" }],
    ["Artículo 7. Objeto", { kind: "article", type: "article", heading: "Objeto", raw: "Objeto" }],
    ["Art. 7.- Objeto.", { kind: "article", type: "article", heading: "Objeto", raw: "Objeto." }],
    ["ARTÍCULO 12 bis. Patinetes", { kind: "article", type: "article", heading: "Patinetes", raw: "Patinetes" }],
    ["Artículo 1º. Ámbito", { kind: "article", type: "article", heading: "Ámbito", raw: "Ámbito" }],
    ["Artículo único. Modificación", { kind: "article", type: "article", heading: "Modificación", raw: "Modificación" }],
    ["Disposición adicional primera. Evaluación", { kind: "article", type: "additional", heading: "Evaluación", raw: "Evaluación" }],
    ["Disposición transitoria segunda", { kind: "article", type: "transitional", heading: "", raw: "" }],
    ["Disposición derogatoria única.", { kind: "article", type: "derogatory", heading: "", raw: "" }],
    ["Disposición final. Entrada en vigor", { kind: "article", type: "final", heading: "Entrada en vigor", raw: "Entrada en vigor" }],
    ["Exposición de motivos", { kind: "preamble" }],
    ["PREÁMBULO", { kind: "preamble" }],
    ["1. Esta ordenanza regula", { kind: "paragraph", text: "Esta ordenanza regula" }],
    ["a) Los peatones.", { kind: "item", ordered: true, text: "Los peatones." }],
    ["- Bicicletas", { kind: "item", ordered: false, text: "Bicicletas" }],
    ["Artículos de consumo", { kind: "text", text: "Artículos de consumo" }],
    ["Capitulación", { kind: "text", text: "Capitulación" }],
    ["", { kind: "blank" }],
  ])("%s", (text, expected) => {
    expect(classifyLine(line(text))).toEqual(expected);
  });

  it("keeps keyword-less Markdown headings as headings", () => {
    expect(classifyLine(line("Ordenanza", 1))).toEqual({ kind: "heading", level: 1, text: "Ordenanza" });
    expect(classifyLine(line("Artículo 3. Objeto", 3))).toMatchObject({ kind: "article", heading: "Objeto" });
  });
});

describe("parseRegulation", () => {
  it.each([
    [
      "chapters with title on the same line, numbered paragraphs and lists",
      "Ordenanza\nCapítulo I. General\nArtículo 1. Objeto\n1. Regula.\n2. Incluye:\na) Uno.\nb) Dos.\n",
      [{ "Capítulo I. General": [{ "Artículo 1. Objeto": ["1.1 Regula.", "1.2 Incluye:", ["a) Uno.", "b) Dos."]] }] }],
    ],
    [
      "CAPÍTULO II with its title on the next line; numbers in the source are ignored",
      "Ordenanza\n\nCAPÍTULO IV\nCirculación\n\nArtículo 9. Velocidad\nTexto.\n",
      [{ "Capítulo I. Circulación": [{ "Artículo 1. Velocidad": ["1.1 Texto."] }] }],
    ],
    [
      "Markdown headings, preamble, sections and provisions",
      "# Ordenanza\n\n## Exposición de motivos\n\nMotivo uno.\n\nMotivo dos.\n\n## Capítulo I. General\n\n### Sección 1.ª Calles\n\n#### Artículo 1. Objeto\n\nTexto.\n\n## Disposición adicional primera. Evaluación\n\nSe evalúa.\n\n## Disposición final única. Vigor\n\nEntra en vigor.\n",
      [
        "Preámbulo, párrafo 1 Motivo uno.",
        "Preámbulo, párrafo 2 Motivo dos.",
        { "Capítulo I. General": [{ "Sección 1.ª. Calles": [{ "Artículo 1. Objeto": ["1.1 Texto."] }] }] },
        { "Disposición adicional única. Evaluación": ["1 Se evalúa."] },
        { "Disposición final única. Vigor": ["1 Entra en vigor."] },
      ],
    ],
    [
      "articles without chapters and a one-line derogatory provision",
      "Reglamento\nArt. 1.- Objeto\nRegula.\nArt. 2.- Ámbito\nTodo.\nDisposición derogatoria única. Queda derogada la ordenanza de 1999.\n",
      [
        { "Artículo 1. Objeto": ["1.1 Regula."] },
        { "Artículo 2. Ámbito": ["2.1 Todo."] },
        { "Disposición derogatoria única": ["1 Queda derogada la ordenanza de 1999."] },
      ],
    ],
  ])("%s", (_name, source, expected) => {
    expect(parse(source)).toEqual(expected);
  });

  it("gives every clause a fresh, unique, well-formed id", () => {
    const doc = parseRegulation(markdownLines("T\nCapítulo I. A\nArtículo 1. B\n1. x\na) y\n"));
    const ids: string[] = [];
    doc.descendants((node) => {
      if (CLAUSE_NODE_TYPES.has(node.type.name)) ids.push(String(node.attrs.id));
    });
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.every(isClauseId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ["text in a chapter before any article", "T\nCapítulo I. A\nTexto suelto\n", "expected_article_in_chapter", 3],
    ["a chapter with no article", "T\nCapítulo I. A\nCapítulo II. B\nArtículo 1. X\nY\n", "chapter_empty", 2],
    ["a section outside a chapter", "T\nSección 1.ª A\n", "section_outside_chapter", 2],
    ["an article without text", "T\nArtículo 1. A\nArtículo 2. B\nTexto\n", "article_empty", 2],
    ["an article after the provisions", "T\nArtículo 1. A\nX\nDisposición final primera. B\nY\nArtículo 2. C\nZ\n", "article_after_provisions", 6],
    ["a chapter after the provisions", "T\nDisposición adicional primera. B\nY\nCapítulo I. C\n", "chapter_after_provisions", 4],
    ["an unknown heading", "# T\n## Anexo\n", "unknown_heading", 2],
    ["no articles at all", "T\nsolo texto\n", "no_articles", 2],
    ["structure before a title", "Artículo 1. A\nX\n", "missing_title", 1],
    ["a preamble after the articles", "T\nArtículo 1. A\nX\nPreámbulo\n", "preamble_misplaced", 4],
  ])("refuses %s, naming the line", (_name, source, code, line) => {
    const error = errorOf(source);
    expect(error.code).toBe(code);
    expect(error.location).toEqual({ unit: "line", number: line });
  });

  it("refuses an empty file", () => {
    expect(errorOf("\n\n  \n").code).toBe("empty_document");
  });

  it("produces documents the schema accepts", () => {
    const doc = parseRegulation(markdownLines("T\nArtículo 1. A\n| a | b |\n|---|---|\n| 1 | 2 |\n"));
    expect(() => documentSchema.nodeFromJSON(doc.toJSON()).check()).not.toThrow();
  });
});
