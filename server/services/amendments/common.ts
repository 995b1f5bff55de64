import { eq } from "drizzle-orm";
import type { Node as PMNode } from "prosemirror-model";
import type { Db } from "../../../db/connection";
import { isAmendmentCoauthor } from "../../../db/queries/amendment-authors";
import { amendments, type AmendmentKind, type AmendmentStatus } from "../../../db/schema";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import type { AmendmentAccess } from "../../policies/amendment";
import { assertCan, can } from "../../policies/can";
import { codePointLength } from "../annotations/anchoring";
import { loadLatestClause, type LatestClause } from "../documents/latest-clause";
import type { CurrentUser } from "../current-user";
import { isPhaseOpen, type PhaseWindow } from "../phases";

/**
 * What every amendment operation shares: limits, the phase rule, the document name, reading an
 * amendment's row and its co-authors, and finding the clause an amendment is about.
 */

/** Longest justification, in code points. */
export const JUSTIFICATION_MAX = 5000;
/** Most co-authors an amendment may have, the one who started it included. */
export const MAX_COAUTHORS = 20;
/** How long an invitation link works. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Amendments per page of a process's list (and of the API). */
export const AMENDMENT_PAGE_SIZE = 20;
/** How much of a justification summaries show. */
export const SUMMARY_JUSTIFICATION_CHARS = 280;

/** The collaborative document holding an amendment's wording while it is a draft. */
export function amendmentDocumentName(id: number): string {
  return `amendment-${id}`;
}

/** Parses `amendment-{id}` back to the id, or null. */
export function parseAmendmentDocumentName(name: string): number | null {
  const match = /^amendment-([1-9]\d{0,15})$/.exec(name);
  return match ? Number(match[1]) : null;
}

/**
 * Amendments are started, submitted and supported only while the process's "amendments" phase is
 * open by server time — for staff too. 403.
 */
export class AmendmentsClosedError extends ForbiddenError {
  constructor(action: string) {
    super(`${action}:phase_closed`);
  }
}

/** Whether the amendments phase of a process is open at `now`. */
export function isAmendmentPhaseOpen(phases: PhaseWindow[], now: Date): boolean {
  return isPhaseOpen(phases, "amendments", now);
}

/** The justification's problem as a translation key, or null. */
export function justificationProblem(justification: string): string | null {
  if (justification.trim() === "") return "amendments.error.justificationRequired";
  if (codePointLength(justification) > JUSTIFICATION_MAX) return "amendments.error.justificationTooLong";
  return null;
}

/** Throws a ValidationError for a missing or oversized justification. */
export function assertJustification(justification: string): void {
  const problem = justificationProblem(justification);
  if (problem) throw new ValidationError({ justification: [problem] });
}

/** The columns of an amendment row that operations need. */
export interface AmendmentRow {
  id: number;
  processId: number;
  versionId: number;
  clauseId: string;
  kind: AmendmentKind;
  status: AmendmentStatus;
  justification: string;
  parentId: number | null;
  organizationId: number | null;
  createdBy: number;
  createdAt: Date;
  content: string | null;
  contentHash: string | null;
  submittedAt: Date | null;
  withdrawnAt: Date | null;
  supportCount: number;
}

/** Explicit column list of AmendmentRow. */
export const amendmentColumns = {
  id: amendments.id,
  processId: amendments.processId,
  versionId: amendments.versionId,
  clauseId: amendments.clauseId,
  kind: amendments.kind,
  status: amendments.status,
  justification: amendments.justification,
  parentId: amendments.parentId,
  organizationId: amendments.organizationId,
  createdBy: amendments.createdBy,
  createdAt: amendments.createdAt,
  content: amendments.content,
  contentHash: amendments.contentHash,
  submittedAt: amendments.submittedAt,
  withdrawnAt: amendments.withdrawnAt,
  supportCount: amendments.supportCount,
};

/** The amendment row, or NotFoundError. Visibility is decided by the caller. */
export function findAmendmentRow(db: Db, id: number): AmendmentRow {
  const row = Number.isSafeInteger(id) && id > 0 ? db.select(amendmentColumns).from(amendments).where(eq(amendments.id, id)).get() : undefined;
  if (!row) throw new NotFoundError("amendment", id);
  return row;
}

/**
 * What the amendment policy (server/policies/amendment.ts) needs about `row` and `person`: its
 * status, whether it was ever submitted, and whether the person co-authors it.
 */
export function amendmentAccess(db: Db, row: Pick<AmendmentRow, "id" | "status" | "submittedAt">, person: CurrentUser | null): AmendmentAccess {
  return { status: row.status, submittedAt: row.submittedAt, isCoauthor: isAmendmentCoauthor(db, row.id, person?.id) };
}

/**
 * Whether an amendment is public: it was submitted once (it may have been withdrawn since).
 * A draft — and a draft withdrawn before anyone else saw it — stays private to its co-authors.
 */
export function isPublicAmendment(row: Pick<AmendmentRow, "submittedAt">): boolean {
  return row.submittedAt !== null;
}

/** Whether `viewer` may see the amendment ("amendment.view"). */
export function canSeeAmendment(db: Db, viewer: CurrentUser | null, row: Pick<AmendmentRow, "id" | "status" | "submittedAt">): boolean {
  return can(viewer, "amendment.view", amendmentAccess(db, row, viewer));
}

/**
 * A draft the actor co-authors, for managing and writing operations: NotFound when the actor may
 * not even see it ("amendment.view": drafts stay private), Forbidden for a non-co-author who may
 * see it (staff, or anyone once it is public), Validation when it is no longer a draft (a
 * co-author who may not "amendment.write" any more).
 */
export function requireManagedDraft(db: Db, actor: CurrentUser | null, id: number): AmendmentRow & { actor: CurrentUser } {
  const row = findAmendmentRow(db, id);
  const access = amendmentAccess(db, row, actor);
  if (!can(actor, "amendment.view", access)) throw new NotFoundError("amendment", id);
  assertCan(actor, "amendment.manage", { isCoauthor: access.isCoauthor });
  if (!can(actor, "amendment.write", access)) throw new ValidationError({ status: ["amendments.error.notDraft"] });
  return { ...row, actor };
}

/** The process, its latest version and the clause of an amendment. */
export type AmendmentContext = LatestClause;

/** A visible process's clause in its latest published version (NotFoundError otherwise). */
export const loadClauseContext = loadLatestClause;

/** The node with this clause id and type in a document, or null. */
export function findClauseNode(doc: PMNode, clauseId: string, type: string): PMNode | null {
  let found: PMNode | null = null;
  doc.descendants((node) => {
    if (found) return false;
    if (node.type.name === type && node.attrs.id === clauseId) {
      found = node;
      return false;
    }
    return true;
  });
  return found;
}
