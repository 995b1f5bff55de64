/**
 * Word-level tokens for diffing clause texts. Diffing words rather than characters keeps the
 * alignment of a rewritten sentence from matching scattered letters ("e", "a") of unrelated
 * words, which would make deleted text look partly kept.
 */

/** Tokens of a text: `starts[i]` is where token i begins (UTF-16); `ids` are interned token values. */
export interface Tokens {
  starts: Int32Array;
  ids: Int32Array;
  /** Total text length, so token i ends at `starts[i + 1] ?? length`. */
  length: number;
}

// A token is a run of letters, marks and digits (a word, accents included), a run of
// whitespace, or any other single code point (punctuation, emoji).
const TOKEN = /[\p{L}\p{M}\p{N}]+|\s+|[\s\S]/gu;

/** Splits a text into tokens, interning each distinct token string in `dictionary`. */
export function tokenize(text: string, dictionary: Map<string, number>): Tokens {
  const starts: number[] = [];
  const ids: number[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const value = match[0];
    let id = dictionary.get(value);
    if (id === undefined) {
      id = dictionary.size;
      dictionary.set(value, id);
    }
    starts.push(match.index);
    ids.push(id);
  }
  return { starts: Int32Array.from(starts), ids: Int32Array.from(ids), length: text.length };
}
