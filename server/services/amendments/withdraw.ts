import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { amendments } from "../../../db/schema";
import { ForbiddenError, NotFoundError, ValidationError } from "../../errors";
import { can } from "../../policies/can";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import type { AmendmentCollab } from "./collab-gateway";
import { amendmentAccess, amendmentDocumentName, findAmendmentRow } from "./common";

/**
 * Withdraws an amendment, draft or submitted (its co-authors only, at any time: taking one's
 * own proposal back is never closed). Supports already given are kept and shown, but no more can
 * be added. The document's connections are re-checked: a withdrawn draft stays private to its
 * co-authors, read-only; a withdrawn submitted one stays public, read-only.
 */
export function withdrawAmendment(db: Db, collab: AmendmentCollab, actor: CurrentUser | null, id: number, now: Date): void {
  const row = findAmendmentRow(db, id);
  const access = amendmentAccess(db, row, actor);
  if (!can(actor, "amendment.view", access)) throw new NotFoundError("amendment", id);
  if (!can(actor, "amendment.manage", { isCoauthor: access.isCoauthor })) throw new ForbiddenError("amendment.manage");
  db.transaction((tx) => {
    const changed = tx
      .update(amendments)
      .set({ status: "withdrawn", withdrawnAt: now })
      .where(and(eq(amendments.id, row.id), ne(amendments.status, "withdrawn")))
      .run().changes;
    if (changed === 0) throw new ValidationError({ status: ["amendments.error.alreadyWithdrawn"] });
    appendAudit(tx, { actorId: actor?.id ?? null, action: "amendment.withdraw", targetType: "amendment", targetId: row.id, detail: { from: row.status } }, now);
  });
  collab.reauthorize(amendmentDocumentName(row.id));
}
