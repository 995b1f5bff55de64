import { EditorState, TextSelection } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { buildRegulation, documentSchema as s, isClauseId } from "../../collab/schema";
import { findClauseIdProblems, uniqueClauseIds } from "../../collab/schema/unique-clause-ids";

function sampleDoc() {
  return buildRegulation({
    title: "Ordenanza de prueba",
    chapters: [{ heading: "General", articles: [{ heading: "Objeto", paragraphs: ["Primer párrafo del objeto.", ["uno", "dos"]] }] }],
  });
}

function stateOf(doc = sampleDoc()) {
  return EditorState.create({ doc, plugins: [uniqueClauseIds()] });
}

/** Position inside the first paragraph's text, `offset` characters in. */
function insideFirstParagraph(doc: ReturnType<typeof sampleDoc>, offset: number): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found < 0 && node.type.name === "paragraph") found = pos + 1 + offset;
    return found < 0;
  });
  return found;
}

function idsOf(doc: ReturnType<typeof sampleDoc>, type: string): string[] {
  const ids: string[] = [];
  doc.descendants((node) => {
    if (node.type.name === type) ids.push(node.attrs.id as string);
    return true;
  });
  return ids;
}

describe("uniqueClauseIds plugin", () => {
  it("gives the second half of a split paragraph a new id and keeps the first half's", () => {
    const state = stateOf();
    const [original] = idsOf(state.doc, "paragraph");
    const tr = state.tr.split(insideFirstParagraph(state.doc, 6));
    // The raw split copies the attributes, id included; the plugin's appended step fixes it.
    expect(idsOf(tr.doc, "paragraph")).toEqual([original, original]);
    const { state: fixed } = state.applyTransaction(tr);
    const ids = idsOf(fixed.doc, "paragraph");
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(original);
    expect(ids[1]).not.toBe(original);
    expect(isClauseId(ids[1])).toBe(true);
    expect(findClauseIdProblems(fixed.doc)).toEqual([]);
  });

  it("assigns ids to inserted clauses that have none", () => {
    const state = stateOf();
    const end = insideFirstParagraph(state.doc, "Primer párrafo del objeto.".length) + 1;
    const tr = state.tr.insert(end, s.nodes.paragraph.create(null, s.text("Nuevo")));
    const { state: fixed } = state.applyTransaction(tr);
    const ids = idsOf(fixed.doc, "paragraph");
    expect(ids).toHaveLength(2);
    expect(ids.every(isClauseId)).toBe(true);
    expect(new Set(ids).size).toBe(2);
  });

  it("replaces duplicated ids from a paste of a whole article, keeping the originals", () => {
    const state = stateOf();
    const article = state.doc.child(1).child(1);
    // Just inside the chapter's closing token.
    const chapterEnd = state.doc.child(0).nodeSize + state.doc.child(1).nodeSize - 1;
    const before = idsOf(state.doc, "article").concat(idsOf(state.doc, "list_item"));
    const { state: fixed } = state.applyTransaction(state.tr.insert(chapterEnd, article.copy(article.content)));
    expect(findClauseIdProblems(fixed.doc)).toEqual([]);
    const after = idsOf(fixed.doc, "article").concat(idsOf(fixed.doc, "list_item"));
    expect(after).toHaveLength(before.length * 2);
    // The first occurrences (the original article) keep every id.
    expect(idsOf(fixed.doc, "article")[0]).toBe(idsOf(state.doc, "article")[0]);
    expect(new Set(after).size).toBe(after.length);
  });

  it("replaces malformed ids", () => {
    const state = stateOf();
    const pos = insideFirstParagraph(state.doc, 0) - 1;
    const tr = state.tr.setNodeAttribute(pos, "id", "<script>");
    expect(findClauseIdProblems(tr.doc).map((p) => p.reason)).toEqual(["malformed"]);
    const { state: fixed } = state.applyTransaction(tr);
    expect(isClauseId(fixed.doc.nodeAt(pos)?.attrs.id)).toBe(true);
  });

  it("appends nothing when ids are already fine, and nothing for selection-only changes", () => {
    const state = stateOf();
    const typed = state.applyTransaction(state.tr.insertText("x", insideFirstParagraph(state.doc, 2)));
    expect(typed.transactions).toHaveLength(1);
    const moved = state.applyTransaction(state.tr.setSelection(TextSelection.create(state.doc, insideFirstParagraph(state.doc, 3))));
    expect(moved.transactions).toHaveLength(1);
  });

  it("uses the injected random source and never collides with an existing id", () => {
    let calls = 0;
    // The first candidate repeats an existing id; the plugin must draw again.
    const state = stateOf();
    const existing = idsOf(state.doc, "paragraph")[0] ?? "";
    const alphabet = "23456789abcdefghijkmnpqrstuvwxyz";
    const bytesOf = (id: string) => Uint8Array.from([...id].map((c) => alphabet.indexOf(c)));
    const random = () => (calls++ === 0 ? bytesOf(existing) : bytesOf("zzzzzzzzzz"));
    const withRandom = EditorState.create({ doc: state.doc, plugins: [uniqueClauseIds(random)] });
    const { state: fixed } = withRandom.applyTransaction(withRandom.tr.split(insideFirstParagraph(state.doc, 3)));
    expect(idsOf(fixed.doc, "paragraph")).toEqual([existing, "zzzzzzzzzz"]);
  });
});
