import type { Db } from "../../../db/connection";
import { NotFoundError, ValidationError } from "../../errors";
import { assertCan } from "../../policies/can";
import type { CurrentUser } from "../current-user";
import { canSeeAmendment, findAmendmentRow } from "./common";
import { startAmendment } from "./start";
import { processOfAmendment } from "./submit";

/**
 * "Amend further": a submitted amendment never changes again, so a change to it is a NEW draft
 * linked to it (parentId), started by anyone signed in while the amendments phase is open. Its
 * wording (or amounts) starts as the parent's frozen content and its justification as the
 * parent's, for the new co-authors to rewrite; it amends the same clause, of the same kind.
 */
export function amendFurther(db: Db, actor: CurrentUser | null, id: number, now: Date): { id: number } {
  assertCan(actor, "amendment.create", null);
  const parent = findAmendmentRow(db, id);
  if (!canSeeAmendment(db, actor, parent)) throw new NotFoundError("amendment", id);
  if (parent.status !== "submitted") throw new ValidationError({ parentId: ["amendments.error.parentNotSubmitted"] });
  const process = processOfAmendment(db, actor, parent, now);
  return startAmendment(db, actor, { slug: process.slug, clauseId: parent.clauseId, kind: parent.kind, justification: parent.justification, parentId: parent.id }, now);
}
