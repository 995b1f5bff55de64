import { and, asc, count, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { isAmendmentCoauthor } from "../../../db/queries/amendment-authors";
import { amendmentAuthors, amendmentInvites, amendments, processes, users, type AmendmentKind } from "../../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { assertCan } from "../../policies/can";
import { randomToken, sha256 } from "../../security/tokens";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { INVITE_TTL_MS, MAX_COAUTHORS, requireManagedDraft } from "./common";
import { clauseLabelIn, versionsOf } from "./describe";

/**
 * Invitation links to co-author a draft. The link carries a random token; only its SHA-256 is
 * stored, so a database leak gives no working links. A link works for seven days, until revoked,
 * and only while the amendment is a draft (a submitted text has no more co-authors).
 */

/** A fresh invitation: the token (shown once, in the link) and when it stops working. */
export interface CreatedInvite {
  id: number;
  token: string;
  expiresAt: Date;
}

/** Creates an invitation link for a draft (its co-authors only). */
export function createInvite(db: Db, actor: CurrentUser | null, id: number, now: Date): CreatedInvite {
  const draft = requireManagedDraft(db, actor, id);
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  return db.transaction((tx) => {
    const row = tx
      .insert(amendmentInvites)
      .values({ amendmentId: draft.id, tokenHash: sha256(token), createdBy: draft.actor.id, createdAt: now, expiresAt })
      .returning({ id: amendmentInvites.id })
      .get();
    appendAudit(tx, { actorId: draft.actor.id, action: "amendment.invite", targetType: "amendment", targetId: draft.id, detail: { inviteId: row.id } }, now);
    return { id: row.id, token, expiresAt };
  });
}

/** An open invitation as the co-authors' panel lists it (never the token: it is not stored). */
export interface InviteView {
  id: number;
  createdAt: Date;
  expiresAt: Date;
  /** The co-author who created it. */
  createdBy: string;
}

/**
 * A link whose invitation a co-author revoked. Its holder has the secret token, so telling them
 * it was revoked reveals nothing; a token that never existed stays a plain NotFoundError.
 */
export class InviteRevokedError extends NotFoundError {
  constructor() {
    super("invite", "revoked");
  }
}

/** The draft's invitations still working at `now` (co-authors only). */
export function listInvites(db: Db, actor: CurrentUser | null, id: number, now: Date): InviteView[] {
  const draft = requireManagedDraft(db, actor, id);
  return db
    .select({ id: amendmentInvites.id, createdAt: amendmentInvites.createdAt, expiresAt: amendmentInvites.expiresAt, createdBy: users.name })
    .from(amendmentInvites)
    .innerJoin(users, eq(users.id, amendmentInvites.createdBy))
    .where(and(eq(amendmentInvites.amendmentId, draft.id), isNull(amendmentInvites.revokedAt), gt(amendmentInvites.expiresAt, now)))
    .orderBy(asc(amendmentInvites.id))
    .all();
}

/** Revokes one invitation of a draft (co-authors only); the link stops working at once. */
export function revokeInvite(db: Db, actor: CurrentUser | null, id: number, inviteId: number, now: Date): void {
  const draft = requireManagedDraft(db, actor, id);
  db.transaction((tx) => {
    const changed = tx
      .update(amendmentInvites)
      .set({ revokedAt: now })
      .where(and(eq(amendmentInvites.id, inviteId), eq(amendmentInvites.amendmentId, draft.id), isNull(amendmentInvites.revokedAt)))
      .run().changes;
    if (changed === 0) throw new NotFoundError("invite", inviteId);
    appendAudit(tx, { actorId: draft.actor.id, action: "amendment.revokeInvite", targetType: "amendment", targetId: draft.id, detail: { inviteId } }, now);
  });
}

/**
 * What the join page shows before the person confirms: which amendment, to which clause of
 * which process, started by whom — so nobody joins a draft blind.
 */
export interface InvitePreview {
  amendmentId: number;
  kind: AmendmentKind;
  clauseLabel: string;
  processTitle: string;
  /** The co-author who started it. */
  startedBy: string;
  /** Whether the person already co-authors it (the page just links to it). */
  alreadyCoauthor: boolean;
}

/**
 * The invitation behind a token if it still works: InviteRevokedError for a revoked one, else
 * NotFound (one answer for unknown, expired, or an amendment no longer a draft).
 */
function workingInvite(db: Db, token: string, now: Date): { id: number; amendmentId: number } {
  if (token.length < 16 || token.length > 128) throw new NotFoundError("invite", "token");
  const invite = db
    .select({ id: amendmentInvites.id, amendmentId: amendmentInvites.amendmentId, expiresAt: amendmentInvites.expiresAt, revokedAt: amendmentInvites.revokedAt, status: amendments.status })
    .from(amendmentInvites)
    .innerJoin(amendments, eq(amendments.id, amendmentInvites.amendmentId))
    .where(eq(amendmentInvites.tokenHash, sha256(token)))
    .get();
  if (invite && invite.revokedAt !== null) throw new InviteRevokedError();
  // Expired, or the amendment left the draft state: the link is dead either way.
  if (!invite || invite.expiresAt.getTime() <= now.getTime() || invite.status !== "draft") throw new NotFoundError("invite", "token");
  return invite;
}

/** Checks a token for the join page (signed-in person); NotFound when the link does not work. */
export function previewInvite(db: Db, actor: CurrentUser | null, token: string, now: Date): InvitePreview {
  assertCan(actor, "amendment.create", null);
  const invite = workingInvite(db, token, now);
  const already = isAmendmentCoauthor(db, invite.amendmentId, actor.id);
  const row = db
    .select({ processId: amendments.processId, versionId: amendments.versionId, kind: amendments.kind, clauseId: amendments.clauseId, processTitle: processes.title, startedBy: users.name })
    .from(amendments)
    .innerJoin(processes, eq(processes.id, amendments.processId))
    .innerJoin(users, eq(users.id, amendments.createdBy))
    .where(eq(amendments.id, invite.amendmentId))
    .get();
  if (!row) throw new NotFoundError("invite", "token");
  const version = versionsOf(db, [row]).get(row.versionId);
  return {
    amendmentId: invite.amendmentId,
    kind: row.kind,
    clauseLabel: clauseLabelIn(version, row.clauseId),
    processTitle: row.processTitle,
    startedBy: row.startedBy,
    alreadyCoauthor: already,
  };
}

/**
 * Joins a draft through an invitation link (signed in, not blocked). NotFound for a link that is
 * unknown, expired, revoked or whose amendment is no longer a draft; ValidationError when the
 * draft already has 20 co-authors. Joining twice is harmless (the same amendment id comes back).
 * A link may be used by several people until it expires or is revoked.
 */
export function acceptInvite(db: Db, actor: CurrentUser | null, token: string, now: Date): { amendmentId: number } {
  assertCan(actor, "amendment.create", null);
  const invite = workingInvite(db, token, now);
  return db.transaction((tx) => {
    const inserted = tx
      .insert(amendmentAuthors)
      .values({ amendmentId: invite.amendmentId, userId: actor.id, role: "coauthor", joinedAt: now })
      .onConflictDoNothing()
      .run().changes;
    if (inserted === 0) return { amendmentId: invite.amendmentId };
    const n = tx.select({ n: count() }).from(amendmentAuthors).where(eq(amendmentAuthors.amendmentId, invite.amendmentId)).get()?.n ?? 0;
    // Thrown inside the transaction, so the insert above is rolled back.
    if (n > MAX_COAUTHORS) throw new ValidationError({ coauthors: ["amendments.error.tooManyCoauthors"] });
    appendAudit(tx, { actorId: actor.id, action: "amendment.join", targetType: "amendment", targetId: invite.amendmentId, detail: { inviteId: invite.id } }, now);
    return { amendmentId: invite.amendmentId };
  });
}
