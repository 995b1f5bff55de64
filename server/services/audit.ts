import { asc, count, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditLog, users } from "../../db/schema";
import { assertCan } from "../policies/can";
import type { AuditAction } from "./audit-actions";
import { auditChainHead, auditEntryHash } from "./audit-chain";
import type { CurrentUser } from "./current-user";
import { pageWindow, type Page } from "./pagination";

/** One staff action to record. */
export interface AuditEntry {
  actorId: number | null;
  /** One of the listed codes (audit-actions.ts), so that every entry can be read as a sentence. */
  action: AuditAction;
  targetType: string;
  targetId: string | number;
  detail?: Record<string, unknown>;
}

/**
 * Appends to the audit log: the one writer, which also chains the entry (audit-chain.ts). Call
 * it inside the same transaction as the action it records so that an action and its record are
 * never separated. Reading the chain's head and inserting the next entry happen in one
 * transaction (a savepoint when nested), so concurrent writers — SQLite lets one write at a time
 * — each chain from the entry committed before them; the unique prev_hash index refuses a fork.
 */
export function appendAudit(db: Db, entry: AuditEntry, now = new Date()): void {
  db.transaction((tx) => {
    const head = auditChainHead(tx);
    const content = {
      // An explicit id: the hash covers it, so it must be known before the insert.
      id: head.id + 1,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: String(entry.targetId),
      detail: JSON.stringify(entry.detail ?? {}),
      createdAt: now,
    };
    tx.insert(auditLog)
      .values({ ...content, prevHash: head.hash, hash: auditEntryHash(content, head.hash) })
      .run();
  });
}

/** Audit entries per page in the staff area. */
export const AUDIT_PAGE_SIZE = 25;

/** One audit entry as staff read it. */
export interface AuditRow {
  id: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail: string;
  createdAt: Date;
}

/** The audit log, newest first, optionally only one action (audit.view). */
export function listAuditEntries(db: Db, actor: CurrentUser | null, options: { action?: string; page?: number }): Page<AuditRow> {
  assertCan(actor, "audit.view", null);
  const where = options.action ? eq(auditLog.action, options.action) : undefined;
  const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const { page, pageCount, offset } = pageWindow(options.page ?? 1, total, AUDIT_PAGE_SIZE);
  const rows = db
    .select({
      id: auditLog.id,
      actorId: auditLog.actorId,
      actorName: users.name,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      detail: auditLog.detail,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where)
    // Ids grow with time; they break ties between entries written in the same millisecond.
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset(offset)
    .all();
  return { rows, total, page, pageCount, pageSize: AUDIT_PAGE_SIZE };
}

/** The distinct action names in the log, for the filter. */
export function listAuditActions(db: Db, actor: CurrentUser | null): string[] {
  assertCan(actor, "audit.view", null);
  return db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(asc(auditLog.action))
    .all()
    .map((r) => r.action);
}
