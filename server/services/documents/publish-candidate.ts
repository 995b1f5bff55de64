import { desc, eq } from "drizzle-orm";
import type { Node as PMNode } from "prosemirror-model";
import type { Db } from "../../../db/connection";
import { documentDrafts, documentVersions, processes } from "../../../db/schema";
import { documentSchema } from "../../../collab/schema/document-schema";
import { NotFoundError } from "../../errors";
import { assertCan } from "../../policies/can";
import type { CurrentUser } from "../current-user";
import { contentHash } from "./content-hash";
import { clauseIdSet, dropsEveryClause } from "./drops-all";
import type { BudgetMismatch } from "./import/import-error";
import { documentPreview, type DocumentPreview } from "./preview";
import { normalizeClauseIds, parseStoredDraft, PublishError } from "./publish-version";
import { validateBudget } from "./validate-budget";

/** What the publish page shows about the draft before publishing it. */
export interface PublishCandidate {
  draftUpdatedAt: Date;
  /** Null when the draft does not pass the schema (publishing would be refused). */
  preview: DocumentPreview | null;
  /** The draft equals the latest version (publishing would be refused). */
  unchanged: boolean;
  mismatches: BudgetMismatch[];
  /** The draft keeps no unit of the latest version: publishing needs an explicit confirmation. */
  dropsAll: boolean;
}

/**
 * The draft of a process as it would be published, with the problems publishing would
 * report, so the page can warn before the editor writes a changelog. Null without a draft.
 */
export function loadPublishCandidate(db: Db, actor: CurrentUser | null, slug: string): PublishCandidate | null {
  assertCan(actor, "process.edit", null);
  const process = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
  if (!process) throw new NotFoundError("process", slug);
  const draft = db.select({ content: documentDrafts.content, updatedAt: documentDrafts.updatedAt }).from(documentDrafts).where(eq(documentDrafts.processId, process.id)).get();
  if (!draft) return null;
  const latest = db
    .select({ content: documentVersions.content })
    .from(documentVersions)
    .where(eq(documentVersions.processId, process.id))
    .orderBy(desc(documentVersions.number))
    .limit(1)
    .get();
  let parsed: PMNode;
  try {
    parsed = normalizeClauseIds(parseStoredDraft(draft.content)).doc;
  } catch (error) {
    if (error instanceof PublishError) return { draftUpdatedAt: draft.updatedAt, preview: null, unchanged: false, mismatches: [], dropsAll: false };
    throw error;
  }
  const unchanged = latest ? contentHash(JSON.parse(latest.content)) === contentHash(parsed) : false;
  const dropsAll = latest ? dropsEveryClause(documentSchema.nodeFromJSON(JSON.parse(latest.content)), clauseIdSet(parsed)) : false;
  return { draftUpdatedAt: draft.updatedAt, preview: documentPreview(parsed), unchanged, mismatches: validateBudget(parsed), dropsAll };
}
