import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { isAmendmentCoauthor } from "../../db/queries/amendment-authors";
import { amendments, annotations, comments, documentVersions, organizations, processes, users } from "../../db/schema";
import { can } from "../policies/can";
import { listAuditEntries, type AuditFilter, type AuditRow } from "./audit";
import { isAuditAction, type AuditAction } from "./audit-actions";
import type { CurrentUser } from "./current-user";
import type { Page } from "./pagination";

/**
 * The audit log as the staff page reads it: each entry's actor, target and the other things its
 * sentence names (a version, a member, a role), each with a link only when the viewer may open
 * what it points to (the same `can` rules as the pages linked), otherwise as plain text.
 * Entries are read, never written here: appendAudit (audit.ts) stays the one writer.
 */

/** Something a sentence names: its text, and where it is when the viewer may go there. */
export interface AuditMention {
  label: string;
  href: string | null;
}

/** One entry, ready to be told as a sentence (`admin.audit.sentence.<action>`). */
export interface AuditEntryView {
  id: number;
  /** The code as stored (shown in the detail). */
  code: string;
  /** The code when Redacta knows it (it has a sentence), null for a foreign one. */
  action: AuditAction | null;
  actor: AuditMention | null;
  targetType: string;
  targetId: string;
  /** The target by name (process title, person, organization) or "#id" for what has no name. */
  target: AuditMention;
  /** The process an annotation, comment or amendment belongs to. */
  process: AuditMention | null;
  /** The version a `version.publish` entry published. */
  version: (AuditMention & { number: number }) | null;
  /** The person added or removed (organization members, amendment co-authors). */
  member: AuditMention | null;
  /** The role granted or revoked. */
  role: string | null;
  /** The stored JSON detail, for the expandable raw view ("" when empty). */
  detail: string;
  createdAt: Date;
}

type Detail = Record<string, unknown>;

function parseDetail(text: string): Detail {
  const value: unknown = JSON.parse(text);
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Detail) : {};
}

const numberIn = (detail: Detail, key: string): number | null => {
  const value = detail[key];
  return typeof value === "number" && Number.isInteger(value) ? value : null;
};

/** Resolves names and links once per page: the same person or process often recurs. */
class Resolver {
  private readonly people = new Map<number, AuditMention | null>();
  private readonly processesById = new Map<number, { title: string; slug: string; publishedAt: Date | null } | null>();

  constructor(
    private readonly db: Db,
    private readonly viewer: CurrentUser,
  ) {}

  person(id: number): AuditMention | null {
    if (!this.people.has(id)) {
      const row = this.db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, id)).get();
      // The staff people list is where a person is looked at; it finds them by e-mail.
      const href = row && can(this.viewer, "admin.access", null) ? `/admin/users?q=${encodeURIComponent(row.email)}` : null;
      this.people.set(id, row ? { label: row.name, href } : null);
    }
    return this.people.get(id) ?? null;
  }

  processRow(id: number) {
    if (!this.processesById.has(id)) {
      this.processesById.set(id, this.db.select({ title: processes.title, slug: processes.slug, publishedAt: processes.publishedAt }).from(processes).where(eq(processes.id, id)).get() ?? null);
    }
    return this.processesById.get(id) ?? null;
  }

  process(id: number): AuditMention | null {
    const row = this.processRow(id);
    if (!row) return null;
    return { label: row.title, href: can(this.viewer, "process.view", { publishedAt: row.publishedAt }) ? `/processes/${row.slug}` : null };
  }

  organization(id: number): AuditMention | null {
    const row = this.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, id)).get();
    if (!row) return null;
    return { label: row.name, href: can(this.viewer, "organization.manage", null) ? `/admin/organizations#org-${id}-name` : null };
  }

  version(processId: number, number: number): (AuditMention & { number: number }) | null {
    const process = this.processRow(processId);
    const exists = this.db.select({ id: documentVersions.id }).from(documentVersions).where(and(eq(documentVersions.processId, processId), eq(documentVersions.number, number))).get() !== undefined;
    const visible = process !== null && exists && can(this.viewer, "process.view", { publishedAt: process.publishedAt });
    return { label: String(number), number, href: visible ? `/processes/${process.slug}/v/${number}` : null };
  }

  /** An annotation, comment or amendment: "#id", linked to where it is read, and its process. */
  content(kind: string, id: number): { target: AuditMention; process: AuditMention | null } {
    const bare = { target: { label: `#${id}`, href: null }, process: null };
    if (kind === "amendment") {
      const row = this.db.select({ processId: amendments.processId, status: amendments.status, submittedAt: amendments.submittedAt }).from(amendments).where(eq(amendments.id, id)).get();
      const process = row ? this.processRow(row.processId) : null;
      if (!row || !process) return bare;
      const visible =
        can(this.viewer, "process.view", { publishedAt: process.publishedAt }) &&
        can(this.viewer, "amendment.view", { status: row.status, submittedAt: row.submittedAt, isCoauthor: isAmendmentCoauthor(this.db, id, this.viewer.id) });
      return { target: { label: `#${id}`, href: visible ? `/processes/${process.slug}/amendments/${id}` : null }, process: this.process(row.processId) };
    }
    const table = kind === "annotation" ? annotations : kind === "comment" ? comments : null;
    if (!table) return bare;
    const row = this.db.select({ processId: table.processId, clauseId: table.clauseId }).from(table).where(eq(table.id, id)).get();
    const process = row ? this.processRow(row.processId) : null;
    if (!row || !process) return bare;
    const visible = can(this.viewer, "content.view", { processPublishedAt: process.publishedAt });
    const clause = `/processes/${process.slug}/clauses/${encodeURIComponent(row.clauseId)}`;
    return { target: { label: `#${id}`, href: visible ? (kind === "comment" ? `${clause}#comment-${id}` : clause) : null }, process: this.process(row.processId) };
  }
}

function describe(resolver: Resolver, row: AuditRow): AuditEntryView {
  const detail = parseDetail(row.detail);
  const action = isAuditAction(row.action) ? row.action : null;
  const numericId = /^\d+$/.test(row.targetId) ? Number(row.targetId) : null;
  const fallback: AuditMention = { label: `#${row.targetId}`, href: null };
  let target = fallback;
  let process: AuditMention | null = null;
  if (numericId !== null) {
    if (row.targetType === "process") target = resolver.process(numericId) ?? fallback;
    else if (row.targetType === "user") target = resolver.person(numericId) ?? fallback;
    else if (row.targetType === "organization") target = resolver.organization(numericId) ?? fallback;
    else ({ target, process } = resolver.content(row.targetType, numericId));
  }
  const versionNumber = action === "version.publish" ? numberIn(detail, "number") : null;
  const memberId = numberIn(detail, "userId");
  const role = typeof detail.role === "string" ? detail.role : null;
  return {
    id: row.id,
    code: row.action,
    action,
    actor: row.actorId === null ? null : (resolver.person(row.actorId) ?? { label: row.actorName ?? `#${row.actorId}`, href: null }),
    targetType: row.targetType,
    targetId: row.targetId,
    target,
    process,
    version: versionNumber !== null && numericId !== null ? resolver.version(numericId, versionNumber) : null,
    member: memberId !== null ? (resolver.person(memberId) ?? { label: `#${memberId}`, href: null }) : null,
    role,
    detail: row.detail === "{}" ? "" : row.detail,
    createdAt: row.createdAt,
  };
}

/** One page of the log, filtered, each entry described for its sentence (audit.view). */
export function listAuditEntryViews(db: Db, viewer: CurrentUser | null, filter: AuditFilter): Page<AuditEntryView> {
  const page = listAuditEntries(db, viewer, filter);
  // listAuditEntries asserted audit.view, so the viewer is signed in.
  if (!viewer) return { ...page, rows: [] };
  const resolver = new Resolver(db, viewer);
  return { ...page, rows: page.rows.map((row) => describe(resolver, row)) };
}
