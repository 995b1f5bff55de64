import { eq } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { amendments } from "../../../db/schema";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { assertJustification, requireManagedDraft } from "./common";

/**
 * Replaces a draft's justification (its co-authors only; 1..5000 code points). Stored as plain
 * text: pages escape it on output like every user text.
 */
export function updateJustification(db: Db, actor: CurrentUser | null, id: number, justification: string, now: Date): void {
  const draft = requireManagedDraft(db, actor, id);
  assertJustification(justification);
  db.transaction((tx) => {
    tx.update(amendments).set({ justification }).where(eq(amendments.id, draft.id)).run();
    appendAudit(tx, { actorId: draft.actor.id, action: "amendment.justify", targetType: "amendment", targetId: draft.id }, now);
  });
}
