import { and, asc, count, eq, notInArray } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { amendmentAuthors, organizationMembers, users } from "../../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { ConflictError, isUniqueViolation } from "../debates/conflict";
import type { AmendmentCollab } from "./collab-gateway";
import { amendmentDocumentName, MAX_COAUTHORS, requireManagedDraft } from "./common";

/**
 * Co-authors picked from the amendment's organization, and co-authors removed (or leaving).
 * Only co-authors of a draft manage co-authors; the one who started it cannot be removed.
 */

/** A member of the amendment's organization who could be added as a co-author. */
export interface CoauthorCandidate {
  userId: number;
  name: string;
}

/** Members of the draft's organization who are not co-authors yet (empty without an organization). */
export function listOrganizationCandidates(db: Db, actor: CurrentUser | null, id: number): CoauthorCandidate[] {
  const draft = requireManagedDraft(db, actor, id);
  if (draft.organizationId === null) return [];
  const current = db.select({ userId: amendmentAuthors.userId }).from(amendmentAuthors).where(eq(amendmentAuthors.amendmentId, draft.id));
  return db
    .select({ userId: users.id, name: users.name })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(and(eq(organizationMembers.organizationId, draft.organizationId), notInArray(users.id, current)))
    .orderBy(asc(users.name), asc(users.id))
    .all();
}

/**
 * Adds a member of the draft's organization as a co-author (co-authors only). ValidationError
 * when the draft has no organization, the person is not a member, or 20 co-authors are reached;
 * ConflictError "already_coauthor" (409) when they already are one — the primary key decides.
 */
export function addOrganizationCoauthor(db: Db, actor: CurrentUser | null, id: number, userId: number, now: Date): void {
  const draft = requireManagedDraft(db, actor, id);
  if (draft.organizationId === null) throw new ValidationError({ userId: ["amendments.error.noOrganization"] });
  const member = db
    .select({ userId: organizationMembers.userId, blockedAt: users.blockedAt })
    .from(organizationMembers)
    .innerJoin(users, eq(users.id, organizationMembers.userId))
    .where(and(eq(organizationMembers.organizationId, draft.organizationId), eq(organizationMembers.userId, userId)))
    .get();
  if (!member || member.blockedAt !== null) throw new ValidationError({ userId: ["amendments.error.notMember"] });
  try {
    db.transaction((tx) => {
      tx.insert(amendmentAuthors).values({ amendmentId: draft.id, userId, role: "coauthor", joinedAt: now }).run();
      const n = tx.select({ n: count() }).from(amendmentAuthors).where(eq(amendmentAuthors.amendmentId, draft.id)).get()?.n ?? 0;
      if (n > MAX_COAUTHORS) throw new ValidationError({ userId: ["amendments.error.tooManyCoauthors"] });
      appendAudit(tx, { actorId: draft.actor.id, action: "amendment.addCoauthor", targetType: "amendment", targetId: draft.id, detail: { userId } }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("already_coauthor");
    throw error;
  }
}

/**
 * Removes a co-author from a draft, or lets a co-author leave (userId = the actor). The starter
 * cannot be removed (ValidationError). After the commit the document's connections are
 * re-checked, so the removed person's open editor closes at once (ACCESS_REVOKED).
 */
export function removeCoauthor(db: Db, collab: AmendmentCollab, actor: CurrentUser | null, id: number, userId: number, now: Date): void {
  const draft = requireManagedDraft(db, actor, id);
  db.transaction((tx) => {
    const target = tx
      .select({ role: amendmentAuthors.role })
      .from(amendmentAuthors)
      .where(and(eq(amendmentAuthors.amendmentId, draft.id), eq(amendmentAuthors.userId, userId)))
      .get();
    if (!target) throw new NotFoundError("coauthor", userId);
    if (target.role === "author") throw new ValidationError({ userId: ["amendments.error.cannotRemoveStarter"] });
    tx.delete(amendmentAuthors).where(and(eq(amendmentAuthors.amendmentId, draft.id), eq(amendmentAuthors.userId, userId))).run();
    appendAudit(
      tx,
      { actorId: draft.actor.id, action: userId === draft.actor.id ? "amendment.leave" : "amendment.removeCoauthor", targetType: "amendment", targetId: draft.id, detail: { userId } },
      now,
    );
  });
  collab.reauthorize(amendmentDocumentName(draft.id));
}
