import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CLAUSE_NODE_TYPES, documentSchema, isClauseId } from "../../../collab/schema";
import { checkDocxArchive } from "../../../server/services/documents/import/docx-guard";
import { ImportError } from "../../../server/services/documents/import/import-error";
import { parseLines } from "../../../server/services/documents/import/import-document";
import { markdownLines } from "../../../server/services/documents/import/source-line";
import { readZipDirectory, ZipFormatError } from "../../../server/services/documents/import/zip-directory";
import { buildZip } from "../../support/zip";

/** A small deterministic PRNG (mulberry32) so failures reproduce from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = [
  "Ordenanza de prueba",
  "# Ordenanza",
  "## Exposición de motivos",
  "Capítulo I. General",
  "CAPÍTULO II",
  "Circulación",
  "Sección 1.ª Calles",
  "Artículo 1. Objeto",
  "Art. 2.- Ámbito",
  "### Artículo 3. Definiciones",
  "1. Un párrafo numerado.",
  "a) Un elemento.",
  "- Una viñeta.",
  "Texto normal del artículo.",
  "Disposición adicional primera. Evaluación",
  "Disposición derogatoria única. Queda derogada.",
  "Disposición final única. Entrada en vigor",
  "| a | b |",
  "|---|---|",
  "C-01 | 1532 | Centro | Parque | 1.000,00 €",
  "Total distrito | Centro | 1.000,00 €",
  "Total | 1.000,00 €",
  "",
];
const GARBAGE = ["#", "######", "|", "||||", "Artículo", "Capítulo", "Sección", "Disposición", "a)", "1.", "\u0000", "€€€", "**", "\\", "👩‍⚖️ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x".repeat(500), "Art.", "Total distrito | | ", "Total |"];

function randomSource(random: () => number): string {
  const count = Math.floor(random() * 40);
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const pool = random() < 0.75 ? VALID : GARBAGE;
    lines.push(pool[Math.floor(random() * pool.length)] ?? "");
  }
  return lines.join(random() < 0.5 ? "\n" : "\r\n");
}

function expectValidDocument(json: unknown): void {
  const doc = documentSchema.nodeFromJSON(json);
  doc.check();
  const ids: string[] = [];
  doc.descendants((node) => {
    if (CLAUSE_NODE_TYPES.has(node.type.name)) ids.push(String(node.attrs.id));
  });
  expect(ids.every(isClauseId)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
}

describe("parser fuzz", () => {
  it.each(["regulation", "budget"] as const)("random %s sources give a valid document or an ImportError, nothing else", (kind) => {
    const random = prng(kind === "regulation" ? 7 : 11);
    let parsed = 0;
    for (let round = 0; round < 1500; round += 1) {
      const source = randomSource(random);
      try {
        expectValidDocument(parseLines(kind, markdownLines(source)).toJSON());
        parsed += 1;
      } catch (error) {
        if (!(error instanceof ImportError)) throw new Error(`Source ${JSON.stringify(source)} threw ${String(error)}`);
        if (error.location) expect(error.location.number).toBeGreaterThanOrEqual(1);
      }
    }
    // The generator must exercise the success path too, or the test proves little.
    if (kind === "regulation") expect(parsed).toBeGreaterThan(10);
  });
});

describe("readZipDirectory", () => {
  const zip = buildZip([
    { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
    { name: "word/document.xml", data: Buffer.from("<w:document>".repeat(50)) },
  ]);

  it("lists the entries with their declared sizes", () => {
    const entries = readZipDirectory(zip);
    expect(entries.map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([
      ["[Content_Types].xml", 8, 8],
      ["word/document.xml", 8, 600],
    ]);
  });

  it("throws only ZipFormatError on truncated, mutated or random input", () => {
    const random = prng(3);
    const inputs: Uint8Array[] = [new Uint8Array(0), Buffer.from("PK"), Buffer.from("not a zip at all, just text")];
    for (let cut = 0; cut < zip.length; cut += 7) inputs.push(zip.subarray(0, cut));
    for (let i = 0; i < 2000; i += 1) {
      const copy = Uint8Array.from(zip);
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f += 1) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      inputs.push(copy);
    }
    for (let i = 0; i < 300; i += 1) {
      const bytes = new Uint8Array(Math.floor(random() * 200));
      for (let j = 0; j < bytes.length; j += 1) bytes[j] = Math.floor(random() * 256);
      // Sprinkle an end-of-directory signature so the scanner goes past the first check.
      if (bytes.length >= 22 && random() < 0.5) bytes.set([0x50, 0x4b, 0x05, 0x06], bytes.length - 22);
      inputs.push(bytes);
    }
    for (const input of inputs) {
      try {
        for (const entry of readZipDirectory(input)) {
          expect(entry.compressedSize).toBeGreaterThanOrEqual(0);
          expect(entry.uncompressedSize).toBeGreaterThanOrEqual(0);
        }
      } catch (error) {
        if (!(error instanceof ZipFormatError)) throw error;
      }
      try {
        checkDocxArchive(input);
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
      }
    }
  });

  it("refuses a zip bomb by its declared sizes, before inflating anything", () => {
    const bomb = buildZip(Array.from({ length: 60 }, (_, i) => ({ name: `word/media/${i}.xml`, data: Buffer.alloc(1024 * 1024, 0x61) })));
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => checkDocxArchive(bomb)).toThrow(expect.objectContaining({ code: "zip_bomb" }));
  });

  it("refuses an entry that inflates to more than it declares", () => {
    const liar = buildZip([{ name: "word/document.xml", data: Buffer.alloc(2000, 0x61), declaredSize: 100 }]);
    expect(() => checkDocxArchive(liar)).toThrow(expect.objectContaining({ code: "zip_bomb" }));
  });

  it("refuses a zip without word/document.xml", () => {
    const other = buildZip([{ name: "content.xml", data: deflateRawSync(Buffer.from("x")) }]);
    expect(() => checkDocxArchive(other)).toThrow(expect.objectContaining({ code: "no_document_xml" }));
  });
});
