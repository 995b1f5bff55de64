import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { submissions } from "../../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { assertCan } from "../../policies/can";
import type { CurrentUser } from "../current-user";

/** Longest withdrawal reason, in characters. */
export const WITHDRAW_REASON_MAX = 2000;

/**
 * Withdraws a filed submission (submission.amend: a resident's online filer; for an
 * organization's, its current representatives — not staff): records the time and the reason; the
 * submission stays in the register, marked withdrawn. Filed columns cannot change (trigger), and
 * a second withdrawal is refused (400).
 */
export function withdrawSubmission(db: Db, actor: CurrentUser | null, number: string, reason: string, now: Date): void {
  const row = db
    .select({ id: submissions.id, filedBy: submissions.filedBy, channel: submissions.channel, organizationId: submissions.organizationId, withdrawnAt: submissions.withdrawnAt })
    .from(submissions)
    .where(eq(submissions.number, number))
    .get();
  if (!row) throw new NotFoundError("submission", number);
  assertCan(actor, "submission.amend", { filedBy: row.filedBy, channel: row.channel, organizationId: row.organizationId });
  const text = reason.replace(/\r\n?/g, "\n").trim();
  if (text.length === 0) throw new ValidationError({ reason: ["submissions.error.reasonRequired"] });
  if (text.length > WITHDRAW_REASON_MAX) throw new ValidationError({ reason: ["submissions.error.reasonTooLong"] });
  const changed = db
    .update(submissions)
    .set({ withdrawnAt: now, withdrawReason: text })
    .where(and(eq(submissions.id, row.id), isNull(submissions.withdrawnAt)))
    .run().changes;
  if (changed === 0) throw new ValidationError({ reason: ["submissions.error.alreadyWithdrawn"] });
}
