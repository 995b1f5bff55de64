import { and, desc, eq } from "drizzle-orm";
import type { Node as PMNode } from "prosemirror-model";
import type { Db } from "../../../db/connection";
import { documentVersions } from "../../../db/schema";
import { clauseTree, type Clause } from "../../../collab/schema/clauses";
import { documentSchema } from "../../../collab/schema/document-schema";

/**
 * Reading published versions. Versions are immutable once published, so the parsed document
 * and its clause tree are cached per version row: readers hitting the same version (the common
 * case) pay for JSON parsing and numbering once, not per request.
 */

/** A version as lists show it. */
export interface VersionSummary {
  number: number;
  publishedAt: Date;
  changelog: string;
  contentHash: string;
}

/** A published version with its parsed document and clause tree. */
export interface LoadedVersion extends VersionSummary {
  id: number;
  doc: PMNode;
  tree: Clause[];
}

/** Every published version of a process, newest first. */
export function listVersions(db: Db, processId: number): VersionSummary[] {
  return db
    .select({
      number: documentVersions.number,
      publishedAt: documentVersions.publishedAt,
      changelog: documentVersions.changelog,
      contentHash: documentVersions.contentHash,
    })
    .from(documentVersions)
    .where(eq(documentVersions.processId, processId))
    .orderBy(desc(documentVersions.number))
    .all();
}

const CACHE_LIMIT = 64;
const cache = new Map<string, { doc: PMNode; tree: Clause[] }>();

function parsed(key: string, content: string): { doc: PMNode; tree: Clause[] } {
  const hit = cache.get(key);
  if (hit) {
    // Refresh recency: Map iteration order is insertion order, so the oldest is evicted first.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const doc = documentSchema.nodeFromJSON(JSON.parse(content) as unknown);
  const entry = { doc, tree: clauseTree(doc) };
  cache.set(key, entry);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return entry;
}

/**
 * One published version by number, or null. The cache key includes the database row id and the
 * content hash, so two servers in one process (tests) or a re-seeded database never mix up.
 */
export function loadVersion(db: Db, processId: number, number: number): LoadedVersion | null {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  const where = and(eq(documentVersions.processId, processId), eq(documentVersions.number, number));
  const row = db
    .select({
      id: documentVersions.id,
      number: documentVersions.number,
      publishedAt: documentVersions.publishedAt,
      changelog: documentVersions.changelog,
      contentHash: documentVersions.contentHash,
    })
    .from(documentVersions)
    .where(where)
    .get();
  if (!row) return null;
  // The content (hundreds of KB for a long regulation) is read only when not yet cached.
  const key = `${row.id}:${row.contentHash}`;
  const entry =
    cache.get(key) ??
    parsed(key, db.select({ content: documentVersions.content }).from(documentVersions).where(eq(documentVersions.id, row.id)).get()?.content ?? "null");
  return { ...row, doc: entry.doc, tree: entry.tree };
}

/** Parses a version number from a URL segment ("3" → 3); null for anything else. */
export function parseVersionNumber(value: string | undefined): number | null {
  if (!value || !/^[1-9]\d{0,8}$/.test(value)) return null;
  return Number(value);
}
