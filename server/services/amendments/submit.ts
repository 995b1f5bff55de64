import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { amendmentInvites, amendments, processes } from "../../../db/schema";
import { findClause } from "../../../collab/schema/clauses";
import { NotFoundError, ValidationError } from "../../errors";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { canonicalJson, contentHash } from "../documents/content-hash";
import type { LoadedVersion } from "../documents/versions";
import { findVisibleProcess, type ProcessSummary } from "../processes";
import { budgetLines, validateBudgetMove } from "./budget";
import type { AmendmentCollab } from "./collab-gateway";
import { AmendmentsClosedError, amendmentDocumentName, isAmendmentPhaseOpen, requireManagedDraft, type AmendmentRow } from "./common";
import { baseWordingIn, versionsOf } from "./describe";
import { readAmendmentState, type CollabStateSource } from "./read-state";
import { wordingText } from "./wording";

/** The process of an amendment as the viewer sees it (NotFound when hidden). */
export function processOfAmendment(db: Db, viewer: CurrentUser | null, row: Pick<AmendmentRow, "id" | "processId">, now: Date): ProcessSummary {
  const slug = db.select({ slug: processes.slug }).from(processes).where(eq(processes.id, row.processId)).get()?.slug ?? "";
  const process = findVisibleProcess(db, viewer, slug, now);
  if (!process) throw new NotFoundError("amendment", row.id);
  return process;
}

/**
 * What a draft freezes into, from its live state, or ValidationError:
 * modify/add → the wording (wordingInvalid, wordingEmpty; modify also wordingUnchanged);
 * delete → null; budget → {amounts} (amountInvalid, districtTotalChanged, totalChanged, amountsUnchanged).
 */
export function frozenContentOf(store: CollabStateSource, draft: AmendmentRow, version: LoadedVersion): unknown {
  if (draft.kind === "delete") return null;
  const state = readAmendmentState(store, amendmentDocumentName(draft.id));
  if (draft.kind === "budget") {
    const budget = findClause(version.tree, draft.clauseId);
    if (!budget) throw new NotFoundError("clause", draft.clauseId);
    return { amounts: validateBudgetMove(budgetLines(budget), state.amounts) };
  }
  if (state.wordingError !== null) throw new ValidationError({ wording: ["amendments.error.wordingInvalid"] });
  if (state.wording === null || wordingText(state.wording).trim() === "") throw new ValidationError({ wording: ["amendments.error.wordingEmpty"] });
  if (draft.kind === "modify") {
    const base = baseWordingIn(version, draft);
    if (base && canonicalJson(base) === canonicalJson(state.wording)) throw new ValidationError({ wording: ["amendments.error.wordingUnchanged"] });
  }
  return state.wording;
}

/**
 * Submits a draft (its co-authors, while the amendments phase is open — 403 otherwise): has the
 * collaboration server write what it holds, reads the document's state from the store, validates it, then — with no await
 * anywhere, so no update can land in between — flips the status, freezes `content` with its
 * content hash and submittedAt, kills the open invitation links, audits, and re-checks the
 * document's connections: co-authors' editors close with ACCESS_CHANGED and come back read-only.
 * The content hash is `contentHash(content)` (server/services/documents/content-hash.ts) of the
 * parsed `content` column; a deletion freezes null. Nothing changes on a ValidationError.
 */
export function submitAmendment(
  db: Db,
  store: CollabStateSource,
  collab: AmendmentCollab,
  actor: CurrentUser | null,
  id: number,
  now: Date,
): { contentHash: string } {
  const draft = requireManagedDraft(db, actor, id);
  const process = processOfAmendment(db, actor, draft, now);
  if (!isAmendmentPhaseOpen(process.phases, now)) throw new AmendmentsClosedError("amendment.submit");
  const version = versionsOf(db, [draft]).get(draft.versionId);
  if (!version) throw new NotFoundError("version", draft.versionId);

  // Keystrokes the server accepted in the last group-commit window are part of the text.
  collab.flush(amendmentDocumentName(draft.id));
  const content = frozenContentOf(store, draft, version);
  const hash = contentHash(content);
  db.transaction((tx) => {
    const changed = tx
      .update(amendments)
      .set({ status: "submitted", content: content === null ? null : JSON.stringify(content), contentHash: hash, submittedAt: now })
      .where(and(eq(amendments.id, draft.id), eq(amendments.status, "draft")))
      .run().changes;
    if (changed === 0) throw new ValidationError({ status: ["amendments.error.notDraft"] });
    tx.update(amendmentInvites)
      .set({ revokedAt: now })
      .where(and(eq(amendmentInvites.amendmentId, draft.id), isNull(amendmentInvites.revokedAt)))
      .run();
    appendAudit(tx, { actorId: draft.actor.id, action: "amendment.submit", targetType: "amendment", targetId: draft.id, detail: { contentHash: hash } }, now);
  });
  collab.reauthorize(amendmentDocumentName(draft.id));
  return { contentHash: hash };
}
