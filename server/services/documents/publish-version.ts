import { desc, eq } from "drizzle-orm";
import type { Node as PMNode } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { documentSchema } from "../../../collab/schema/document-schema";
import { assignFreshClauseIds, findClauseIdProblems } from "../../../collab/schema/unique-clause-ids";
import type { Db } from "../../../db/connection";
import { clauseMerges, documentDrafts, documentVersions, processes } from "../../../db/schema";
import { NotFoundError } from "../../errors";
import { assertCan } from "../../policies/can";
import { carryAnnotations, type CarryCounts } from "../annotations/carry";
import { versionText } from "../annotations/anchoring";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { contentHash } from "./content-hash";
import { clauseIdSet, dropsEveryClause } from "./drops-all";
import type { BudgetMismatch } from "./import/import-error";
import { findMerges } from "./reimport/match-clauses";
import { validateBudget } from "./validate-budget";

/** Why the draft cannot be published; each has a message `processAdmin.publish.error.<code>`. */
export type PublishErrorCode = "no_draft" | "invalid_document" | "unchanged" | "budget_mismatch" | "drops_all";

/** The draft cannot become a version; nothing was stored. */
export class PublishError extends Error {
  override readonly name = "PublishError";
  constructor(
    readonly code: PublishErrorCode,
    readonly mismatches: BudgetMismatch[] = [],
  ) {
    super(`Cannot publish: ${code}`);
  }
}

/** Someone published a version after this editor loaded the page; answered with 409. */
export class VersionConflictError extends Error {
  override readonly name = "VersionConflictError";
  constructor(readonly attemptedNumber: number) {
    super(`Version ${attemptedNumber} already exists`);
  }
}

/**
 * The draft was replaced (another import, an editor save) after the caller read it: publishing
 * would put words they never reviewed into a version. Answered with 409.
 */
export class DraftChangedError extends Error {
  override readonly name = "DraftChangedError";
  constructor(readonly currentUpdatedAt: Date) {
    super("The draft changed since it was read");
  }
}

/** What publishing needs from the form. */
export interface PublishInput {
  slug: string;
  changelog: string;
  /** The latest version number the editor saw when loading the page (0 = none). */
  baseVersion: number;
  /**
   * The draft revision (its updatedAt) the caller reviewed; when given and the draft has moved
   * on since, DraftChangedError. The API requires it; the page sends the one it showed.
   */
  draftUpdatedAt?: Date | null;
  /** The caller confirms publishing a draft that keeps no unit of the latest version. */
  confirmDropAll?: boolean;
}

/** The new version. */
export interface PublishedVersion {
  number: number;
  contentHash: string;
  /** How many clause ids were missing or duplicated in the draft and got fresh ones. */
  reassignedIds: number;
  /** What happened to the previous version's annotations (carried, moved, orphaned). */
  annotations: CarryCounts;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error as { code: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** Parses stored draft JSON through the shared schema; PublishError("invalid_document") otherwise. */
export function parseStoredDraft(content: string): PMNode {
  try {
    const doc = documentSchema.nodeFromJSON(JSON.parse(content));
    doc.check();
    return doc;
  } catch (error) {
    if (error instanceof RangeError || error instanceof SyntaxError) throw new PublishError("invalid_document");
    throw error;
  }
}

/**
 * Gives every clause a unique well-formed id: clauses lacking one get a fresh id; among
 * duplicates (a paragraph split in the editor) the first keeps it and the others get new ones.
 * Clauses that continue keep their ids, which is what makes permalinks survive versions.
 */
export function normalizeClauseIds(doc: PMNode): { doc: PMNode; reassigned: number } {
  const reassigned = findClauseIdProblems(doc).length;
  if (reassigned === 0) return { doc, reassigned };
  const tr = EditorState.create({ doc }).tr;
  assignFreshClauseIds(tr);
  return { doc: tr.doc, reassigned };
}

/**
 * Publishes the process's draft as the next immutable version (number = latest + 1, date,
 * changelog, content hash). Checks first: the draft passes the schema, clause ids are
 * normalized (and written back to the draft so both agree), budgets add up, and it differs
 * from the latest version. Two publishes of the same base race on the unique index
 * (process_id, number): exactly one wins, the other gets VersionConflictError. Everything
 * A draft that keeps no article, budget line or preamble paragraph of the latest version needs
 * `confirmDropAll` (PublishError "drops_all"); a draft that changed since the caller read it
 * (`draftUpdatedAt`) is a DraftChangedError. Everything
 * runs in one synchronous transaction with its audit entry ("version.publish"), including
 * re-anchoring the previous version's annotations onto the new one (annotations/carry.ts) and
 * recording which removed clauses were merged into another (clause_merges, see findMerges).
 */
export function publishVersion(db: Db, actor: CurrentUser | null, input: PublishInput, now: Date): PublishedVersion {
  assertCan(actor, "process.edit", null);
  return db.transaction((tx) => {
    const process = tx.select({ id: processes.id }).from(processes).where(eq(processes.slug, input.slug)).get();
    if (!process) throw new NotFoundError("process", input.slug);
    const draft = tx
      .select({ content: documentDrafts.content, updatedAt: documentDrafts.updatedAt })
      .from(documentDrafts)
      .where(eq(documentDrafts.processId, process.id))
      .get();
    if (!draft) throw new PublishError("no_draft");
    if (input.draftUpdatedAt && input.draftUpdatedAt.getTime() !== draft.updatedAt.getTime()) throw new DraftChangedError(draft.updatedAt);
    const { doc, reassigned } = normalizeClauseIds(parseStoredDraft(draft.content));
    const mismatches = validateBudget(doc);
    if (mismatches.length > 0) throw new PublishError("budget_mismatch", mismatches);

    const latest = tx
      .select({ id: documentVersions.id, number: documentVersions.number, content: documentVersions.content })
      .from(documentVersions)
      .where(eq(documentVersions.processId, process.id))
      .orderBy(desc(documentVersions.number))
      .limit(1)
      .get();
    const latestNumber = latest?.number ?? 0;
    const number = input.baseVersion + 1;
    // A base newer than anything stored is forged or from another database: refuse it too.
    if (number > latestNumber + 1) throw new VersionConflictError(number);
    const hash = contentHash(doc);
    // The stored hash of older versions may have been computed differently; compare content.
    if (latest && number === latestNumber + 1 && contentHash(JSON.parse(latest.content)) === hash) throw new PublishError("unchanged");
    // An empty or unrelated file would silently end every debate and amendment of the process.
    // Only against the base the caller saw; a stale base is a conflict (below) whatever it drops.
    const dropsAll = latest !== undefined && number === latestNumber + 1 && dropsEveryClause(documentSchema.nodeFromJSON(JSON.parse(latest.content)), clauseIdSet(doc));
    if (dropsAll && !input.confirmDropAll) throw new PublishError("drops_all");

    const content = JSON.stringify(doc.toJSON());
    let versionId: number;
    try {
      versionId = tx
        .insert(documentVersions)
        .values({ processId: process.id, number, content, contentHash: hash, changelog: input.changelog, publishedAt: now, publishedBy: actor.id })
        .returning({ id: documentVersions.id })
        .get().id;
    } catch (error) {
      if (isUniqueViolation(error)) throw new VersionConflictError(number);
      throw error;
    }
    // Annotations move to the new version in this same transaction: both commit or neither.
    const annotations = latest
      ? carryAnnotations(db, {
          processId: process.id,
          from: { id: latest.id, text: versionText(String(latest.id), documentSchema.nodeFromJSON(JSON.parse(latest.content))) },
          to: { id: versionId, text: versionText(String(versionId), doc) },
        })
      : { carried: 0, moved: 0, orphaned: 0 };
    // Clauses whose text went into another one: their pages say "merged into" (findMerges).
    const merges = latest ? findMerges(documentSchema.nodeFromJSON(JSON.parse(latest.content)), doc) : [];
    for (const merge of merges) tx.insert(clauseMerges).values({ processId: process.id, versionId, clauseId: merge.clauseId, intoClauseId: merge.intoId }).run();
    if (reassigned > 0) {
      const updatedAt = new Date(Math.max(now.getTime(), draft.updatedAt.getTime() + 1));
      tx.update(documentDrafts).set({ content, updatedAt }).where(eq(documentDrafts.processId, process.id)).run();
    }
    // Same connection as tx (better-sqlite3 is synchronous): the entry is in the transaction.
    appendAudit(
      db,
      { actorId: actor.id, action: "version.publish", targetType: "process", targetId: process.id, detail: { number, contentHash: hash, reassignedIds: reassigned, annotations, ...(merges.length > 0 ? { merged: merges.length } : {}), ...(dropsAll ? { droppedAll: true } : {}) } },
      now,
    );
    return { number, contentHash: hash, reassignedIds: reassigned, annotations };
  });
}
