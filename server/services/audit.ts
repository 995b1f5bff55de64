import type { Db } from "../../db/connection";
import { auditLog } from "../../db/schema";

/** One staff action to record. */
export interface AuditEntry {
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: string | number;
  detail?: Record<string, unknown>;
}

/**
 * Appends to the audit log. Call it inside the same transaction as the action it records so
 * that an action and its record are never separated.
 */
export function appendAudit(db: Db, entry: AuditEntry, now = new Date()): void {
  db.insert(auditLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: String(entry.targetId),
      detail: JSON.stringify(entry.detail ?? {}),
      createdAt: now,
    })
    .run();
}
