import { describe, expect, it } from "vitest";
import { editRegulation, generateRegulation, seededRandom } from "../../../bench/lib/generate-regulation";
import { buildRegulation } from "../../../collab/schema/outline";
import { documentSchema } from "../../../collab/schema/document-schema";
import { contentHash, canonicalJson } from "./content-hash";
import { diffDocuments, isChange, newTextOf, oldTextOf, wordDiff } from "./diff";

function reorderedCopy(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json)) as unknown;
}

describe("contentHash", () => {
  it("is stable across key order and changes with content", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    const doc = generateRegulation({ seed: 3, articles: 5 });
    expect(contentHash(doc)).toBe(contentHash(reorderedCopy(doc.toJSON())));
    expect(contentHash(doc)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contentHash(editRegulation(doc, { seed: 4, editShare: 1 }))).not.toBe(contentHash(doc));
  });
});

describe("wordDiff", () => {
  it("marks inserted and deleted words", () => {
    const parts = wordDiff("El plazo es de diez días.", "El plazo es de quince días hábiles.");
    expect(parts.filter((p) => p.type === "delete").map((p) => p.text.trim())).toContain("diez");
    expect(parts.filter((p) => p.type === "insert").map((p) => p.text).join("")).toContain("quince");
  });
});

describe("diffDocuments", () => {
  const outline = {
    title: "Ordenanza",
    chapters: [
      {
        heading: "General",
        articles: [
          { heading: "Objeto", paragraphs: ["Regula el uso de las vías."] },
          { heading: "Ámbito", paragraphs: ["Se aplica en el municipio."] },
          { heading: "Definiciones", paragraphs: ["Se entiende por vía la calle."] },
          { heading: "Vigencia", paragraphs: ["Entra en vigor al día siguiente."] },
        ],
      },
    ],
  };

  it("reports nothing for identical versions", () => {
    const doc = buildRegulation(outline);
    const diff = diffDocuments(doc, doc);
    expect(diff.clauses.filter(isChange)).toEqual([]);
    expect(diff.summary).toMatchObject({ added: 0, removed: 0, modified: 0, moved: 0, renumbered: 0 });
  });

  it("finds modified, added, removed, moved and renumbered clauses", () => {
    const v1 = buildRegulation(outline);
    const json = v1.toJSON() as { content: Array<{ type: string; content: Array<Record<string, unknown>> }> };
    const chapter = json.content.find((n) => n.type === "chapter");
    if (!chapter) throw new Error("no chapter");
    const [heading, a1, a2, a3, a4] = chapter.content;
    const fresh = buildRegulation({ title: "x", chapters: [{ heading: "x", articles: [{ heading: "Nuevo", paragraphs: ["Texto nuevo."] }] }] }).toJSON() as typeof json;
    const added = fresh.content.find((n) => n.type === "chapter")?.content[1];
    // v2: a4 moved to the front, a2 removed, a new article appended, a1's paragraph reworded.
    const a1Copy = JSON.parse(JSON.stringify(a1)) as { content: Array<{ type: string; content?: Array<{ text: string }> }> };
    const para = a1Copy.content[1]?.content?.[0];
    if (para) para.text = "Regula el uso de las vías públicas.";
    chapter.content = [heading, a4, a1Copy, a3, added].filter((n): n is Record<string, unknown> => n !== undefined);
    const v2 = documentSchema.nodeFromJSON(json);
    const diff = diffDocuments(v1, v2);
    const byId = new Map(diff.clauses.map((c) => [c.id, c]));
    const id = (n: unknown) => (n as { attrs: { id: string } }).attrs.id;
    expect(byId.get(id(a2))?.status).toBe("removed");
    expect(byId.get(id(added))?.status).toBe("added");
    expect(byId.get(id(a4))?.moved).toBe(true);
    expect(byId.get(id(a3))?.moved).toBe(false);
    expect(byId.get(id(a1))?.moved).toBe(false);
    expect(byId.get(id(a1))?.renumbered).toBe(true);
    const modifiedPara = diff.clauses.find((c) => c.status === "modified");
    expect(modifiedPara?.kind).toBe("paragraph");
    expect(modifiedPara?.textParts?.filter((p) => p.type === "insert").map((p) => p.text.trim())).toEqual(["públicas"]);
    expect(diff.summary).toMatchObject({ added: 2, removed: 2, modified: 1, moved: 1 });
  });

  it("property: diff(a, a) is empty; parts rebuild old and new text; deterministic", () => {
    const rand = seededRandom(99);
    for (let run = 0; run < 20; run++) {
      const seed = Math.floor(rand() * 1e9);
      const a = generateRegulation({ seed, articles: 20 });
      expect(diffDocuments(a, a).clauses.filter(isChange)).toEqual([]);
      const b = editRegulation(a, { seed: seed + 1, editShare: 0.4 });
      const diff = diffDocuments(a, b);
      expect(diffDocuments(a, b)).toEqual(diff);
      for (const entry of diff.clauses) {
        if (entry.textParts) {
          expect(oldTextOf(entry.textParts)).toBe(entry.old?.text ?? "");
          expect(newTextOf(entry.textParts)).toBe(entry.new?.text ?? "");
        }
      }
      expect(diff.summary.modified).toBeGreaterThan(0);
      expect(diff.summary.added).toBeGreaterThan(0);
      expect(diff.summary.removed).toBeGreaterThan(0);
    }
  });
});
