/**
 * Mapping between a clause's plain text (`Clause.text`, rendered inside `<span class="ct">` by
 * DocumentBody, a <br> standing for "\n") and DOM positions, in UTF-16 units as the DOM counts.
 * Elements the annotation layer adds (marked `data-anno-ui`) are not text and are skipped, so
 * offsets stay right after highlights and badges are inserted.
 */

/** The class of the element holding a clause's annotatable text. */
export const CLAUSE_TEXT_CLASS = "ct";

type Leaf = Text | HTMLBRElement;

function leavesOf(ct: Element): Leaf[] {
  const out: Leaf[] = [];
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE) out.push(child as Text);
      else if (child instanceof HTMLBRElement) out.push(child);
      else if (child instanceof Element && !child.hasAttribute("data-anno-ui")) walk(child);
    }
  };
  walk(ct);
  return out;
}

function leafLength(leaf: Leaf): number {
  return leaf instanceof HTMLBRElement ? 1 : leaf.data.length;
}

/** The plain text of a clause text element, as the server's `Clause.text`. */
export function clauseTextOf(ct: Element): string {
  return leavesOf(ct)
    .map((leaf) => (leaf instanceof HTMLBRElement ? "\n" : leaf.data))
    .join("");
}

/** The clause text element holding a DOM node, or null. */
export function clauseTextElementOf(node: Node | null): Element | null {
  const element = node instanceof Element ? node : (node?.parentElement ?? null);
  return element?.closest(`.${CLAUSE_TEXT_CLASS}`) ?? null;
}

/** The stable clause id of a clause text element: its parent's anchor is "kind-id" (clauseAnchor). */
export function clauseIdOf(ct: Element): string | null {
  const anchor = ct.parentElement?.id ?? "";
  const dash = anchor.indexOf("-");
  return dash > 0 ? anchor.slice(dash + 1) : null;
}

/** The UTF-16 offset, in the clause's text, of the DOM boundary point (container, offset). */
export function textOffsetOf(ct: Element, container: Node, offset: number): number {
  const boundary = document.createRange();
  boundary.setStart(container, offset);
  boundary.collapse(true);
  let pos = 0;
  for (const leaf of leavesOf(ct)) {
    if (leaf === container) return pos + offset;
    // The first leaf starting at or after the boundary: the boundary sits right before it.
    if (boundary.comparePoint(leaf, 0) >= 0) return pos;
    pos += leafLength(leaf);
  }
  return pos;
}

/**
 * Wraps the text between UTF-16 offsets `start` and `end` of a clause in elements made by
 * `make` (one per text node the range crosses: marks inside <em>/<strong> stay valid HTML).
 * @throws RangeError when the range is empty or outside the clause text.
 */
export function wrapTextRange(ct: Element, start: number, end: number, make: () => HTMLElement): HTMLElement[] {
  const leaves = leavesOf(ct);
  const total = leaves.reduce((sum, leaf) => sum + leafLength(leaf), 0);
  if (!(start >= 0 && end > start && end <= total)) throw new RangeError(`Range ${start}–${end} outside of clause text of length ${total}`);
  const made: HTMLElement[] = [];
  let pos = 0;
  for (const leaf of leaves) {
    const from = pos;
    pos += leafLength(leaf);
    if (leaf instanceof HTMLBRElement || pos <= start || from >= end) continue;
    let node: Text = leaf;
    const cutStart = Math.max(start - from, 0);
    const cutEnd = Math.min(end - from, leaf.data.length);
    if (cutStart > 0) node = node.splitText(cutStart);
    if (cutEnd - cutStart < node.data.length) node.splitText(cutEnd - cutStart);
    const wrapper = make();
    node.replaceWith(wrapper);
    wrapper.appendChild(node);
    made.push(wrapper);
  }
  return made;
}

/** Removes everything the annotation layer added inside `root` (marks unwrapped, UI removed). */
export function clearAnnotationDom(root: Element): void {
  root.querySelectorAll("[data-anno-ui]").forEach((el) => el.remove());
  const parents = new Set<Node>();
  root.querySelectorAll("mark[data-anno-group]").forEach((mark) => {
    const parent = mark.parentNode;
    if (!parent) return;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    mark.remove();
    parents.add(parent);
  });
  // Joins the split text nodes again so the next pass starts from the server's DOM shape.
  parents.forEach((p) => p.normalize());
}

/** A word of a clause text with its UTF-16 offsets. */
export interface Word {
  start: number;
  end: number;
  text: string;
}

/** The words (runs of non-space characters) of a text. */
export function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(/\S+/gu)) {
    const start = match.index ?? 0;
    words.push({ start, end: start + match[0].length, text: match[0] });
  }
  return words;
}

/** Offsets with leading and trailing whitespace left out (double-click selects a trailing space). */
export function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  while (s < e && /\s/u.test(text[s] ?? "")) s++;
  while (e > s && /\s/u.test(text[e - 1] ?? "")) e--;
  return { start: s, end: e };
}

/** Overlapping ranges merged into groups; each group lists the keys of its members. */
export function groupRanges<K>(ranges: ReadonlyArray<{ key: K; start: number; end: number }>): Array<{ start: number; end: number; keys: K[] }> {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: Array<{ start: number; end: number; keys: K[] }> = [];
  for (const r of sorted) {
    const last = groups[groups.length - 1];
    if (last && r.start < last.end) {
      last.end = Math.max(last.end, r.end);
      last.keys.push(r.key);
    } else {
      groups.push({ start: r.start, end: r.end, keys: [r.key] });
    }
  }
  return groups;
}
