import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { amendmentAuthors, amendments, amendmentSupports, annotations, comments, commentSupports, flags, organizations, submissions, type AmendmentKind, type AmendmentStatus, type CarryStatus } from "../../db/schema";
import { amendmentColumns, canSeeAmendment, type AmendmentRow } from "./amendments/common";
import { clauseLabelIn, versionsOf } from "./amendments/describe";
import type { CurrentUser } from "./current-user";
import { listVisibleProcesses } from "./processes";

/**
 * "My participation": everything one signed-in person took part in — the formal submissions
 * they filed online, the amendments they co-author (drafts included, so a co-author finds a
 * draft without knowing its URL), their annotations, comments, supports and flags — each with
 * its status and a link. Only processes
 * the person may see today are listed; each list is newest first and bounded.
 */

/** Most entries per list: a person's own participation, bounded so the page stays light. */
export const PARTICIPATION_LIST_MAX = 200;
/** Characters of a body shown in the lists. */
const EXCERPT_CHARS = 160;

/** The process an entry belongs to. */
export interface ParticipationProcess {
  slug: string;
  title: string;
}

/** A formal submission the person filed online (as themself or in an organization's name). */
export interface MySubmission {
  number: string;
  process: ParticipationProcess;
  title: string;
  /** The organization it was filed for, or null when filed as themself. */
  organization: string | null;
  filedAt: Date;
  withdrawn: boolean;
  correction: boolean;
  href: string;
}

/** An amendment the person co-authors. */
export interface MyAmendment {
  id: number;
  process: ParticipationProcess;
  clauseId: string;
  clauseLabel: string;
  kind: AmendmentKind;
  status: AmendmentStatus;
  /** Whether the person started it (otherwise they joined as co-author). */
  starter: boolean;
  supportCount: number;
  createdAt: Date;
  submittedAt: Date | null;
  withdrawnAt: Date | null;
  href: string;
}

/** An annotation the person wrote. */
export interface MyAnnotation {
  id: number;
  process: ParticipationProcess;
  clauseId: string;
  quote: string;
  excerpt: string;
  carryStatus: CarryStatus;
  hidden: boolean;
  createdAt: Date;
  href: string;
}

/** A comment (or reply) the person wrote. */
export interface MyComment {
  id: number;
  process: ParticipationProcess;
  clauseId: string;
  excerpt: string;
  reply: boolean;
  hidden: boolean;
  supportCount: number;
  createdAt: Date;
  href: string;
}

/** A support the person gave to a comment or an amendment. */
export interface MySupport {
  target: "comment" | "amendment";
  targetId: number;
  process: ParticipationProcess;
  createdAt: Date;
  href: string;
}

/** A report the person sent to moderators, and what became of it. */
export interface MyFlag {
  id: number;
  target: "comment" | "annotation";
  targetId: number;
  reason: string;
  status: "open" | "hidden" | "dismissed";
  createdAt: Date;
  /** Where the reported content is, or null when its process is no longer visible. */
  href: string | null;
}

/** Everything one person took part in. */
export interface Participation {
  submissions: MySubmission[];
  amendments: MyAmendment[];
  annotations: MyAnnotation[];
  comments: MyComment[];
  supports: MySupport[];
  flags: MyFlag[];
}

function excerpt(text: string): string {
  const points = [...text];
  return points.length > EXCERPT_CHARS ? `${points.slice(0, EXCERPT_CHARS).join("")}…` : text;
}

const clauseHref = (slug: string, clauseId: string) => `/processes/${slug}/clauses/${encodeURIComponent(clauseId)}`;
const amendmentHref = (slug: string, id: number) => `/processes/${slug}/amendments/${id}`;

/** The processes the person may see, by id. */
function visibleProcesses(db: Db, user: CurrentUser, now: Date): Map<number, ParticipationProcess> {
  return new Map(listVisibleProcesses(db, user, now).map((p) => [p.id, { slug: p.slug, title: p.title }]));
}

/** Whether the person may see this amendment: the amendment access policy ("amendment.view"). */
function mayViewAmendment(db: Db, user: CurrentUser, row: Pick<AmendmentRow, "id" | "status" | "submittedAt">): boolean {
  return canSeeAmendment(db, user, row);
}

function amendmentsOf(db: Db, user: CurrentUser, visible: Map<number, ParticipationProcess>): MyAmendment[] {
  if (visible.size === 0) return [];
  const rows = db
    .select({ ...amendmentColumns, role: amendmentAuthors.role })
    .from(amendmentAuthors)
    .innerJoin(amendments, eq(amendments.id, amendmentAuthors.amendmentId))
    .where(and(eq(amendmentAuthors.userId, user.id), inArray(amendments.processId, [...visible.keys()])))
    .orderBy(desc(amendments.id))
    .limit(PARTICIPATION_LIST_MAX)
    .all()
    .filter((row) => mayViewAmendment(db, user, row));
  const versions = versionsOf(db, rows);
  return rows.flatMap((row) => {
    const process = visible.get(row.processId);
    if (!process) return [];
    return [
      {
        id: row.id,
        process,
        clauseId: row.clauseId,
        clauseLabel: clauseLabelIn(versions.get(row.versionId), row.clauseId),
        kind: row.kind,
        status: row.status,
        starter: row.role === "author",
        supportCount: row.supportCount,
        createdAt: row.createdAt,
        submittedAt: row.submittedAt,
        withdrawnAt: row.withdrawnAt,
        href: amendmentHref(process.slug, row.id),
      },
    ];
  });
}

/** The amendments `user` co-authors, drafts included, newest first (the API's `/me/amendments`). */
export function myAmendments(db: Db, user: CurrentUser, now: Date): MyAmendment[] {
  return amendmentsOf(db, user, visibleProcesses(db, user, now));
}

/** Everything `user` took part in, in processes they may see today. */
export function myParticipation(db: Db, user: CurrentUser, now: Date): Participation {
  const visible = visibleProcesses(db, user, now);
  const processIds = [...visible.keys()];
  if (processIds.length === 0) return { submissions: [], amendments: [], annotations: [], comments: [], supports: [], flags: [] };

  // Paper submissions are filed by the staff member who registered them: they are the filer's,
  // not the officer's, so only online filings are listed here.
  const mySubmissions = db
    .select({
      number: submissions.number,
      processId: submissions.processId,
      title: submissions.title,
      organization: organizations.name,
      filedAt: submissions.filedAt,
      withdrawnAt: submissions.withdrawnAt,
      correctsId: submissions.correctsId,
    })
    .from(submissions)
    .leftJoin(organizations, eq(organizations.id, submissions.organizationId))
    .where(and(eq(submissions.filedBy, user.id), eq(submissions.channel, "online"), inArray(submissions.processId, processIds)))
    .orderBy(desc(submissions.id))
    .limit(PARTICIPATION_LIST_MAX)
    .all()
    .flatMap((r): MySubmission[] => {
      const process = visible.get(r.processId);
      if (!process) return [];
      return [{ number: r.number, process, title: excerpt(r.title), organization: r.organization, filedAt: r.filedAt, withdrawn: r.withdrawnAt !== null, correction: r.correctsId !== null, href: `/submissions/${encodeURIComponent(r.number)}` }];
    });

  const myAnnotations = db
    .select({
      id: annotations.id,
      processId: annotations.processId,
      clauseId: annotations.clauseId,
      quote: annotations.originalExact,
      body: annotations.body,
      carryStatus: annotations.carryStatus,
      hiddenAt: annotations.hiddenAt,
      createdAt: annotations.createdAt,
    })
    .from(annotations)
    .where(and(eq(annotations.authorId, user.id), inArray(annotations.processId, processIds)))
    .orderBy(desc(annotations.id))
    .limit(PARTICIPATION_LIST_MAX)
    .all()
    .flatMap((a): MyAnnotation[] => {
      const process = visible.get(a.processId);
      if (!process) return [];
      return [{ id: a.id, process, clauseId: a.clauseId, quote: excerpt(a.quote), excerpt: excerpt(a.body), carryStatus: a.carryStatus, hidden: a.hiddenAt !== null, createdAt: a.createdAt, href: clauseHref(process.slug, a.clauseId) }];
    });

  const myComments = db
    .select({
      id: comments.id,
      processId: comments.processId,
      clauseId: comments.clauseId,
      body: comments.body,
      parentId: comments.parentId,
      hiddenAt: comments.hiddenAt,
      supportCount: comments.supportCount,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .where(and(eq(comments.authorId, user.id), inArray(comments.processId, processIds)))
    .orderBy(desc(comments.id))
    .limit(PARTICIPATION_LIST_MAX)
    .all()
    .flatMap((c): MyComment[] => {
      const process = visible.get(c.processId);
      if (!process) return [];
      return [
        {
          id: c.id,
          process,
          clauseId: c.clauseId,
          excerpt: excerpt(c.body),
          reply: c.parentId !== null,
          hidden: c.hiddenAt !== null,
          supportCount: c.supportCount,
          createdAt: c.createdAt,
          href: `${clauseHref(process.slug, c.clauseId)}#comment-${c.id}`,
        },
      ];
    });

  const commentSupportRows = db
    .select({ targetId: commentSupports.commentId, processId: comments.processId, clauseId: comments.clauseId, createdAt: commentSupports.createdAt })
    .from(commentSupports)
    .innerJoin(comments, eq(comments.id, commentSupports.commentId))
    .where(and(eq(commentSupports.userId, user.id), inArray(comments.processId, processIds)))
    .orderBy(desc(commentSupports.createdAt))
    .limit(PARTICIPATION_LIST_MAX)
    .all();
  // Supports are only possible on submitted (public) amendments, but ask the same rule anyway.
  const amendmentSupportRows = db
    .select({ targetId: amendmentSupports.amendmentId, processId: amendments.processId, status: amendments.status, submittedAt: amendments.submittedAt, createdAt: amendmentSupports.createdAt })
    .from(amendmentSupports)
    .innerJoin(amendments, eq(amendments.id, amendmentSupports.amendmentId))
    .where(and(eq(amendmentSupports.userId, user.id), inArray(amendments.processId, processIds)))
    .orderBy(desc(amendmentSupports.createdAt))
    .limit(PARTICIPATION_LIST_MAX)
    .all()
    .filter((s) => mayViewAmendment(db, user, { id: s.targetId, status: s.status, submittedAt: s.submittedAt }));
  const supports: MySupport[] = [
    ...commentSupportRows.flatMap((s): MySupport[] => {
      const process = visible.get(s.processId);
      return process ? [{ target: "comment", targetId: s.targetId, process, createdAt: s.createdAt, href: `${clauseHref(process.slug, s.clauseId)}#comment-${s.targetId}` }] : [];
    }),
    ...amendmentSupportRows.flatMap((s): MySupport[] => {
      const process = visible.get(s.processId);
      return process ? [{ target: "amendment", targetId: s.targetId, process, createdAt: s.createdAt, href: amendmentHref(process.slug, s.targetId) }] : [];
    }),
  ].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());

  const flagRows = db
    .select({ id: flags.id, target: flags.targetType, targetId: flags.targetId, reason: flags.reason, resolution: flags.resolution, createdAt: flags.createdAt })
    .from(flags)
    .where(eq(flags.reporterId, user.id))
    .orderBy(desc(flags.id))
    .limit(PARTICIPATION_LIST_MAX)
    .all();
  const flagged = (type: "comment" | "annotation") => flagRows.filter((f) => f.target === type).map((f) => f.targetId);
  const commentPlaces = placesOf(db, "comment", flagged("comment"));
  const annotationPlaces = placesOf(db, "annotation", flagged("annotation"));
  const myFlags = flagRows.map((f): MyFlag => {
    const place = (f.target === "comment" ? commentPlaces : annotationPlaces).get(f.targetId);
    const process = place ? visible.get(place.processId) : undefined;
    const href = place && process ? `${clauseHref(process.slug, place.clauseId)}${f.target === "comment" ? `#comment-${f.targetId}` : ""}` : null;
    return { id: f.id, target: f.target, targetId: f.targetId, reason: excerpt(f.reason), status: f.resolution ?? "open", createdAt: f.createdAt, href };
  });

  return { submissions: mySubmissions, amendments: amendmentsOf(db, user, visible), annotations: myAnnotations, comments: myComments, supports, flags: myFlags };
}

/** Where flagged comments or annotations are: their process and clause, by id. */
function placesOf(db: Db, type: "comment" | "annotation", ids: number[]): Map<number, { processId: number; clauseId: string }> {
  if (ids.length === 0) return new Map();
  const table = type === "comment" ? comments : annotations;
  const rows = db.select({ id: table.id, processId: table.processId, clauseId: table.clauseId }).from(table).where(inArray(table.id, ids)).all();
  return new Map(rows.map((r) => [r.id, { processId: r.processId, clauseId: r.clauseId }]));
}
