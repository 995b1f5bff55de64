import { commonRuns } from "./token-diff";
import { tokenize } from "./tokens";

/**
 * Where each character of an old clause text went in the new text, by a word-level diff: the
 * position of every kept character, and which new characters were inserted. A quote whose
 * characters are all kept, in one piece, is still there; a quote whose characters were all
 * deleted is gone, whatever similar words remain nearby.
 */
export interface TextMapping {
  /** For each old UTF-16 offset, its new offset, or -1 when the diff deleted it. */
  oldToNew: Int32Array;
  /** For each new UTF-16 offset, 1 when the diff inserted it (it is not kept old text). */
  inserted: Uint8Array;
}

/** The identity mapping of an unchanged text. */
export function identityMapping(text: string): TextMapping {
  const oldToNew = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) oldToNew[i] = i;
  return { oldToNew, inserted: new Uint8Array(text.length) };
}

/** The mapping of `oldText` onto `newText`. */
export function mapText(oldText: string, newText: string): TextMapping {
  if (oldText === newText) return identityMapping(oldText);
  const dictionary = new Map<string, number>();
  const a = tokenize(oldText, dictionary);
  const b = tokenize(newText, dictionary);
  const oldToNew = new Int32Array(oldText.length).fill(-1);
  const inserted = new Uint8Array(newText.length).fill(1);
  for (const run of commonRuns(a.ids, b.ids)) {
    const from = a.starts[run.aStart] as number;
    const to = run.aStart + run.length < a.starts.length ? (a.starts[run.aStart + run.length] as number) : a.length;
    const shift = (b.starts[run.bStart] as number) - from;
    for (let i = from; i < to; i++) {
      oldToNew[i] = i + shift;
      inserted[i + shift] = 0;
    }
  }
  return { oldToNew, inserted };
}
