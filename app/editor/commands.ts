import type { ContentMatch, MarkType, Node as PMNode, NodeType, ResolvedPos } from "prosemirror-model";
import { NodeSelection, Selection, TextSelection, type Command, type EditorState } from "prosemirror-state";
import { canSplit } from "prosemirror-transform";
import { documentSchema as s } from "../../collab/schema/document-schema";

/*
 * The editing commands of the draft editor. New clause nodes are created without an id: the
 * uniqueClauseIds plugin gives every clause lacking one (or duplicating one) a fresh id in the
 * same history step, so no command has to remember to.
 */

/** The innermost ancestor of a position with this node type, with its depth and positions. */
export interface Ancestor {
  node: PMNode;
  depth: number;
  /** Position just before the node. */
  before: number;
  /** Position just after the node. */
  after: number;
  /** Position of the node's first child. */
  start: number;
}

/** Finds the innermost ancestor named `name` of `$pos` (the node the cursor is in counts). */
export function ancestor($pos: ResolvedPos, name: string): Ancestor | null {
  for (let depth = $pos.depth; depth > 0; depth--) {
    const node = $pos.node(depth);
    if (node.type.name === name) return { node, depth, before: $pos.before(depth), after: $pos.after(depth), start: $pos.start(depth) };
  }
  return null;
}

function canInsertAt(doc: PMNode, pos: number, type: NodeType): boolean {
  const $pos = doc.resolve(pos);
  const index = $pos.index();
  return $pos.parent.canReplaceWith(index, index, type);
}

/** Inserts `node` at `pos` and puts the cursor at `pos + cursorOffset` (inside the new node). */
function insertNode(pos: number, node: PMNode, cursorOffset: number): Command {
  return (state, dispatch) => {
    if (!canInsertAt(state.doc, pos, node.type)) return false;
    if (dispatch) {
      const tr = state.tr.insert(pos, node);
      tr.setSelection(TextSelection.create(tr.doc, pos + cursorOffset));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

const emptyArticle = (type: unknown) => s.nodes.article.create({ type }, [s.nodes.heading.create(), s.nodes.paragraph.create()]);

/**
 * Adds an empty article after the article holding the cursor (same type: after a provision,
 * another provision), or as the first article of the chapter/section whose heading holds it.
 * The cursor lands in the new article's heading.
 */
export const addArticle: Command = (state, dispatch) => {
  const { $from } = state.selection;
  const art = ancestor($from, "article");
  if (art) return insertNode(art.after, emptyArticle(art.node.attrs.type), 2)(state, dispatch);
  const container = ancestor($from, "section") ?? ancestor($from, "chapter");
  const heading = container?.node.firstChild;
  if (!container || !heading) return false;
  return insertNode(container.start + heading.nodeSize, emptyArticle("article"), 2)(state, dispatch);
};

/** Adds an empty paragraph after the block (paragraph, list, table, heading) holding the cursor, in an article or the preamble. */
export const addParagraph: Command = (state, dispatch) => {
  const { $from } = state.selection;
  const container = ancestor($from, "article") ?? ancestor($from, "preamble");
  if (!container || $from.depth <= container.depth) return false;
  return insertNode($from.after(container.depth + 1), s.nodes.paragraph.create(), 1)(state, dispatch);
};

/** Adds a list item after the current one, or a new list (with one item) after the current paragraph of an article. */
export const addListItem: Command = (state, dispatch) => {
  const { $from } = state.selection;
  const item = ancestor($from, "list_item");
  if (item) return insertNode(item.after, s.nodes.list_item.create(), 1)(state, dispatch);
  const art = ancestor($from, "article");
  if (!art || $from.depth <= art.depth || $from.node(art.depth + 1).type.name === "heading") return false;
  const list = s.nodes.list.create({ ordered: true }, [s.nodes.list_item.create()]);
  return insertNode($from.after(art.depth + 1), list, 2)(state, dispatch);
};

/**
 * Adds a chapter (with a first empty article, as the schema requires) after the chapter holding
 * the cursor, or after the top-level article holding it. The cursor lands in the chapter heading.
 */
export const addChapter: Command = (state, dispatch) => {
  const { $from } = state.selection;
  const chapter = ancestor($from, "chapter");
  const pos = chapter ? chapter.after : $from.depth >= 1 && $from.node(1).type.name === "article" ? $from.after(1) : null;
  if (pos === null) return false;
  const node = s.nodes.chapter.create(null, [s.nodes.heading.create(), emptyArticle("article")]);
  return insertNode(pos, node, 2)(state, dispatch);
};

/** Adds an empty budget line (no code, zero amount) after the line holding the cursor. */
export const addBudgetLine: Command = (state, dispatch) => {
  const line = ancestor(state.selection.$from, "budget_line");
  if (!line) return false;
  return insertNode(line.after, s.nodes.budget_line.create(), 1)(state, dispatch);
};

/** The fields of a budget line edited beside the text (the description is the line's text). */
export interface BudgetLineFields {
  code: string;
  programme: string;
  amountCents: number;
}

/** Sets code, programme and amount of the budget line at `pos`, keeping its id. */
export function setBudgetLine(pos: number, fields: BudgetLineFields): Command {
  return (state, dispatch) => {
    const node = state.doc.nodeAt(pos);
    if (!node || node.type !== s.nodes.budget_line) return false;
    if (dispatch) dispatch(state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...fields }));
    return true;
  };
}

function markApplies(state: EditorState, type: MarkType): boolean {
  const { $from, from, to, empty } = state.selection;
  if (empty) return $from.parent.type.allowsMarkType(type);
  let applies = false;
  state.doc.nodesBetween(from, to, (node) => {
    if (applies) return false;
    if (node.inlineContent && node.type.allowsMarkType(type)) applies = true;
    return true;
  });
  return applies;
}

/** Whether the mark is on at the cursor (stored marks included) or over the whole selection. */
export function markActive(state: EditorState, type: MarkType): boolean {
  const { $from, from, to, empty } = state.selection;
  if (empty) return Boolean(type.isInSet(state.storedMarks ?? $from.marks()));
  return state.doc.rangeHasMark(from, to, type);
}

/** Toggles a mark on the selection, or for the next typed text when the selection is empty. */
export function toggleMark(type: MarkType): Command {
  return (state, dispatch) => {
    if (!markApplies(state, type)) return false;
    if (dispatch) {
      const { from, to, empty } = state.selection;
      const active = markActive(state, type);
      if (empty) dispatch(active ? state.tr.removeStoredMark(type) : state.tr.addStoredMark(type.create()));
      else dispatch((active ? state.tr.removeMark(from, to, type) : state.tr.addMark(from, to, type.create())).scrollIntoView());
    }
    return true;
  };
}

/** Deletes a non-empty selection. */
export const deleteSelection: Command = (state, dispatch) => {
  if (state.selection.empty) return false;
  if (dispatch) dispatch(state.tr.deleteSelection().scrollIntoView());
  return true;
};

function defaultTextblockAt(match: ContentMatch): NodeType | null {
  for (let i = 0; i < match.edgeCount; i++) {
    const { type } = match.edge(i);
    if (type.isTextblock && !type.hasRequiredAttrs()) return type;
  }
  return null;
}

/**
 * Enter: splits the textblock at the cursor. The new half is created with default attributes
 * (no id, no budget amount), so it is a new clause; at the end of a heading it becomes the
 * article's first paragraph.
 */
export const splitBlock: Command = (state, dispatch) => {
  if (state.selection instanceof NodeSelection || !state.selection.$from.parent.isTextblock) return false;
  const tr = state.tr;
  if (!state.selection.empty) tr.deleteSelection();
  const $pos = tr.selection.$from;
  if ($pos.depth === 0 || !$pos.parent.isTextblock) return false;
  const atEnd = $pos.parentOffset === $pos.parent.content.size;
  const fallback = defaultTextblockAt($pos.node(-1).contentMatchAt($pos.indexAfter(-1)));
  const candidates = [atEnd && fallback ? fallback : $pos.parent.type, fallback].filter((t): t is NodeType => t !== null);
  const type = candidates.find((t) => canSplit(tr.doc, $pos.pos, 1, [{ type: t }]));
  if (!type) return false;
  if (dispatch) dispatch(tr.split($pos.pos, 1, [{ type }]).scrollIntoView());
  return true;
};

/** Shift+Enter: a line break inside a paragraph (titles and headings hold text only: one line by design). */
export const insertHardBreak: Command = (state, dispatch) => {
  if (!state.selection.$from.parent.type.contentMatch.matchType(s.nodes.hard_break)) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(s.nodes.hard_break.create()).scrollIntoView());
  return true;
};

/**
 * Joins with the neighbouring textblock when the cursor is at its edge (Backspace at the start,
 * Delete at the end). The deletion spans the boundary and ProseMirror's replace closes the
 * structure around it; a join the schema cannot express (say, a paragraph with bold text into
 * a heading, which allows no marks) is refused rather than half-done.
 */
function joinTextblock(dir: -1 | 1): Command {
  return (state, dispatch) => {
    const { $cursor } = state.selection as TextSelection;
    if (!$cursor) return false;
    const atEdge = dir < 0 ? $cursor.parentOffset === 0 : $cursor.parentOffset === $cursor.parent.content.size;
    if (!atEdge) return false;
    const outside = state.doc.resolve(dir < 0 ? $cursor.before() : $cursor.after());
    const neighbour = Selection.findFrom(outside, dir, true);
    if (!neighbour) return false;
    const [from, to] = dir < 0 ? [neighbour.from, $cursor.pos] : [$cursor.pos, neighbour.from];
    const tr = state.tr.delete(from, to);
    if (!tr.docChanged || !marksAllowed(tr.doc)) return false;
    if (dispatch) dispatch(tr.scrollIntoView());
    return true;
  };
}

function marksAllowed(doc: PMNode): boolean {
  let ok = true;
  doc.descendants((node, _pos, parent) => {
    if (!ok) return false;
    if (node.isText && parent && !node.marks.every((m) => parent.type.allowsMarkType(m.type))) ok = false;
    return true;
  });
  return ok;
}

/** Backspace at the start of a textblock. */
export const joinBackward = joinTextblock(-1);
/** Delete at the end of a textblock. */
export const joinForward = joinTextblock(1);

/**
 * Keeps a key the editor could not handle from reaching the browser's contenteditable, whose
 * own structural edits (merging an article into a chapter heading…) would bypass the schema.
 */
export function swallowAtEdge(dir: -1 | 1): Command {
  return (state) => {
    const { $cursor } = state.selection as TextSelection;
    if (!$cursor) return false;
    return dir < 0 ? $cursor.parentOffset === 0 : $cursor.parentOffset === $cursor.parent.content.size;
  };
}

/** Enter that could not split (in the title, say) does nothing rather than something odd. */
export const swallow: Command = () => true;

/** Runs commands in order until one applies. */
export function chain(...commands: Command[]): Command {
  return (state, dispatch, view) => commands.some((command) => command(state, dispatch, view));
}
