import { and, asc, count, desc, eq, gte, inArray, lt, type SQL } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { documentVersions, organizations, processes, submissionAttachments, submissionClauses, submissions, type SubmissionChannel } from "../../../db/schema";
import { NotFoundError } from "../../errors";
import { can } from "../../policies/can";
import type { CurrentUser } from "../current-user";
import { pageWindow, type Page } from "../pagination";
import { findVisibleProcess } from "../processes";
import { submissionHash, type CanonicalSubmission } from "./canonical";

/** Submissions per page of the register (and of the API). */
export const REGISTER_PAGE_SIZE = 25;

/** One attachment as the viewer may see it. */
export interface SubmissionAttachmentView {
  position: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/**
 * A submission as a viewer sees it. A resident's submission that was not signed publicly shows no
 * name and no attachments to anyone but its filer and staff (`private` tells the page why).
 */
export interface SubmissionView {
  id: number;
  number: string;
  process: { slug: string; title: string };
  version: number;
  channel: SubmissionChannel;
  filedAt: Date;
  receivedAt: Date | null;
  /** The organization, when filed in one's name. */
  organization: { slug: string; name: string } | null;
  /** The filer's name, or null when the viewer may not see it. */
  filerName: string | null;
  isPublic: boolean;
  signedPublicly: boolean;
  title: string;
  body: string;
  clauseIds: string[];
  /** Null when the viewer may not see the attachments (they still count). */
  attachments: SubmissionAttachmentView[] | null;
  attachmentCount: number;
  /**
   * The receipt hash and signature: null, like the name, for whoever may not see a private
   * submission's filer — with the text and clauses public, the hash of the canonical form (which
   * holds the filer's name) would let anyone test candidate names until one matches.
   */
  contentHash: string | null;
  signature: string | null;
  keyId: string;
  corrects: string | null;
  correctedBy: string[];
  withdrawnAt: Date | null;
  withdrawReason: string | null;
  /** What the viewer may do (the server's decision, sent with the data). */
  abilities: { viewPrivate: boolean; amend: boolean };
}

type Row = typeof submissions.$inferSelect;

/** Whether a submission is public: an organization's, or signed publicly by its resident. */
export function isPublicSubmission(row: Pick<Row, "organizationId" | "signedPublicly">): boolean {
  return row.organizationId !== null || row.signedPublicly;
}

function hydrate(db: Db, viewer: CurrentUser | null, rows: Row[]): SubmissionView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const clauses = db.select().from(submissionClauses).where(inArray(submissionClauses.submissionId, ids)).orderBy(asc(submissionClauses.position)).all();
  const files = db.select().from(submissionAttachments).where(inArray(submissionAttachments.submissionId, ids)).orderBy(asc(submissionAttachments.position)).all();
  const orgIds = [...new Set(rows.map((r) => r.organizationId).filter((id): id is number => id !== null))];
  const orgs = new Map(
    orgIds.length === 0 ? [] : db.select({ id: organizations.id, slug: organizations.slug, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds)).all().map((o) => [o.id, o] as const),
  );
  const processIds = [...new Set(rows.map((r) => r.processId))];
  const procs = new Map(db.select({ id: processes.id, slug: processes.slug, title: processes.title }).from(processes).where(inArray(processes.id, processIds)).all().map((p) => [p.id, p] as const));
  const versionIds = [...new Set(rows.map((r) => r.versionId))];
  const versions = new Map(db.select({ id: documentVersions.id, number: documentVersions.number }).from(documentVersions).where(inArray(documentVersions.id, versionIds)).all().map((v) => [v.id, v.number] as const));
  const related = db
    .select({ id: submissions.id, number: submissions.number, correctsId: submissions.correctsId })
    .from(submissions)
    .where(inArray(submissions.correctsId, ids))
    .all();
  const correctsIds = rows.map((r) => r.correctsId).filter((id): id is number => id !== null);
  const correctsNumbers = new Map(
    correctsIds.length === 0 ? [] : db.select({ id: submissions.id, number: submissions.number }).from(submissions).where(inArray(submissions.id, correctsIds)).all().map((r) => [r.id, r.number] as const),
  );
  return rows.map((row) => {
    const isPublic = isPublicSubmission(row);
    const viewPrivate = can(viewer, "submission.viewPrivate", { filedBy: row.filedBy, isPublic });
    const seeAll = can(viewer, "submission.viewPrivate", { filedBy: row.filedBy, isPublic: false });
    const attachments = files.filter((f) => f.submissionId === row.id).map(({ submissionId: _, ...f }) => f);
    const seeFiler = isPublic || seeAll;
    const org = row.organizationId !== null ? (orgs.get(row.organizationId) ?? null) : null;
    const proc = procs.get(row.processId) ?? { slug: "", title: "" };
    return {
      id: row.id,
      number: row.number,
      process: { slug: proc.slug, title: proc.title },
      version: versions.get(row.versionId) ?? 0,
      channel: row.channel,
      filedAt: row.filedAt,
      receivedAt: row.receivedAt,
      organization: org ? { slug: org.slug, name: org.name } : null,
      filerName: seeFiler ? row.filerName : null,
      isPublic,
      signedPublicly: row.signedPublicly,
      title: row.title,
      body: row.body,
      clauseIds: clauses.filter((c) => c.submissionId === row.id).map((c) => c.clauseId),
      attachments: viewPrivate ? attachments : null,
      attachmentCount: attachments.length,
      contentHash: seeFiler ? row.contentHash : null,
      signature: seeFiler ? row.signature : null,
      keyId: row.keyId,
      corrects: row.correctsId !== null ? (correctsNumbers.get(row.correctsId) ?? null) : null,
      correctedBy: related.filter((r) => r.correctsId === row.id).map((r) => r.number),
      withdrawnAt: row.withdrawnAt,
      withdrawReason: row.withdrawReason,
      abilities: { viewPrivate, amend: row.withdrawnAt === null && can(viewer, "submission.amend", { filedBy: row.filedBy, channel: row.channel, organizationId: row.organizationId }) },
    };
  });
}

/** Filters of the public register (all optional). */
export interface RegisterFilter {
  organization?: string;
  clause?: string;
  /** Filed on or after / before these instants (council days converted by the route). */
  from?: Date;
  until?: Date;
  page?: number;
  /** Rows per page; the CSV export asks for all. */
  pageSize?: number;
}

/**
 * The register of a process (404 when the viewer may not see the process), newest first. Every
 * submission is listed (residents' without their name unless signed publicly); filters by
 * organization slug, clause id and date.
 */
export function listRegister(db: Db, viewer: CurrentUser | null, slug: string, filter: RegisterFilter, now: Date): Page<SubmissionView> & { organizations: Array<{ slug: string; name: string }> } {
  const process = findVisibleProcess(db, viewer, slug, now);
  if (!process) throw new NotFoundError("process", slug);
  const conditions: SQL[] = [eq(submissions.processId, process.id)];
  if (filter.organization) {
    const org = db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, filter.organization)).get();
    conditions.push(eq(submissions.organizationId, org?.id ?? -1));
  }
  if (filter.clause) {
    const withClause = db.select({ id: submissionClauses.submissionId }).from(submissionClauses).where(eq(submissionClauses.clauseId, filter.clause));
    conditions.push(inArray(submissions.id, withClause));
  }
  if (filter.from) conditions.push(gte(submissions.filedAt, filter.from));
  if (filter.until) conditions.push(lt(submissions.filedAt, filter.until));
  const where = and(...conditions);
  const total = db.select({ n: count() }).from(submissions).where(where).get()?.n ?? 0;
  const pageSize = filter.pageSize ?? REGISTER_PAGE_SIZE;
  const { page, pageCount, offset } = pageWindow(filter.page ?? 1, total, pageSize);
  const rows = db.select().from(submissions).where(where).orderBy(desc(submissions.registryYear), desc(submissions.registrySeq)).limit(pageSize).offset(offset).all();
  const orgs = db
    .selectDistinct({ slug: organizations.slug, name: organizations.name })
    .from(submissions)
    .innerJoin(organizations, eq(organizations.id, submissions.organizationId))
    .where(eq(submissions.processId, process.id))
    .orderBy(asc(organizations.name))
    .all();
  return { rows: hydrate(db, viewer, rows), total, page, pageCount, pageSize, organizations: orgs };
}

/** The submissions of a process concerning one clause (clause pages), oldest first. */
export function submissionsOnClause(db: Db, viewer: CurrentUser | null, processId: number, clauseId: string): SubmissionView[] {
  const withClause = db.select({ id: submissionClauses.submissionId }).from(submissionClauses).where(eq(submissionClauses.clauseId, clauseId));
  const rows = db.select().from(submissions).where(and(eq(submissions.processId, processId), inArray(submissions.id, withClause))).orderBy(asc(submissions.filedAt)).all();
  return hydrate(db, viewer, rows);
}

/**
 * The submissions filed in an organization's name (its public profile), newest first, in the
 * processes the viewer may see. An organization's submissions are public (ADR 0016), so no
 * further filter is needed.
 */
export function submissionsByOrganization(db: Db, viewer: CurrentUser | null, organizationId: number, now: Date): SubmissionView[] {
  const rows = db.select().from(submissions).where(eq(submissions.organizationId, organizationId)).orderBy(desc(submissions.filedAt), desc(submissions.id)).all();
  const processIds = [...new Set(rows.map((r) => r.processId))];
  const slugs = processIds.length === 0 ? [] : db.select({ id: processes.id, slug: processes.slug }).from(processes).where(inArray(processes.id, processIds)).all();
  const visible = new Set(slugs.filter((p) => findVisibleProcess(db, viewer, p.slug, now) !== null).map((p) => p.id));
  return hydrate(db, viewer, rows.filter((r) => visible.has(r.processId)));
}

/** One submission by registry number; 404 when missing or its process is hidden from the viewer. */
export function getSubmission(db: Db, viewer: CurrentUser | null, number: string, now: Date): SubmissionView {
  const row = db.select().from(submissions).where(eq(submissions.number, number)).get();
  if (!row) throw new NotFoundError("submission", number);
  const process = db.select({ slug: processes.slug }).from(processes).where(eq(processes.id, row.processId)).get();
  if (!process || !findVisibleProcess(db, viewer, process.slug, now)) throw new NotFoundError("submission", number);
  const [view] = hydrate(db, viewer, [row]);
  if (!view) throw new NotFoundError("submission", number);
  return view;
}

/**
 * The canonical content of a stored submission, rebuilt from its rows (the verifier recomputes
 * the hash from this; it must equal what was hashed at filing).
 */
export function storedCanonical(db: Db, number: string): { canonical: CanonicalSubmission; row: Row } | null {
  const row = db.select().from(submissions).where(eq(submissions.number, number)).get();
  if (!row) return null;
  const process = db.select({ slug: processes.slug }).from(processes).where(eq(processes.id, row.processId)).get();
  const version = db.select({ number: documentVersions.number }).from(documentVersions).where(eq(documentVersions.id, row.versionId)).get();
  const org = row.organizationId !== null ? db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, row.organizationId)).get() : undefined;
  const corrects = row.correctsId !== null ? db.select({ number: submissions.number }).from(submissions).where(eq(submissions.id, row.correctsId)).get() : undefined;
  const clauses = db.select({ clauseId: submissionClauses.clauseId }).from(submissionClauses).where(eq(submissionClauses.submissionId, row.id)).orderBy(asc(submissionClauses.position)).all();
  const files = db.select().from(submissionAttachments).where(eq(submissionAttachments.submissionId, row.id)).orderBy(asc(submissionAttachments.position)).all();
  return {
    row,
    canonical: {
      format: "redacta-submission-v1",
      process: process?.slug ?? "",
      version: version?.number ?? 0,
      channel: row.channel,
      filer: { kind: row.organizationId !== null ? "organization" : "person", name: row.filerName, organization: org?.slug ?? null },
      signedPublicly: row.signedPublicly,
      title: row.title,
      body: row.body,
      clauses: clauses.map((c) => c.clauseId),
      corrects: corrects?.number ?? null,
      receivedAt: row.receivedAt ? row.receivedAt.toISOString() : null,
      attachments: files.map((f) => ({ name: f.fileName, mediaType: f.mediaType, size: f.size, sha256: f.sha256 })),
    },
  };
}

/** Recomputes a stored submission's hash from its rows. */
export function recomputedHash(db: Db, number: string): string | null {
  const stored = storedCanonical(db, number);
  return stored ? submissionHash(stored.canonical) : null;
}
