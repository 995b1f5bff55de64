import { and, asc, count, desc, eq, inArray, isNotNull, isNull, or, type SQL } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { coauthoredAmendmentIds } from "../../../db/queries/amendment-authors";
import { amendments, processes, type AmendmentKind, type AmendmentStatus } from "../../../db/schema";
import { NotFoundError } from "../../errors";
import type { CurrentUser } from "../current-user";
import { findVisibleProcess } from "../processes";
import { AMENDMENT_PAGE_SIZE, amendmentColumns, canSeeAmendment, SUMMARY_JUSTIFICATION_CHARS, type AmendmentRow } from "./common";
import { authorsOf, baseWordingIn, clauseLabelIn, frozenContent, organizationsOf, versionsOf } from "./describe";
import type { ArticleJSON } from "./wording-diff";

/** An amendment as lists show it. */
export interface AmendmentSummary {
  id: number;
  kind: AmendmentKind;
  status: AmendmentStatus;
  clauseId: string;
  clauseLabel: string;
  /** The first 280 characters (code points) of the justification. */
  justification: string;
  /** Whether `justification` was cut. */
  justificationTruncated: boolean;
  /** Co-authors' names, the starter first. */
  authors: string[];
  organization: string | null;
  /** The organization's public profile slug (verified organizations only). */
  organizationProfile: string | null;
  supportCount: number;
  createdAt: Date;
  submittedAt: Date | null;
  withdrawnAt: Date | null;
  contentHash: string | null;
  /** The base article (modify, delete) or null. */
  base: ArticleJSON | null;
  /** The frozen content (see AmendmentDetail.content), null for drafts and deletions. */
  content: unknown;
}

/** One page of a process's amendments. */
export interface AmendmentPage {
  items: AmendmentSummary[];
  total: number;
  page: number;
  pages: number;
}

/** Public amendments: submitted once (maybe withdrawn since). A draft withdrawn unseen stays private. */
const isPublic = isNotNull(amendments.submittedAt);

/** Summaries of rows, with their authors, organizations, versions read in a few queries. */
export function summarize(db: Db, rows: AmendmentRow[]): AmendmentSummary[] {
  const versions = versionsOf(db, rows);
  const authors = authorsOf(db, rows.map((r) => r.id));
  const orgs = organizationsOf(db, rows.map((r) => r.organizationId));
  return rows.map((row) => {
    const points = [...row.justification];
    const version = versions.get(row.versionId);
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      clauseId: row.clauseId,
      clauseLabel: clauseLabelIn(version, row.clauseId),
      justification: points.slice(0, SUMMARY_JUSTIFICATION_CHARS).join(""),
      justificationTruncated: points.length > SUMMARY_JUSTIFICATION_CHARS,
      authors: (authors.get(row.id) ?? []).map((a) => a.name),
      organization: row.organizationId === null ? null : (orgs.get(row.organizationId)?.name ?? null),
      organizationProfile: row.organizationId === null ? null : (orgs.get(row.organizationId)?.profileSlug ?? null),
      supportCount: row.supportCount,
      createdAt: row.createdAt,
      submittedAt: row.submittedAt,
      withdrawnAt: row.withdrawnAt,
      contentHash: row.contentHash,
      base: baseWordingIn(version, row),
      content: frozenContent(row),
    };
  });
}

function processIdOf(db: Db, viewer: CurrentUser | null, slug: string, now: Date): number {
  const process = findVisibleProcess(db, viewer, slug, now);
  if (!process) throw new NotFoundError("process", slug);
  return process.id;
}

/**
 * The amendments of one clause: public ones (submitted, or withdrawn after submission) for
 * everyone, plus the viewer's own private ones (drafts; never anyone else's). Most supported first, then oldest. NotFound for an invisible process.
 */
export function listClauseAmendments(db: Db, viewer: CurrentUser | null, slug: string, clauseId: string, now: Date): AmendmentSummary[] {
  const processId = processIdOf(db, viewer, slug, now);
  const own: SQL | undefined =
    viewer === null
      ? undefined
      : and(
          isNull(amendments.submittedAt),
          inArray(amendments.id, coauthoredAmendmentIds(db, viewer.id)),
        );
  const rows = db
    .select(amendmentColumns)
    .from(amendments)
    .where(and(eq(amendments.processId, processId), eq(amendments.clauseId, clauseId), or(isPublic, own)))
    .orderBy(desc(amendments.supportCount), asc(amendments.id))
    .all();
  return summarize(db, rows);
}

/**
 * One page of a process's public amendments (submitted, or withdrawn after submission; `status`
 * narrows to one of them), most supported first, then oldest. Drafts are never listed here. A page past the end
 * comes back empty with the real `pages` (callers answer 404 if they wish).
 */
export function listProcessAmendments(
  db: Db,
  viewer: CurrentUser | null,
  slug: string,
  options: { status?: "submitted" | "withdrawn"; page: number },
  now: Date,
): AmendmentPage {
  const processId = processIdOf(db, viewer, slug, now);
  const where = and(eq(amendments.processId, processId), isPublic, options.status ? eq(amendments.status, options.status) : undefined);
  const total = db.select({ n: count() }).from(amendments).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / AMENDMENT_PAGE_SIZE));
  const page = Math.max(1, Math.floor(options.page));
  const offset = (page - 1) * AMENDMENT_PAGE_SIZE;
  const rows = db
    .select(amendmentColumns)
    .from(amendments)
    .where(where)
    .orderBy(desc(amendments.supportCount), asc(amendments.id))
    .limit(AMENDMENT_PAGE_SIZE)
    .offset(offset)
    .all();
  return { items: summarize(db, rows), total, page, pages };
}

/** Most amendments an organization's profile lists (newest first). */
export const ORGANIZATION_AMENDMENTS_MAX = 100;

/** A public amendment filed in an organization's name, with its process. */
export interface OrganizationAmendment extends AmendmentSummary {
  process: { slug: string; title: string };
}

/**
 * The amendments filed in an organization's name that anybody may see: submitted (or withdrawn
 * after submission) in a published process, each passed through "amendment.view" as an anonymous
 * visitor, so that a profile never shows a draft, whoever looks. Newest submission first.
 */
export function listOrganizationAmendments(db: Db, organizationId: number): OrganizationAmendment[] {
  const rows = db
    .select({ ...amendmentColumns, processSlug: processes.slug, processTitle: processes.title })
    .from(amendments)
    .innerJoin(processes, eq(processes.id, amendments.processId))
    .where(and(eq(amendments.organizationId, organizationId), isPublic, isNotNull(processes.publishedAt)))
    .orderBy(desc(amendments.submittedAt), desc(amendments.id))
    .limit(ORGANIZATION_AMENDMENTS_MAX)
    .all()
    .filter((row) => canSeeAmendment(db, null, row));
  const summaries = summarize(db, rows);
  return summaries.map((summary, i) => {
    const row = rows[i];
    if (!row) throw new RangeError(`No row for summary ${i}`);
    return { ...summary, process: { slug: row.processSlug, title: row.processTitle } };
  });
}
