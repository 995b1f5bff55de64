import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { amendmentAuthors, documentVersions, organizations, users, type AmendmentAuthorRole } from "../../../db/schema";
import { findClause } from "../../../collab/schema/clauses";
import { loadVersion, type LoadedVersion } from "../documents/versions";
import type { AmendmentRow } from "./common";
import { findClauseNode } from "./common";
import type { ArticleJSON } from "./wording-diff";

/**
 * Reading helpers shared by the detail and the lists: the version an amendment was made on, its
 * clause's label and base wording, its authors and organization, and its frozen content.
 */

/** One co-author as pages show them. */
export interface AmendmentAuthor {
  userId: number;
  name: string;
  role: AmendmentAuthorRole;
}

/** The published version each amendment was made on, by version row id (loaded once each). */
export function versionsOf(db: Db, rows: ReadonlyArray<Pick<AmendmentRow, "versionId" | "processId">>): Map<number, LoadedVersion> {
  const ids = [...new Set(rows.map((r) => r.versionId))];
  const out = new Map<number, LoadedVersion>();
  if (ids.length === 0) return out;
  const numbers = db
    .select({ id: documentVersions.id, processId: documentVersions.processId, number: documentVersions.number })
    .from(documentVersions)
    .where(inArray(documentVersions.id, ids))
    .all();
  for (const v of numbers) {
    const loaded = loadVersion(db, v.processId, v.number);
    if (loaded) out.set(v.id, loaded);
  }
  return out;
}

/** The label of the amended clause ("Artículo 7", "Presupuesto"), or the id when it is gone. */
export function clauseLabelIn(version: LoadedVersion | undefined, clauseId: string): string {
  return (version && findClause(version.tree, clauseId)?.label) ?? clauseId;
}

/**
 * The base wording an amendment changes: the article as it stood in its version (modify and
 * delete), null for add (a new article has no base) and budget (amounts are in `baseAmounts`).
 */
export function baseWordingIn(version: LoadedVersion | undefined, row: Pick<AmendmentRow, "kind" | "clauseId">): ArticleJSON | null {
  if (!version || (row.kind !== "modify" && row.kind !== "delete")) return null;
  const article = findClauseNode(version.doc, row.clauseId, "article");
  return article ? { type: "doc", content: [article.toJSON() as ArticleJSON] } : null;
}

/** The frozen content, parsed (null while a draft, and for deletions). */
export function frozenContent(row: Pick<AmendmentRow, "content">): unknown {
  return row.content === null ? null : (JSON.parse(row.content) as unknown);
}

/** Co-authors of each amendment, the starter first, then in joining order. */
export function authorsOf(db: Db, ids: readonly number[]): Map<number, AmendmentAuthor[]> {
  const out = new Map<number, AmendmentAuthor[]>();
  if (ids.length === 0) return out;
  const rows = db
    .select({ amendmentId: amendmentAuthors.amendmentId, userId: amendmentAuthors.userId, name: users.name, role: amendmentAuthors.role, joinedAt: amendmentAuthors.joinedAt })
    .from(amendmentAuthors)
    .innerJoin(users, eq(users.id, amendmentAuthors.userId))
    .where(inArray(amendmentAuthors.amendmentId, [...ids]))
    .orderBy(asc(amendmentAuthors.joinedAt), asc(amendmentAuthors.userId))
    .all();
  for (const r of rows) {
    const list = out.get(r.amendmentId) ?? [];
    const author = { userId: r.userId, name: r.name, role: r.role };
    if (r.role === "author") list.unshift(author);
    else list.push(author);
    out.set(r.amendmentId, list);
  }
  return out;
}

/** An amendment's organization: its name, and its slug while verified (its public profile exists). */
export interface AmendmentOrganization {
  id: number;
  name: string;
  /** The /organizations/:slug of a verified organization; null when it has no public profile. */
  profileSlug: string | null;
}

/** Organizations by id, with their profile slug when verified. */
export function organizationsOf(db: Db, ids: ReadonlyArray<number | null>): Map<number, AmendmentOrganization> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, verifiedAt: organizations.verifiedAt })
    .from(organizations)
    .where(inArray(organizations.id, wanted))
    .all();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, profileSlug: r.verifiedAt ? r.slug : null }]));
}
