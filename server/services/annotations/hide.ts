import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { annotations } from "../../../db/schema";

/** Who hid an annotation, when, and the reason readers see in its place. */
export interface Hiding {
  reason: string;
  by: number;
  at: Date;
}

/**
 * Hides an annotation (moderation): readers then see a placeholder with the public reason. Meant
 * to run inside the caller's transaction, which also settles the flags and writes the audit entry.
 * Returns false when there is no such annotation or it was already hidden (nothing changed).
 */
export function hideAnnotation(tx: Db, annotationId: number, hiding: Hiding): boolean {
  const result = tx
    .update(annotations)
    .set({ hiddenAt: hiding.at, hiddenReason: hiding.reason, hiddenBy: hiding.by })
    .where(and(eq(annotations.id, annotationId), isNull(annotations.hiddenAt)))
    .run();
  return result.changes > 0;
}
