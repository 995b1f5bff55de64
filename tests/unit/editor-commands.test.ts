import type { Node as PMNode } from "prosemirror-model";
import { EditorState, TextSelection, type Command } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { buildBudget, buildRegulation, documentSchema as s } from "../../collab/schema";
import { findClauseIdProblems, uniqueClauseIds } from "../../collab/schema/unique-clause-ids";
import {
  addArticle,
  addChapter,
  addListItem,
  addParagraph,
  joinBackward,
  setBudgetLine,
  splitBlock,
  toggleMark,
} from "../../app/editor/commands";

function regulation(): PMNode {
  return buildRegulation({
    title: "Ordenanza",
    chapters: [
      { heading: "General", articles: [{ heading: "Objeto", paragraphs: ["Uno.", "Dos."] }, { heading: "Ámbito", paragraphs: ["Tres."] }] },
    ],
  });
}

/** State with the cursor inside the first node whose text is `text`, `offset` characters in. */
function stateAt(doc: PMNode, text: string, offset = 0): EditorState {
  let pos = -1;
  doc.descendants((node, p) => {
    if (pos < 0 && node.isTextblock && node.textContent === text) pos = p + 1 + offset;
    return pos < 0;
  });
  if (pos < 0) throw new Error(`no textblock "${text}"`);
  return EditorState.create({ doc, plugins: [uniqueClauseIds()], selection: TextSelection.create(doc, pos) });
}

/** Runs a command as the view would (appendTransaction included); throws if it does not apply. */
function run(state: EditorState, command: Command): EditorState {
  let next: EditorState | null = null;
  const applied = command(state, (tr) => {
    next = state.applyTransaction(tr).state;
  });
  if (!applied || !next) throw new Error("command did not apply");
  return next;
}

const headings = (doc: PMNode) => {
  const out: string[] = [];
  doc.descendants((n) => {
    if (n.type.name === "heading") out.push(n.textContent);
    return true;
  });
  return out;
};

describe("editor commands", () => {
  it("adds an article after the current one, cursor in its heading, with fresh ids", () => {
    const state = run(stateAt(regulation(), "Dos."), addArticle);
    const typed = state.apply(state.tr.insertText("Nuevo"));
    expect(headings(typed.doc)).toEqual(["General", "Objeto", "Nuevo", "Ámbito"]);
    expect(findClauseIdProblems(typed.doc)).toEqual([]);
  });

  it("adds a paragraph after the current block and a list item after the current item", () => {
    const withPara = run(stateAt(regulation(), "Uno."), addParagraph);
    const article = withPara.doc.child(1).child(1);
    expect(article.childCount).toBe(4);
    expect(article.child(2).type.name).toBe("paragraph");
    expect(article.child(2).textContent).toBe("");
    const withList = run(withPara, addListItem);
    const list = withList.doc.child(1).child(1).child(3);
    expect(list.type.name).toBe("list");
    const withItem = run(withList, addListItem);
    expect(withItem.doc.child(1).child(1).child(3).childCount).toBe(2);
    expect(findClauseIdProblems(withItem.doc)).toEqual([]);
  });

  it("adds a chapter (with a first article) after the current chapter", () => {
    const state = run(stateAt(regulation(), "Tres."), addChapter);
    expect(state.doc.childCount).toBe(3);
    expect(state.doc.child(2).type.name).toBe("chapter");
    expect(state.doc.child(2).child(1).type.name).toBe("article");
    expect(state.selection.$from.parent.type.name).toBe("heading");
  });

  it("is unavailable where the schema has no place for it", () => {
    const inTitle = stateAt(regulation(), "Ordenanza");
    expect(addArticle(inTitle)).toBe(false);
    expect(addParagraph(inTitle)).toBe(false);
    expect(addListItem(stateAt(regulation(), "Objeto"))).toBe(false);
  });

  it("splits a paragraph into a new clause, and Enter at the end of a heading starts a paragraph", () => {
    const before = regulation();
    const split = run(stateAt(before, "Uno.", 2), splitBlock);
    const article = split.doc.child(1).child(1);
    expect(article.child(1).textContent).toBe("Un");
    expect(article.child(2).textContent).toBe("o.");
    expect(article.child(1).attrs.id).toBe(before.child(1).child(1).child(1).attrs.id);
    expect(article.child(2).attrs.id).not.toBe(article.child(1).attrs.id);
    const fromHeading = run(stateAt(regulation(), "Objeto", 6), splitBlock);
    expect(fromHeading.doc.child(1).child(1).child(1).type.name).toBe("paragraph");
    expect(fromHeading.doc.child(1).child(1).child(1).textContent).toBe("");
    // Mid-heading: the rest becomes the first paragraph (an article has one heading).
    const midHeading = run(stateAt(regulation(), "Objeto", 3), splitBlock);
    expect(midHeading.doc.child(1).child(1).child(0).textContent).toBe("Obj");
    expect(midHeading.doc.child(1).child(1).child(1).textContent).toBe("eto");
    expect(splitBlock(stateAt(regulation(), "Ordenanza", 3))).toBe(false);
  });

  it("splitting a budget line starts a line with no code and no amount", () => {
    const doc = buildBudget({
      title: "P",
      totalCents: 500,
      districts: [{ name: "Centro", totalCents: 500, lines: [{ code: "C-1", programme: "1532", description: "Aceras nuevas", amountCents: 500 }] }],
    });
    const state = run(stateAt(doc, "Aceras nuevas", 6), splitBlock);
    const district = state.doc.child(1).child(0);
    expect(district.childCount).toBe(2);
    expect(district.child(1).attrs).toMatchObject({ code: "", programme: "", amountCents: 0 });
    expect(district.child(0).attrs).toMatchObject({ code: "C-1", amountCents: 500 });
    const edited = run(state, setBudgetLine(state.doc.resolve(state.selection.from).before(), { code: "C-2", programme: "1710", amountCents: 250 }));
    expect(edited.doc.child(1).child(0).child(1).attrs).toMatchObject({ code: "C-2", programme: "1710", amountCents: 250 });
    expect(findClauseIdProblems(edited.doc)).toEqual([]);
  });

  it("Backspace at the start of a paragraph joins it to the previous one", () => {
    const state = run(stateAt(regulation(), "Dos."), joinBackward);
    expect(state.doc.child(1).child(1).child(1).textContent).toBe("Uno.Dos.");
    expect(findClauseIdProblems(state.doc)).toEqual([]);
  });

  it("marks apply to paragraphs but not headings", () => {
    const inHeading = stateAt(regulation(), "Objeto", 2);
    expect(toggleMark(s.marks.strong)(inHeading)).toBe(false);
    const base = stateAt(regulation(), "Uno.");
    const selected = base.apply(base.tr.setSelection(TextSelection.create(base.doc, base.selection.from, base.selection.from + 3)));
    const bold = run(selected, toggleMark(s.marks.strong));
    expect(bold.doc.child(1).child(1).child(1).firstChild?.marks.map((m) => m.type.name)).toEqual(["strong"]);
    const plain = run(bold, toggleMark(s.marks.strong));
    expect(plain.doc.child(1).child(1).child(1).firstChild?.marks).toEqual([]);
  });
});
