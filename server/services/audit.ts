import { and, asc, count, desc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { containsText } from "../../db/queries/text-search";
import { auditLog, organizations, processes, users } from "../../db/schema";
import { assertCan } from "../policies/can";
import { AUDIT_TARGET_KINDS, isAuditAction, type AuditAction, type AuditTargetKind } from "./audit-actions";
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

/** Most ids of matching people, processes or organizations a text filter looks for. */
const TEXT_MATCH_LIMIT = 500;

/** One audit entry as staff read it. */
export interface AuditRow {
  id: number;
  actorId: number | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail: string;
  createdAt: Date;
}

/** What staff look for in the log; every field is optional and they combine with AND. */
export interface AuditFilter {
  /** Part of the actor's name or e-mail. */
  actor?: string;
  action?: AuditAction;
  targetType?: AuditTargetKind;
  /** The target's id (digits) or part of its name (a process title or slug, a person's name or e-mail, an organization's name). */
  target?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  before?: Date;
  page?: number;
}

/** Ids (as the log stores them, text) of the targets of one kind whose name contains `text`. */
function targetIdsNamed(db: Db, kind: AuditTargetKind, text: string): string[] {
  const ids = (rows: { id: number }[]) => rows.map((r) => String(r.id));
  switch (kind) {
    case "process":
      return ids(db.select({ id: processes.id }).from(processes).where(or(containsText(processes.title, text), containsText(processes.slug, text))).limit(TEXT_MATCH_LIMIT).all());
    case "user":
      return ids(db.select({ id: users.id }).from(users).where(or(containsText(users.name, text), containsText(users.email, text))).limit(TEXT_MATCH_LIMIT).all());
    case "organization":
      return ids(db.select({ id: organizations.id }).from(organizations).where(or(containsText(organizations.name, text), containsText(organizations.slug, text))).limit(TEXT_MATCH_LIMIT).all());
    // Annotations, comments and amendments have no name: they are found by id.
    case "amendment":
    case "annotation":
    case "comment":
      return [];
  }
}

function filterCondition(db: Db, filter: AuditFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.actor) {
    const actorIds = db.select({ id: users.id }).from(users).where(or(containsText(users.name, filter.actor), containsText(users.email, filter.actor))).limit(TEXT_MATCH_LIMIT).all();
    conditions.push(inArray(auditLog.actorId, actorIds.map((r) => r.id)));
  }
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
  const target = filter.target?.trim();
  if (target) {
    if (/^\d+$/.test(target)) conditions.push(eq(auditLog.targetId, String(Number(target))));
    else {
      const kinds = filter.targetType ? [filter.targetType] : AUDIT_TARGET_KINDS;
      const named = kinds.map((kind) => {
        const ids = targetIdsNamed(db, kind, target);
        return ids.length > 0 ? and(eq(auditLog.targetType, kind), inArray(auditLog.targetId, ids)) : undefined;
      });
      // No named target matches: the filter must match nothing, not everything.
      conditions.push(or(...named) ?? eq(auditLog.id, -1));
    }
  }
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.before) conditions.push(lt(auditLog.createdAt, filter.before));
  return and(...conditions);
}

/** The audit log, newest first, filtered (audit.view). */
export function listAuditEntries(db: Db, actor: CurrentUser | null, filter: AuditFilter): Page<AuditRow> {
  assertCan(actor, "audit.view", null);
  const where = filterCondition(db, filter);
  const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const { page, pageCount, offset } = pageWindow(filter.page ?? 1, total, AUDIT_PAGE_SIZE);
  const rows = db
    .select({
      id: auditLog.id,
      actorId: auditLog.actorId,
      actorName: users.name,
      actorEmail: users.email,
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

/** The distinct action codes in the log that Redacta knows, for the filter. */
export function listAuditActions(db: Db, actor: CurrentUser | null): AuditAction[] {
  assertCan(actor, "audit.view", null);
  return db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(asc(auditLog.action))
    .all()
    .map((r) => r.action)
    .filter(isAuditAction);
}
