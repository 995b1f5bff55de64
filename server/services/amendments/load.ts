import { and, asc, eq, inArray, ne, or } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { coauthoredAmendmentIds } from "../../../db/queries/amendment-authors";
import { amendments, amendmentSupports, processes, type AmendmentKind, type AmendmentStatus } from "../../../db/schema";
import { findClause } from "../../../collab/schema/clauses";
import { NotFoundError } from "../../errors";
import { can } from "../../policies/can";
import type { CurrentUser } from "../current-user";
import { findVisibleProcess, type ProcessKind } from "../processes";
import { baseAmounts, budgetLines, type BudgetLine } from "./budget";
import { amendmentAbilities, type AmendmentAbilities } from "../../presenters/amendment";
import { amendmentAccess, amendmentDocumentName, findAmendmentRow, isAmendmentPhaseOpen } from "./common";
import { authorsOf, baseWordingIn, clauseLabelIn, frozenContent, organizationsOf, versionsOf, type AmendmentAuthor, type AmendmentOrganization } from "./describe";
import type { ArticleJSON } from "./wording-diff";

/** What the viewer may do with an amendment (pages show only these; services check again). */
export type AmendmentViewerFlags = AmendmentAbilities;

/** An amendment with everything its page shows. */
export interface AmendmentDetail {
  id: number;
  /** The collaborative document of its wording: "amendment-{id}". */
  documentName: string;
  process: { id: number; slug: string; title: string; kind: ProcessKind };
  /** The published version it amends. */
  versionNumber: number;
  clauseId: string;
  /** "Artículo 7", "Disposición adicional primera", "Presupuesto". */
  clauseLabel: string;
  kind: AmendmentKind;
  status: AmendmentStatus;
  justification: string;
  authors: AmendmentAuthor[];
  organization: AmendmentOrganization | null;
  parent: { id: number } | null;
  /** Amendments that amend this one further, as far as the viewer may see them. */
  children: Array<{ id: number; status: AmendmentStatus }>;
  createdAt: Date;
  submittedAt: Date | null;
  withdrawnAt: Date | null;
  supportCount: number;
  viewer: AmendmentViewerFlags;
  /** The article as it stood (modify, delete): `{type:"doc",content:[article]}`; null for add and budget. */
  base: ArticleJSON | null;
  /** Budget amendments: line id → current amount, and the lines; null otherwise. */
  baseAmounts: Record<string, number> | null;
  budgetLines: BudgetLine[] | null;
  /** Frozen on submit: the wording, or `{amounts}` for budgets; null for drafts and deletions. */
  content: unknown;
  contentHash: string | null;
}

/**
 * One amendment for `viewer`. Drafts are private: NotFoundError for anyone but their co-authors
 * and staff watching ("amendment.watchDraft"), exactly like an id that does not exist, so a
 * draft's existence does not leak. The process must be visible to the viewer too.
 */
export function loadAmendment(db: Db, viewer: CurrentUser | null, id: number, now: Date): AmendmentDetail {
  const row = findAmendmentRow(db, id);
  const access = amendmentAccess(db, row, viewer);
  if (!can(viewer, "amendment.view", access)) throw new NotFoundError("amendment", id);
  const watchDraft = can(viewer, "amendment.watchDraft", null);
  const slug = db.select({ slug: processes.slug }).from(processes).where(eq(processes.id, row.processId)).get()?.slug ?? "";
  const process = findVisibleProcess(db, viewer, slug, now);
  if (!process) throw new NotFoundError("amendment", id);

  const version = versionsOf(db, [row]).get(row.versionId);
  const authors = authorsOf(db, [row.id]).get(row.id) ?? [];
  const organization = row.organizationId === null ? null : (organizationsOf(db, [row.organizationId]).get(row.organizationId) ?? null);
  const viewerId = viewer?.id ?? null;
  const mine = viewerId === null ? [] : coauthoredAmendmentIds(db, viewerId).all().map((r) => r.id);
  const children = db
    .select({ id: amendments.id, status: amendments.status })
    .from(amendments)
    .where(
      and(
        eq(amendments.parentId, row.id),
        // Children that are drafts stay private to their own co-authors (and staff).
        watchDraft ? undefined : or(ne(amendments.status, "draft"), mine.length > 0 ? inArray(amendments.id, mine) : undefined),
      ),
    )
    .orderBy(asc(amendments.id))
    .all();
  const hasSupported =
    viewerId !== null &&
    db
      .select({ userId: amendmentSupports.userId })
      .from(amendmentSupports)
      .where(and(eq(amendmentSupports.amendmentId, row.id), eq(amendmentSupports.userId, viewerId)))
      .get() !== undefined;
  const phaseOpen = isAmendmentPhaseOpen(process.phases, now);
  const budgetClause = row.kind === "budget" && version ? findClause(version.tree, row.clauseId) : null;
  const lines = budgetClause ? budgetLines(budgetClause) : null;

  return {
    id: row.id,
    documentName: amendmentDocumentName(row.id),
    process: { id: process.id, slug: process.slug, title: process.title, kind: process.kind },
    versionNumber: version?.number ?? 0,
    clauseId: row.clauseId,
    clauseLabel: clauseLabelIn(version, row.clauseId),
    kind: row.kind,
    status: row.status,
    justification: row.justification,
    authors,
    organization,
    parent: row.parentId === null ? null : { id: row.parentId },
    children,
    createdAt: row.createdAt,
    submittedAt: row.submittedAt,
    withdrawnAt: row.withdrawnAt,
    supportCount: row.supportCount,
    viewer: amendmentAbilities(viewer, access, { phaseOpen, hasSupported }),
    base: baseWordingIn(version, row),
    baseAmounts: lines ? baseAmounts(lines) : null,
    budgetLines: lines,
    content: frozenContent(row),
    contentHash: row.contentHash,
  };
}
