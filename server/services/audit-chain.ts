import { createHash } from "node:crypto";
import { asc, desc, gt } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { auditLog } from "../../db/schema";

/**
 * The audit log's hash chain (ADR 0010). Each entry stores `prev_hash` (the hash of the entry
 * before it, GENESIS_HASH for the first) and `hash` = SHA-256 over its canonical content and
 * prev_hash. Rewriting, inserting or deleting an entry anywhere — even after dropping the
 * triggers — breaks the link to the next one, which `verifyAuditChain` reports.
 *
 * Entries written before the chain existed (migration 0007) keep NULL hashes: the triggers forbid
 * filling them in, so their hashes are recomputed the same way, in id order from GENESIS_HASH,
 * whenever they are needed, and the first stored entry chains from the last of them.
 */

/** The prev_hash of the very first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** The columns an entry's hash covers. */
export interface ChainedContent {
  id: number;
  actorId: number | null;
  action: string;
  targetType: string;
  targetId: string;
  detail: string;
  createdAt: Date;
}

/**
 * The canonical text of an entry: a JSON array in a fixed column order (no key-order or
 * whitespace ambiguity), the time as epoch milliseconds as stored.
 */
export function canonicalAuditContent(entry: ChainedContent): string {
  return JSON.stringify([entry.id, entry.actorId, entry.action, entry.targetType, entry.targetId, entry.detail, entry.createdAt.getTime()]);
}

/** SHA-256 (hex) of an entry's canonical content followed by its predecessor's hash. */
export function auditEntryHash(entry: ChainedContent, prevHash: string): string {
  return createHash("sha256").update(canonicalAuditContent(entry)).update("\n").update(prevHash).digest("hex");
}

const chainColumns = {
  id: auditLog.id,
  actorId: auditLog.actorId,
  action: auditLog.action,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  detail: auditLog.detail,
  createdAt: auditLog.createdAt,
  prevHash: auditLog.prevHash,
  hash: auditLog.hash,
};

type ChainRow = ChainedContent & { prevHash: string | null; hash: string | null };

/** Entries read per query while walking the chain, so a long log never sits in memory whole. */
const WALK_BATCH = 1000;

/** Calls `visit` for every entry in id order, in batches. Stops early when it returns false. */
function walk(db: Db, visit: (row: ChainRow) => boolean): void {
  let after = 0;
  for (;;) {
    const rows = db.select(chainColumns).from(auditLog).where(gt(auditLog.id, after)).orderBy(asc(auditLog.id)).limit(WALK_BATCH).all();
    for (const row of rows) if (!visit(row)) return;
    const last = rows.at(-1);
    if (!last || rows.length < WALK_BATCH) return;
    after = last.id;
  }
}

/** The last entry's id (0 when empty) and hash: what the next entry chains from. */
export function auditChainHead(db: Db): { id: number; hash: string } {
  const last = db.select({ id: auditLog.id, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get();
  if (!last) return { id: 0, hash: GENESIS_HASH };
  if (last.hash !== null) return { id: last.id, hash: last.hash };
  // Only entries from before the chain end in a NULL hash (the trigger refuses new ones): recompute.
  let hash = GENESIS_HASH;
  walk(db, (row) => {
    hash = row.hash ?? auditEntryHash(row, hash);
    return true;
  });
  return { id: last.id, hash };
}

/** What verification found: the number of entries checked, or the first broken one. */
export type ChainVerdict = { ok: true; entries: number } | { ok: false; entries: number; entryId: number; problem: "content_changed" | "link_broken" | "unchained_after_chain" };

/**
 * Walks the whole log in id order and recomputes every hash. Reports the first entry whose
 * stored hash does not match its content (`content_changed`: the entry was rewritten), whose
 * prev_hash is not its predecessor's hash (`link_broken`: an entry before it was rewritten,
 * removed or inserted), or that has no hash after chained entries (`unchained_after_chain`).
 */
export function verifyAuditChain(db: Db): ChainVerdict {
  let expectedPrev = GENESIS_HASH;
  let chained = false;
  let entries = 0;
  let broken: ChainVerdict | null = null;
  walk(db, (row) => {
    entries++;
    if (row.hash === null || row.prevHash === null) {
      if (chained || row.hash !== row.prevHash) {
        broken = { ok: false, entries, entryId: row.id, problem: "unchained_after_chain" };
        return false;
      }
      expectedPrev = auditEntryHash(row, expectedPrev);
      return true;
    }
    chained = true;
    if (row.prevHash !== expectedPrev) {
      broken = { ok: false, entries, entryId: row.id, problem: "link_broken" };
      return false;
    }
    if (auditEntryHash(row, row.prevHash) !== row.hash) {
      broken = { ok: false, entries, entryId: row.id, problem: "content_changed" };
      return false;
    }
    expectedPrev = row.hash;
    return true;
  });
  return broken ?? { ok: true, entries };
}
