import { and, count, desc, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { outbox } from "../../db/schema";
import { assertCan } from "../policies/can";
import type { CurrentUser } from "./current-user";
import { pageWindow, type Page } from "./pagination";

/** Outbox messages per page in the staff area. */
export const OUTBOX_PAGE_SIZE = 25;

/** Where a message stands: delivered, waiting, or failed at least once and still unsent. */
export type OutboxStatus = "sent" | "pending" | "error";
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ["sent", "pending", "error"];

/** One outbox message as staff see it (the body stays out of the list). */
export interface OutboxRow {
  id: number;
  recipient: string;
  subject: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
  status: OutboxStatus;
}

const CONDITION: Record<OutboxStatus, SQL | undefined> = {
  sent: isNotNull(outbox.sentAt),
  pending: and(isNull(outbox.sentAt), isNull(outbox.lastError)),
  error: and(isNull(outbox.sentAt), isNotNull(outbox.lastError)),
};

function statusOf(row: { sentAt: Date | null; lastError: string | null }): OutboxStatus {
  if (row.sentAt) return "sent";
  return row.lastError ? "error" : "pending";
}

/** How many messages are in each state. */
export function outboxCounts(db: Db, actor: CurrentUser | null): Record<OutboxStatus, number> {
  assertCan(actor, "outbox.view", null);
  const n = (status: OutboxStatus) => db.select({ n: count() }).from(outbox).where(CONDITION[status]).get()?.n ?? 0;
  return { sent: n("sent"), pending: n("pending"), error: n("error") };
}

/** The outbox, newest first, optionally one status only (outbox.view). */
export function listOutbox(db: Db, actor: CurrentUser | null, options: { status?: OutboxStatus; page?: number }): Page<OutboxRow> {
  assertCan(actor, "outbox.view", null);
  const where = options.status ? CONDITION[options.status] : undefined;
  const total = db.select({ n: count() }).from(outbox).where(where).get()?.n ?? 0;
  const { page, pageCount, offset } = pageWindow(options.page ?? 1, total, OUTBOX_PAGE_SIZE);
  const rows = db
    .select({
      id: outbox.id,
      recipient: outbox.recipient,
      subject: outbox.subject,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset(offset)
    .all();
  return { rows: rows.map((r) => ({ ...r, status: statusOf(r) })), total, page, pageCount, pageSize: OUTBOX_PAGE_SIZE };
}
