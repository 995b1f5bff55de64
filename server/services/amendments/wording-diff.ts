import { diffArrays } from "diff";

/*
 * What an amendment changes, as data: the word-level differences between the base clause and the
 * proposed wording, and for budget amendments the money moved between lines. Pure and
 * browser-safe (no node: imports): the live editor recomputes it on every change, pages and the
 * API render it from the frozen content.
 */

/** A ProseMirror node in JSON form (amendment-schema or document-schema). */
export interface NodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: NodeJSON[];
  text?: string;
  marks?: unknown[];
}

/**
 * An amendment's wording: an amendment-schema doc holding one article,
 * `{type:"doc",content:[{type:"article",attrs:{id,type},content:[heading, paragraph|list|table…]}]}`.
 */
export type ArticleJSON = NodeJSON;

/** What happened to a run of text. */
export type SegmentOp = "equal" | "insert" | "delete";

/** A run of text (words and the spaces between them) with one operation. */
export interface DiffSegment {
  op: SegmentOp;
  text: string;
}

/** Kinds of text blocks compared one to one. */
export type BlockKind = "heading" | "paragraph" | "list_item" | "table_cell";

/** What happened to a whole block. */
export type BlockStatus = "equal" | "modified" | "inserted" | "deleted";

/** One block (heading, paragraph, list item or table cell) of the merged wording. */
export interface BlockDiff {
  kind: BlockKind;
  status: BlockStatus;
  /** The block's clause id (paragraphs and list items), or null. */
  clauseId: string | null;
  /** Segments in reading order; equal+insert give the proposed text, equal+delete the base text. */
  segments: DiffSegment[];
}

/** The difference between a base clause and a proposed wording. */
export interface WordingDiff {
  /** Blocks in reading order: proposed order, with deleted base blocks where they stood. */
  blocks: BlockDiff[];
  /** Words (tokens with a letter or digit) inserted and deleted. */
  wordsInserted: number;
  wordsDeleted: number;
  /** Whether anything differs at all (including punctuation and spacing). */
  changed: boolean;
}

/** A text block extracted from an article, with the key used to pair it with its counterpart. */
interface Block {
  kind: BlockKind;
  clauseId: string | null;
  key: string;
  text: string;
}

function textOf(node: NodeJSON): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "hard_break") return "\n";
  return (node.content ?? []).map(textOf).join("");
}

function idOf(node: NodeJSON): string | null {
  const id = node.attrs?.id;
  return typeof id === "string" && id !== "" ? id : null;
}

/**
 * The article's blocks in reading order. Pairing keys: the clause id when there is one; table
 * cells by their table (id or index) and row/column; blocks without an id by their kind and
 * their index among id-less blocks of that kind ("by position").
 */
function blocksOf(doc: ArticleJSON | null): Block[] {
  if (!doc) return [];
  const article = doc.type === "article" ? doc : (doc.content ?? []).find((n) => n.type === "article");
  if (!article) return [];
  const blocks: Block[] = [];
  const positional = new Map<string, number>();
  const seen = new Set<string>();
  let tableIndex = 0;
  const keyFor = (kind: BlockKind, id: string | null): string => {
    // A repeated id (possible in a half-edited document) falls back to position.
    if (id !== null && !seen.has(id)) {
      seen.add(id);
      return `id:${id}`;
    }
    const n = positional.get(kind) ?? 0;
    positional.set(kind, n + 1);
    return `pos:${kind}:${n}`;
  };
  for (const child of article.content ?? []) {
    if (child.type === "heading") {
      blocks.push({ kind: "heading", clauseId: null, key: keyFor("heading", null), text: textOf(child) });
    } else if (child.type === "paragraph") {
      const id = idOf(child);
      blocks.push({ kind: "paragraph", clauseId: id, key: keyFor("paragraph", id), text: textOf(child) });
    } else if (child.type === "list") {
      for (const item of child.content ?? []) {
        const id = idOf(item);
        blocks.push({ kind: "list_item", clauseId: id, key: keyFor("list_item", id), text: textOf(item) });
      }
    } else if (child.type === "table") {
      const table = idOf(child) ?? `#${tableIndex}`;
      tableIndex += 1;
      (child.content ?? []).forEach((row, r) => {
        (row.content ?? []).forEach((cell, c) => {
          blocks.push({ kind: "table_cell", clauseId: null, key: `cell:${table}:${r}:${c}`, text: textOf(cell) });
        });
      });
    }
  }
  return blocks;
}

/**
 * Splits text into tokens: runs of whitespace, words (letters and digits, keeping inner
 * apostrophes, dots, commas and hyphens as in "l'Ajuntament", "1.500,00" or "co-autor"), and
 * single punctuation marks. Joining the tokens gives the text back exactly.
 */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}\p{M}]+(?:['’.,-][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu) ?? [];
}

const WORD = /[\p{L}\p{N}]/u;

function countWords(text: string): number {
  return tokenize(text).filter((t) => WORD.test(t)).length;
}

function pushSegment(segments: DiffSegment[], op: SegmentOp, text: string): void {
  if (text === "") return;
  const last = segments[segments.length - 1];
  if (last && last.op === op) last.text += text;
  else segments.push({ op, text });
}

/**
 * Word-level segments turning `base` into `proposed`. A change run — changed tokens joined only
 * by whitespace — is shown as one deletion followed by one insertion, so "a b c" → "x y z"
 * reads as a replaced phrase rather than alternating fragments.
 */
export function diffWords(base: string, proposed: string): DiffSegment[] {
  const raw: DiffSegment[] = diffArrays(tokenize(base), tokenize(proposed)).map((change) => ({
    op: change.added ? "insert" : change.removed ? "delete" : "equal",
    text: change.value.join(""),
  }));
  const out: DiffSegment[] = [];
  let i = 0;
  while (i < raw.length) {
    const seg = raw[i] as DiffSegment;
    if (seg.op === "equal") {
      pushSegment(out, "equal", seg.text);
      i += 1;
      continue;
    }
    let del = "";
    let ins = "";
    let deletes = false;
    let inserts = false;
    let j = i;
    for (;;) {
      const s = raw[j];
      if (!s) break;
      if (s.op === "delete") {
        del += s.text;
        deletes = true;
      } else if (s.op === "insert") {
        ins += s.text;
        inserts = true;
      } else {
        // Whitespace between two changes belongs to the run (on both sides); anything else ends it.
        const following = raw[j + 1];
        if (!/^\s+$/.test(s.text) || !following || following.op === "equal") break;
        del += s.text;
        ins += s.text;
      }
      j += 1;
    }
    if (deletes && inserts) {
      pushSegment(out, "delete", del);
      pushSegment(out, "insert", ins);
    } else {
      // A pure deletion or insertion: folding would invent a whitespace-only counterpart.
      for (const s of raw.slice(i, j)) pushSegment(out, s.op, s.text);
    }
    i = j;
  }
  return out;
}

/**
 * The difference between a base article and a proposed one (either may be null: an "add"
 * amendment has no base, a "delete" amendment no proposal). Blocks are paired by clause id when
 * both sides have it, otherwise by position; unpaired blocks are wholly inserted or deleted.
 */
export function diffWording(base: ArticleJSON | null, proposed: ArticleJSON | null): WordingDiff {
  const before = blocksOf(base);
  const after = blocksOf(proposed);
  const byKeyBefore = new Map(before.map((b) => [b.key, b]));
  const byKeyAfter = new Map(after.map((b) => [b.key, b]));
  const blocks: BlockDiff[] = [];
  let wordsInserted = 0;
  let wordsDeleted = 0;
  // Aligning the key sequences gives the merged order; a moved block reads as deleted + inserted.
  for (const change of diffArrays(before.map((b) => b.key), after.map((b) => b.key))) {
    for (const key of change.value) {
      if (change.removed) {
        const block = byKeyBefore.get(key);
        if (!block) continue;
        wordsDeleted += countWords(block.text);
        blocks.push({ kind: block.kind, status: "deleted", clauseId: block.clauseId, segments: block.text === "" ? [] : [{ op: "delete", text: block.text }] });
      } else if (change.added) {
        const block = byKeyAfter.get(key);
        if (!block) continue;
        wordsInserted += countWords(block.text);
        blocks.push({ kind: block.kind, status: "inserted", clauseId: block.clauseId, segments: block.text === "" ? [] : [{ op: "insert", text: block.text }] });
      } else {
        const a = byKeyBefore.get(key);
        const b = byKeyAfter.get(key);
        if (!a || !b) continue;
        const segments = a.text === b.text ? (b.text === "" ? [] : [{ op: "equal" as const, text: b.text }]) : diffWords(a.text, b.text);
        for (const s of segments) {
          if (s.op === "insert") wordsInserted += countWords(s.text);
          if (s.op === "delete") wordsDeleted += countWords(s.text);
        }
        const status: BlockStatus = segments.every((s) => s.op === "equal") ? "equal" : "modified";
        blocks.push({ kind: b.kind, status, clauseId: b.clauseId ?? a.clauseId, segments });
      }
    }
  }
  return { blocks, wordsInserted, wordsDeleted, changed: blocks.some((b) => b.status !== "equal") };
}

/** The proposed text of a diff (equal + insert), block by block. */
export function proposedTextOf(diff: WordingDiff): string[] {
  return diff.blocks.filter((b) => b.status !== "deleted").map((b) => b.segments.filter((s) => s.op !== "delete").map((s) => s.text).join(""));
}

/** The base text of a diff (equal + delete), block by block. */
export function baseTextOf(diff: WordingDiff): string[] {
  return diff.blocks.filter((b) => b.status !== "inserted").map((b) => b.segments.filter((s) => s.op !== "insert").map((s) => s.text).join(""));
}

// ---------------------------------------------------------------------------------------------
// Budgets

/** A budget line as amendments see it (from the base version's budget node). */
export interface BudgetLine {
  id: string;
  code: string;
  programme: string;
  /** The district's name, as shown. */
  district: string;
  /** The district's clause id; lines are grouped by it (by name when absent). */
  districtId?: string;
  text: string;
  amountCents: number;
}

/** One line's old and proposed amounts. */
export interface AmountLineDiff extends BudgetLine {
  oldCents: number;
  newCents: number;
  deltaCents: number;
}

/** A district's (or the whole budget's) old and proposed totals. */
export interface TotalDiff {
  oldCents: number;
  newCents: number;
  deltaCents: number;
}

/** The money a budget amendment moves. */
export interface AmountsDiff {
  lines: AmountLineDiff[];
  districts: (TotalDiff & { district: string; districtId?: string })[];
  total: TotalDiff;
  /** Lines whose amount differs. */
  changedLines: number;
  /** Every district total and the overall total are the same as before (the submit rule). */
  totalsUnchanged: boolean;
  /** Line ids whose proposed amount is not a non-negative whole number of cents (ignored in sums). */
  invalidLineIds: string[];
  /** Proposed amounts for ids that are not lines of the budget (ignored). */
  unknownLineIds: string[];
}

/**
 * Per line old/new/delta and per district totals. A line missing from `proposedAmounts` keeps
 * its amount; an invalid proposed amount is reported and counted as unchanged, so totals never
 * turn into NaN on screen.
 */
export function diffAmounts(baseLines: readonly BudgetLine[], proposedAmounts: Readonly<Record<string, unknown>>): AmountsDiff {
  const known = new Set(baseLines.map((l) => l.id));
  const invalidLineIds: string[] = [];
  const lines: AmountLineDiff[] = baseLines.map((line) => {
    const proposed = Object.prototype.hasOwnProperty.call(proposedAmounts, line.id) ? proposedAmounts[line.id] : line.amountCents;
    let newCents = line.amountCents;
    if (typeof proposed === "number" && Number.isSafeInteger(proposed) && proposed >= 0) newCents = proposed;
    else invalidLineIds.push(line.id);
    return { ...line, oldCents: line.amountCents, newCents, deltaCents: newCents - line.amountCents };
  });
  const districts = new Map<string, TotalDiff & { district: string; districtId?: string }>();
  const total: TotalDiff = { oldCents: 0, newCents: 0, deltaCents: 0 };
  for (const line of lines) {
    const key = line.districtId ?? line.district;
    let d = districts.get(key);
    if (!d) {
      d = { district: line.district, ...(line.districtId === undefined ? {} : { districtId: line.districtId }), oldCents: 0, newCents: 0, deltaCents: 0 };
      districts.set(key, d);
    }
    d.oldCents += line.oldCents;
    d.newCents += line.newCents;
    d.deltaCents += line.deltaCents;
    total.oldCents += line.oldCents;
    total.newCents += line.newCents;
    total.deltaCents += line.deltaCents;
  }
  const districtList = [...districts.values()];
  return {
    lines,
    districts: districtList,
    total,
    changedLines: lines.filter((l) => l.deltaCents !== 0).length,
    totalsUnchanged: total.deltaCents === 0 && districtList.every((d) => d.deltaCents === 0),
    invalidLineIds,
    unknownLineIds: Object.keys(proposedAmounts).filter((id) => !known.has(id)),
  };
}
