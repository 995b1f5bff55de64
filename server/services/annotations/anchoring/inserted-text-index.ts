import type { TextMapping } from "./text-mapping";

/**
 * A word index of the text that is new in a version: for each word, the clauses in which it
 * occurs inside inserted text. A quote can only have moved into text that was inserted — an
 * occurrence made of kept old text was already there, next to other words, and anchoring to it
 * would attach a deleted quote to its look-alike. The index narrows the search for a moved
 * quote to a few clauses instead of scanning the whole document per annotation.
 */
export class InsertedTextIndex {
  private readonly clausesByWord = new Map<string, string[]>();

  /** Indexes every word of `text` that has at least one inserted character. */
  add(clauseId: string, text: string, inserted: Uint8Array | "all"): void {
    for (const match of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
      if (inserted !== "all" && !anyInserted(inserted, match.index, match.index + match[0].length)) continue;
      const list = this.clausesByWord.get(match[0]);
      if (!list) this.clausesByWord.set(match[0], [clauseId]);
      else if (list[list.length - 1] !== clauseId) list.push(clauseId);
    }
  }

  /** Clauses whose inserted text holds every one of `words` (empty when `words` is empty). */
  candidates(words: readonly string[]): string[] {
    if (words.length === 0) return [];
    const lists = words.map((w) => this.clausesByWord.get(w) ?? []);
    lists.sort((x, y) => x.length - y.length);
    const [smallest, ...rest] = lists;
    if (!smallest || smallest.length === 0) return [];
    const sets = rest.map((l) => new Set(l));
    return smallest.filter((id) => sets.every((s) => s.has(id)));
  }
}

/** Whether any character of [from, to) is inserted. */
export function anyInserted(inserted: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (inserted[i] === 1) return true;
  return false;
}

/** Whether at least one character of [from, to) is inserted (all of them for a clause new in this version). */
export function someInserted(mapping: TextMapping | "all", from: number, to: number): boolean {
  if (mapping === "all") return true;
  return anyInserted(mapping.inserted, from, to);
}

/** Whether every character of [from, to) is inserted. */
export function allInserted(mapping: TextMapping | "all", from: number, to: number): boolean {
  if (mapping === "all") return true;
  for (let i = from; i < to; i++) if (mapping.inserted[i] !== 1) return false;
  return true;
}
