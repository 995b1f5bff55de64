import { and, eq } from "drizzle-orm";
import type { Node as PMNode } from "prosemirror-model";
import { ARTICLE_TYPES, documentSchema } from "../../../collab/schema/document-schema";
import { findClauseIdProblems } from "../../../collab/schema/unique-clause-ids";
import type { Db } from "../../../db/connection";
import { documentDrafts, processes, users, type ProcessKind } from "../../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { assertCan } from "../../policies/can";
import { checkJson } from "../../security/body-shape";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";

/**
 * A draft's serialized JSON may not exceed the request body limit (1 MiB): a bigger document
 * could be stored but never saved again from the browser.
 */
export const MAX_DRAFT_BYTES = 1024 * 1024;

/** No schema node nests deeper than this; deeper JSON is refused before it is walked. */
const MAX_JSON_DEPTH = 24;

/** Why a submitted draft was refused; each reason has a message key "editor.invalid.<reason>". */
export type InvalidDraftReason = "tooLarge" | "malformedJson" | "wrongSchema" | "invalidIds" | "wrongKind" | "invalidAttrs";

/** The submitted document breaks a rule; nothing was stored. */
export class InvalidDraftError extends ValidationError {
  constructor(
    readonly reason: InvalidDraftReason,
    readonly detail: string,
  ) {
    super({ content: [`editor.invalid.${reason}`] });
  }
}

/** Someone saved the draft after the editor loaded it; saving would overwrite their work. */
export class DraftConflictError extends Error {
  override readonly name = "DraftConflictError";
  constructor(
    readonly currentUpdatedAt: Date | null,
    readonly updatedByName: string | null,
  ) {
    super("The draft was saved by someone else meanwhile");
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks the JSON has the shape of ProseMirror node JSON (type, attrs, content, marks, text)
 * without recursion, so hostile nesting cannot overflow the stack in nodeFromJSON.
 */
function checkShape(root: unknown): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (depth > MAX_JSON_DEPTH) return "nested too deeply";
    if (!isObject(value) || typeof value.type !== "string") return "a node without a type";
    if (value.attrs !== undefined && !isObject(value.attrs)) return `attrs of ${value.type} is not an object`;
    if (value.text !== undefined && typeof value.text !== "string") return "text is not a string";
    if (value.marks !== undefined) {
      if (!Array.isArray(value.marks) || !value.marks.every((m) => isObject(m) && typeof m.type === "string")) return "malformed marks";
    }
    if (value.content !== undefined) {
      if (!Array.isArray(value.content)) return `content of ${value.type} is not a list`;
      for (const child of value.content) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}

const isCents = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Attribute rules the schema itself does not enforce (it only gives defaults). */
function attrProblem(doc: PMNode): string | null {
  let problem: string | null = null;
  doc.descendants((node) => {
    if (problem) return false;
    const a = node.attrs;
    switch (node.type.name) {
      case "article":
        if (!(ARTICLE_TYPES as readonly unknown[]).includes(a.type)) problem = `article type ${String(a.type)}`;
        break;
      case "list":
        if (typeof a.ordered !== "boolean") problem = "list.ordered must be true or false";
        break;
      case "table_cell":
        if (typeof a.header !== "boolean") problem = "table_cell.header must be true or false";
        break;
      case "budget":
        if (!isCents(a.totalCents) || typeof a.currency !== "string" || !/^[A-Z]{3}$/.test(a.currency)) problem = "budget total or currency";
        break;
      case "budget_district":
        if (typeof a.name !== "string" || a.name.length > 200 || !isCents(a.totalCents)) problem = "district name or total";
        break;
      case "budget_line":
        if (typeof a.code !== "string" || a.code.length > 40) problem = "budget line code";
        else if (typeof a.programme !== "string" || a.programme.length > 200) problem = "budget line programme";
        else if (!isCents(a.amountCents)) problem = "budget line amount";
        break;
      default:
        break;
    }
    return true;
  });
  return problem;
}

/**
 * Parses and validates a draft sent by the browser editor: size, JSON, node shape, the shared
 * schema (`nodeFromJSON` + `check`), well-formed unique clause ids, attributes and the process
 * kind (a regulation holds no budget, a budget no articles). Returns the canonical document;
 * throws InvalidDraftError. Text is kept as text: "<script>" in a paragraph is just characters.
 */
export function parseDraftContent(raw: string, kind: ProcessKind): PMNode {
  if (Buffer.byteLength(raw, "utf8") > MAX_DRAFT_BYTES) throw new InvalidDraftError("tooLarge", `more than ${MAX_DRAFT_BYTES} bytes`);
  // Bound the parser's work first: a megabyte of "[[[[" keeps JSON.parse busy for a second.
  const nesting = checkJson(raw, Number.POSITIVE_INFINITY);
  if (nesting) throw new InvalidDraftError("wrongSchema", `nested deeper than ${nesting.limit} levels`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new InvalidDraftError("malformedJson", error instanceof Error ? error.message : String(error));
  }
  const shape = checkShape(json);
  if (shape) throw new InvalidDraftError("wrongSchema", shape);
  let doc: PMNode;
  try {
    doc = documentSchema.nodeFromJSON(json);
    if (doc.type.name !== "doc") throw new RangeError(`top node is ${doc.type.name}, not doc`);
    doc.check();
  } catch (error) {
    // nodeFromJSON and check report unknown types, bad content and bad marks as RangeError.
    if (error instanceof RangeError) throw new InvalidDraftError("wrongSchema", error.message);
    throw error;
  }
  const ids = findClauseIdProblems(doc);
  if (ids.length > 0) {
    const first = ids[0];
    throw new InvalidDraftError("invalidIds", `${ids.length} clause id problem(s), first: ${first?.reason} ${first?.nodeType} at ${first?.pos}`);
  }
  const attrs = attrProblem(doc);
  if (attrs) throw new InvalidDraftError("invalidAttrs", attrs);
  let hasBudget = false;
  let hasArticles = false;
  doc.forEach((node) => {
    if (node.type.name === "budget") hasBudget = true;
    if (node.type.name === "chapter" || node.type.name === "article") hasArticles = true;
  });
  if (kind === "regulation" && hasBudget) throw new InvalidDraftError("wrongKind", "a regulation cannot contain a budget");
  if (kind === "budget" && (hasArticles || !hasBudget)) throw new InvalidDraftError("wrongKind", "a budget holds budget lines, not articles");
  return doc;
}

/** What the editor sends when saving. */
export interface SaveDraftInput {
  slug: string;
  /** The ProseMirror JSON of the whole document, as a string. */
  content: string;
  /** The draft's updatedAt (ms) the editor started from; null when there was no draft yet. */
  baseUpdatedAt: number | null;
}

/** The outcome of a save. */
export interface SaveDraftResult {
  updatedAt: Date;
  /** False when the document was identical to the stored one (nothing written, nothing audited). */
  changed: boolean;
}

/**
 * Saves the editors' working copy of a process's document. Optimistic concurrency: the write
 * happens only if the stored draft still has `baseUpdatedAt` (compare-and-set inside one
 * transaction), otherwise DraftConflictError — never a silent overwrite of a colleague's work.
 * The stored JSON is the canonical serialization of the validated document. Audited as
 * "draft.save".
 */
export function saveDraft(db: Db, actor: CurrentUser | null, input: SaveDraftInput, now: Date): SaveDraftResult {
  assertCan(actor, "process.edit", null);
  const process = db
    .select({ id: processes.id, kind: processes.kind })
    .from(processes)
    .where(eq(processes.slug, input.slug))
    .get();
  if (!process) throw new NotFoundError("process", input.slug);
  const doc = parseDraftContent(input.content, process.kind);
  const content = JSON.stringify(doc.toJSON());

  return db.transaction((tx) => {
    const current = tx
      .select({ content: documentDrafts.content, updatedAt: documentDrafts.updatedAt, updatedBy: documentDrafts.updatedBy })
      .from(documentDrafts)
      .where(eq(documentDrafts.processId, process.id))
      .get();
    const currentMs = current ? current.updatedAt.getTime() : null;
    if (currentMs !== input.baseUpdatedAt) {
      const by = current?.updatedBy ? tx.select({ name: users.name }).from(users).where(eq(users.id, current.updatedBy)).get() : undefined;
      throw new DraftConflictError(current?.updatedAt ?? null, by?.name ?? null);
    }
    if (current && current.content === content) return { updatedAt: current.updatedAt, changed: false };

    // Strictly later than the base, even within the same millisecond, so the next stale save is caught.
    const updatedAt = new Date(Math.max(now.getTime(), (currentMs ?? 0) + 1));
    if (current) {
      const result = tx
        .update(documentDrafts)
        .set({ content, updatedAt, updatedBy: actor.id })
        .where(and(eq(documentDrafts.processId, process.id), eq(documentDrafts.updatedAt, current.updatedAt)))
        .run();
      if (result.changes !== 1) throw new DraftConflictError(null, null);
    } else {
      tx.insert(documentDrafts).values({ processId: process.id, content, updatedAt, updatedBy: actor.id }).run();
    }
    // Same connection as tx (better-sqlite3 is synchronous), so the entry is part of the transaction.
    appendAudit(
      db,
      { actorId: actor.id, action: "draft.save", targetType: "process", targetId: process.id, detail: { bytes: content.length } },
      now,
    );
    return { updatedAt, changed: true };
  });
}
