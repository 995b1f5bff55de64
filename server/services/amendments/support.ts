import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { amendments, amendmentSupports } from "../../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { assertCan, can } from "../../policies/can";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { ConflictError, isUniqueViolation } from "../debates/conflict";
import { AmendmentsClosedError, amendmentAccess, findAmendmentRow, isAmendmentPhaseOpen } from "./common";
import { processOfAmendment } from "./submit";

/**
 * Supports a submitted amendment once. Checks: signed in and not blocked, the amendment is
 * visible (404) and submitted (400: drafts cannot be supported, withdrawn ones no longer), the
 * amendments phase is open by server time (403), the supporter is not one of its co-authors
 * (403). The second support by the same person is refused by the primary key of
 * amendment_supports (ConflictError "already_supported" → 409), not by a prior read. The count on
 * the amendment moves in the same transaction.
 */
export function supportAmendment(db: Db, actor: CurrentUser | null, id: number, now: Date): void {
  assertCan(actor, "amendment.create", null);
  const row = findAmendmentRow(db, id);
  const access = amendmentAccess(db, row, actor);
  if (!can(actor, "amendment.view", access)) throw new NotFoundError("amendment", id);
  const process = processOfAmendment(db, actor, row, now);
  if (row.status !== "submitted") throw new ValidationError({ status: ["amendments.error.notSubmitted"] });
  if (!isAmendmentPhaseOpen(process.phases, now)) throw new AmendmentsClosedError("amendment.support");
  assertCan(actor, "amendment.support", { isCoauthor: access.isCoauthor });
  try {
    db.transaction((tx) => {
      tx.insert(amendmentSupports).values({ amendmentId: row.id, userId: actor.id, createdAt: now }).run();
      tx.update(amendments)
        .set({ supportCount: sql`${amendments.supportCount} + 1` })
        .where(eq(amendments.id, row.id))
        .run();
      appendAudit(tx, { actorId: actor.id, action: "amendment.support", targetType: "amendment", targetId: row.id }, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("already_supported");
    throw error;
  }
}
