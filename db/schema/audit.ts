import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

/**
 * Append-only, hash-chained record of every staff action. Triggers (migrations 0001 and 0007)
 * forbid UPDATE, DELETE and an INSERT on an existing id (so INSERT OR REPLACE and upserts fail
 * too), and every row stores the hash of the one before it (server/services/audit-chain.ts), so
 * a rewrite made after dropping the triggers is still detected by `npm run audit -- verify`.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id").references(() => users.id),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    detail: text("detail").notNull().default("{}"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /**
     * The previous entry's hash (64 zeros for the first). Null only on entries written before
     * the chain existed (migration 0007): their hashes are recomputed, never stored (ADR 0010).
     */
    prevHash: text("prev_hash"),
    /** SHA-256 (hex) over this entry's canonical content and prevHash. */
    hash: text("hash"),
  },
  // One successor per entry: two writers can never fork the chain from the same predecessor.
  (t) => [index("audit_log_target").on(t.targetType, t.targetId), uniqueIndex("audit_log_prev_hash").on(t.prevHash)],
);
