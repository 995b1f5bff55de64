import type { Clause } from "../../../../collab/schema/clauses";

/*
 * Text similarity for clause matching. Word bigrams ("shingles") rather than single words:
 * two unrelated articles of the same ordinance share most of their common words ("de", "la",
 * "municipal") but few pairs of consecutive words, so bigrams separate "edited" from
 * "different" far better, and a set intersection is cheap enough to score every pair.
 */

/** Lower-cased words (letters and digits) of a text, in order. */
export function words(text: string): string[] {
  return text.toLocaleLowerCase("es").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The set of word bigrams of a text; a one-word text yields its single word. */
export function shingles(text: string): Set<string> {
  const w = words(text);
  if (w.length < 2) return new Set(w);
  const out = new Set<string>();
  for (let i = 1; i < w.length; i += 1) out.add(`${w[i - 1]} ${w[i]}`);
  return out;
}

function intersectionSize(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let n = 0;
  for (const x of small) if (large.has(x)) n += 1;
  return n;
}

/** Dice coefficient of two shingle sets: 1 for equal, 0 for nothing in common (two empty sets: 1). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  return (2 * intersectionSize(a, b)) / (a.size + b.size);
}

/** Share of `part`'s shingles found in `whole` (how much of `part` is covered by `whole`). */
export function containment(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
  if (part.size === 0) return 0;
  return intersectionSize(part, whole) / part.size;
}

/**
 * All the text a clause shows, its descendants included (heading, paragraphs, list items,
 * table cells, budget line description), one space between pieces.
 */
export function fullText(clause: Clause): string {
  const parts: string[] = [];
  const walk = (c: Clause) => {
    if (c.heading && c.kind !== "budget_line") parts.push(c.heading);
    if (c.text) parts.push(c.text);
    for (const row of c.rows ?? []) for (const cell of row) for (const run of cell.runs) if ("text" in run) parts.push(run.text);
    c.children.forEach(walk);
  };
  walk(clause);
  return parts.join(" ");
}

/** The body of a clause without its own heading (what an article says, not what it is called). */
export function bodyText(clause: Clause): string {
  return clause.children.map(fullText).join(" ") || clause.text;
}
