import { describe, expect, it } from "vitest";
import { buildBudget, buildRegulation } from "../../collab/schema";
import { InvalidDraftError, MAX_DRAFT_BYTES, parseDraftContent } from "../../server/services/documents/save-draft";

function regulationJson() {
  return buildRegulation({
    title: "Ordenanza",
    chapters: [{ heading: "General", articles: [{ heading: "Objeto", paragraphs: ["Uno.", "Dos."] }] }],
  }).toJSON() as Record<string, unknown>;
}

function reasonOf(raw: string, kind: "regulation" | "budget" = "regulation"): string {
  try {
    parseDraftContent(raw, kind);
  } catch (error) {
    if (error instanceof InvalidDraftError) return error.reason;
    throw error;
  }
  return "valid";
}

/** Mutable walk over node JSON, for building broken documents. */
type NodeJson = { type: string; attrs?: Record<string, unknown>; content?: NodeJson[]; text?: string; marks?: unknown[] };

function findAll(node: NodeJson, type: string, out: NodeJson[] = []): NodeJson[] {
  if (node.type === type) out.push(node);
  for (const child of node.content ?? []) findAll(child, type, out);
  return out;
}

describe("parseDraftContent", () => {
  it("accepts a valid regulation and returns the canonical document", () => {
    const doc = parseDraftContent(JSON.stringify(regulationJson()), "regulation");
    expect(doc.type.name).toBe("doc");
    expect(doc.textContent).toContain("Objeto");
  });

  it("refuses malformed JSON", () => {
    expect(reasonOf("{not json")).toBe("malformedJson");
    expect(reasonOf("")).toBe("malformedJson");
  });

  it("refuses JSON that is not a document of the shared schema", () => {
    expect(reasonOf("[]")).toBe("wrongSchema");
    expect(reasonOf('"doc"')).toBe("wrongSchema");
    expect(reasonOf(JSON.stringify({ type: "doc", content: [{ type: "script", text: "x" }] }))).toBe("wrongSchema");
    expect(reasonOf(JSON.stringify({ type: "paragraph", content: [] }))).toBe("wrongSchema");
    // Valid node types in an invalid order: check() catches it.
    expect(reasonOf(JSON.stringify({ type: "doc", content: [{ type: "paragraph", attrs: { id: "abcdefghij" } }] }))).toBe("wrongSchema");
    const json = regulationJson() as NodeJson;
    const heading = findAll(json, "heading")[0];
    if (!heading) throw new Error("no heading");
    // Headings allow no marks.
    heading.content = [{ type: "text", text: "Objeto", marks: [{ type: "strong" }] }];
    expect(reasonOf(JSON.stringify(json))).toBe("wrongSchema");
    const withUnknownMark = regulationJson() as NodeJson;
    const para = findAll(withUnknownMark, "paragraph")[0];
    if (!para) throw new Error("no paragraph");
    para.content = [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }];
    expect(reasonOf(JSON.stringify(withUnknownMark))).toBe("wrongSchema");
  });

  it("refuses hostile nesting without overflowing the stack", () => {
    let deep = '{"type":"text","text":"x"}';
    for (let i = 0; i < 5000; i++) deep = `{"type":"paragraph","content":[${deep}]}`;
    expect(reasonOf(deep)).toBe("wrongSchema");
  });

  it("refuses duplicate, missing and malformed clause ids", () => {
    const dup = regulationJson() as NodeJson;
    const [first, second] = findAll(dup, "paragraph");
    if (!first?.attrs || !second?.attrs) throw new Error("no paragraphs");
    second.attrs.id = first.attrs.id;
    expect(reasonOf(JSON.stringify(dup))).toBe("invalidIds");

    const missing = regulationJson() as NodeJson;
    const art = findAll(missing, "article")[0];
    if (!art?.attrs) throw new Error("no article");
    art.attrs.id = null;
    expect(reasonOf(JSON.stringify(missing))).toBe("invalidIds");

    const malformed = regulationJson() as NodeJson;
    const p = findAll(malformed, "paragraph")[0];
    if (!p?.attrs) throw new Error("no paragraph");
    p.attrs.id = '"><img src=x onerror=alert(1)>';
    expect(reasonOf(JSON.stringify(malformed))).toBe("invalidIds");
  });

  it("keeps markup-looking text as plain text", () => {
    const json = regulationJson() as NodeJson;
    const p = findAll(json, "paragraph")[0];
    if (!p) throw new Error("no paragraph");
    const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    p.content = [{ type: "text", text: hostile }];
    const doc = parseDraftContent(JSON.stringify(json), "regulation");
    let found = false;
    doc.descendants((node) => {
      if (node.isText && node.text === hostile) found = true;
      return true;
    });
    expect(found).toBe(true);
    expect(JSON.stringify(doc.toJSON())).toContain(JSON.stringify(hostile).slice(1, -1));
  });

  it("refuses attributes the schema cannot enforce", () => {
    const json = regulationJson() as NodeJson;
    const art = findAll(json, "article")[0];
    if (!art?.attrs) throw new Error("no article");
    art.attrs.type = "<b>";
    expect(reasonOf(JSON.stringify(json))).toBe("invalidAttrs");
    const budget = buildBudget({
      title: "Presupuesto",
      totalCents: 100,
      districts: [{ name: "Centro", totalCents: 100, lines: [{ code: "1", programme: "P", description: "D", amountCents: 100 }] }],
    }).toJSON() as NodeJson;
    const line = findAll(budget, "budget_line")[0];
    if (!line?.attrs) throw new Error("no line");
    line.attrs.amountCents = -5;
    expect(reasonOf(JSON.stringify(budget), "budget")).toBe("invalidAttrs");
    line.attrs.amountCents = "100";
    expect(reasonOf(JSON.stringify(budget), "budget")).toBe("invalidAttrs");
  });

  it("refuses a document of the other kind", () => {
    expect(reasonOf(JSON.stringify(regulationJson()), "budget")).toBe("wrongKind");
    const budget = buildBudget({ title: "P", totalCents: 0, districts: [{ name: "C", totalCents: 0, lines: [{ code: "", programme: "", description: "", amountCents: 0 }] }] });
    expect(reasonOf(JSON.stringify(budget.toJSON()), "regulation")).toBe("wrongKind");
  });

  it("refuses documents above the body limit", () => {
    const json = regulationJson() as NodeJson;
    const p = findAll(json, "paragraph")[0];
    if (!p) throw new Error("no paragraph");
    p.content = [{ type: "text", text: "x".repeat(MAX_DRAFT_BYTES) }];
    expect(reasonOf(JSON.stringify(json))).toBe("tooLarge");
  });
});
