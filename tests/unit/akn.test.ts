import { readFileSync } from "node:fs";
import { validateXML } from "xmllint-wasm";
import { describe, expect, it } from "vitest";
import { clauseTree } from "../../collab/schema/clauses";
import { budgetDocument, BUDGET } from "../../db/seed/content/budget";
import { ordinanceDocument, ORDINANCE } from "../../db/seed/content/ordinance";
import { editRegulation, generateRegulation } from "../../bench/lib/generate-regulation";
import { toAkomaNtoso, type AknInput } from "../../server/services/documents/akn";
import { contentHash } from "../../server/services/documents/content-hash";
import type { Node as PMNode } from "prosemirror-model";

const AKN_DIR = new URL("../../../shared/schemas/akn/", import.meta.url);
const schema = { fileName: "akomantoso30.xsd", contents: readFileSync(new URL("akomantoso30.xsd", AKN_DIR), "utf8") };
const xmlXsd = { fileName: "xml.xsd", contents: readFileSync(new URL("xml.xsd", AKN_DIR), "utf8") };

/** Validates against the OASIS Akoma Ntoso 3.0 schema; returns the error messages (empty when valid). */
async function validate(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: "doc.xml", contents: xml }], schema: [schema], preload: [xmlXsd] });
  return result.errors.map((e) => e.rawMessage);
}

function input(kind: AknInput["kind"], slug: string, title: string, doc: PMNode, versionNumber = 1): AknInput {
  return { kind, slug, title, versionNumber, publishedAt: new Date("2026-05-04T10:00:00Z"), contentHash: contentHash(doc), tree: clauseTree(doc) };
}

describe("Akoma Ntoso export", () => {
  it("the demo ordinance validates against akomantoso30.xsd", async () => {
    const xml = toAkomaNtoso(input("regulation", ORDINANCE.slug, ORDINANCE.title, ordinanceDocument()));
    expect(xml).toContain("<act ");
    expect(await validate(xml)).toEqual([]);
  }, 60_000);

  it("the demo budget validates against akomantoso30.xsd", async () => {
    const xml = toAkomaNtoso(input("budget", BUDGET.slug, BUDGET.title, budgetDocument()));
    expect(xml).toContain('<doc name="budget">');
    expect(await validate(xml)).toEqual([]);
  }, 60_000);

  it("eIds come from stable clause ids and survive a new version", async () => {
    const v1 = generateRegulation({ seed: 7, articles: 12 });
    const v2 = editRegulation(v1, { seed: 8 });
    const ids = (xml: string) => new Set([...xml.matchAll(/eId="(art_[^"]+)"/g)].map((m) => m[1]));
    const x1 = toAkomaNtoso(input("regulation", "x", "X", v1));
    const x2 = toAkomaNtoso(input("regulation", "x", "X", v2, 2));
    const kept = [...ids(x1)].filter((id) => ids(x2).has(id));
    expect(kept.length).toBeGreaterThan(5);
    expect(x2).toContain('<FRBRversionNumber value="2"/>');
    expect(await validate(x2)).toEqual([]);
  }, 60_000);

  it("escapes markup in the text", () => {
    const doc = generateRegulation({ seed: 1, articles: 1 });
    const xml = toAkomaNtoso({ ...input("regulation", "x", "<script>&", doc) });
    expect(xml).toContain("&lt;script&gt;&amp;");
  });
});
