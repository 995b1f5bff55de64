import { and, eq, gt, lte } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { clauseMerges, documentVersions } from "../../../db/schema";
import { findClause, type Clause } from "../../../collab/schema/clauses";
import { NotFoundError } from "../../errors";
import type { CurrentUser } from "../current-user";
import { findVisibleProcess, type ProcessSummary } from "../processes";
import { diffClauseTrees } from "./diff";
import { listVersions, loadVersion, type LoadedVersion } from "./versions";

/**
 * A clause across the published versions of its process, found by its stable id: the version
 * in force for it (the latest one that has it), whether a later version removed it (or merged
 * it into another clause), and its text in every version. Clause pages use it so that a clause missing from the latest version
 * still shows its last text instead of a 404.
 */

/** A clause at the version in force for it. */
export interface ClauseInForce {
  process: ProcessSummary;
  /** The latest version that has the clause (the latest version, unless it was removed). */
  version: LoadedVersion;
  clause: Clause;
  /** The process's latest version number. */
  latestVersion: number;
  /** The first version without the clause after it last appeared, or null while it is in force. */
  removedIn: number | null;
  /** When `removedIn` merged it into another clause: that clause in that version. */
  mergedInto: MergedInto | null;
}

/** The clause another one was merged into, in the version of the merge. */
export interface MergedInto {
  clauseId: string;
  label: string;
  heading: string;
  /** The version of the merge. */
  version: number;
}

/** Version number → the clause this one was merged into there (recorded at publish). */
function mergesOf(db: Db, processId: number, clauseId: string): Map<number, string> {
  const rows = db
    .select({ number: documentVersions.number, into: clauseMerges.intoClauseId })
    .from(clauseMerges)
    .innerJoin(documentVersions, eq(documentVersions.id, clauseMerges.versionId))
    .where(and(eq(clauseMerges.processId, processId), eq(clauseMerges.clauseId, clauseId)))
    .all();
  return new Map(rows.map((r) => [r.number, r.into]));
}

/** The survivor of a merge as the version of the merge has it, or null if that version lacks it. */
function mergedIntoAt(db: Db, processId: number, merges: ReadonlyMap<number, string>, number: number | null): MergedInto | null {
  if (number === null) return null;
  const into = merges.get(number);
  const version = into === undefined ? null : loadVersion(db, processId, number);
  const clause = version && into !== undefined ? findClause(version.tree, into) : null;
  return clause ? { clauseId: clause.id, label: clause.label, heading: clause.heading, version: number } : null;
}

/** What happened to the clause in one version, against the version before it. */
export type ClauseVersionStatus = "introduced" | "unchanged" | "modified" | "removed" | "absent";

/** The clause in one published version. */
export interface ClauseVersionEntry {
  number: number;
  publishedAt: Date;
  status: ClauseVersionStatus;
  /** The clause as this version has it, or null when the version does not have it. */
  clause: Clause | null;
  /** For a "removed" entry whose text went into another clause: that clause. */
  mergedInto: MergedInto | null;
}

/** The clause in every version, oldest first. */
export interface ClauseHistory extends ClauseInForce {
  entries: ClauseVersionEntry[];
  /** The first version that had the clause. */
  introducedIn: number;
}

function visibleProcess(db: Db, viewer: CurrentUser | null, slug: string, now: Date): ProcessSummary & { latestVersion: number } {
  const process = findVisibleProcess(db, viewer, slug, now);
  if (!process) throw new NotFoundError("process", slug);
  if (process.latestVersion === null) throw new NotFoundError("version", "latest");
  return { ...process, latestVersion: process.latestVersion };
}

/**
 * The clause at the version in force for it: the latest version when it has the clause,
 * otherwise the newest earlier version that does (with `removedIn` the version after it).
 * NotFoundError for an unknown or hidden process, one with no version, or an id in no version.
 * Versions are cached once parsed, so walking back costs one lookup per version.
 */
export function loadClauseInForce(db: Db, viewer: CurrentUser | null, slug: string, clauseId: string, now: Date): ClauseInForce {
  const process = visibleProcess(db, viewer, slug, now);
  for (let n = process.latestVersion; n >= 1; n--) {
    const version = loadVersion(db, process.id, n);
    const clause = version ? findClause(version.tree, clauseId) : null;
    if (version && clause) {
      const removedIn = n === process.latestVersion ? null : n + 1;
      const mergedInto = removedIn === null ? null : mergedIntoAt(db, process.id, mergesOf(db, process.id, clauseId), removedIn);
      return { process, version, clause, latestVersion: process.latestVersion, removedIn, mergedInto };
    }
  }
  throw new NotFoundError("clause", clauseId);
}

/** Whether the clause and everything inside it read the same in both versions. */
function sameClause(a: Clause, b: Clause): boolean {
  const diff = diffClauseTrees([a], [b]);
  return diff.summary.added === 0 && diff.summary.removed === 0 && diff.summary.modified === 0 && diff.summary.moved === 0;
}

/**
 * The clause in every published version, oldest first: introduced, unchanged, modified (its
 * own text or anything inside it), removed, or absent. NotFoundError as loadClauseInForce.
 */
export function clauseHistory(db: Db, viewer: CurrentUser | null, slug: string, clauseId: string, now: Date): ClauseHistory {
  const inForce = loadClauseInForce(db, viewer, slug, clauseId, now);
  const entries: ClauseVersionEntry[] = [];
  const merges = mergesOf(db, inForce.process.id, clauseId);
  let previous: Clause | null = null;
  let introducedIn: number | null = null;
  for (const summary of [...listVersions(db, inForce.process.id)].reverse()) {
    const version = loadVersion(db, inForce.process.id, summary.number);
    const clause = version ? findClause(version.tree, clauseId) : null;
    let status: ClauseVersionStatus;
    if (clause && !previous) status = "introduced";
    else if (clause && previous) status = sameClause(previous, clause) ? "unchanged" : "modified";
    else status = previous ? "removed" : "absent";
    if (clause && introducedIn === null) introducedIn = summary.number;
    const mergedInto = status === "removed" ? mergedIntoAt(db, inForce.process.id, merges, summary.number) : null;
    entries.push({ number: summary.number, publishedAt: summary.publishedAt, status, clause, mergedInto });
    previous = clause;
  }
  return { ...inForce, entries, introducedIn: introducedIn ?? inForce.version.number };
}

/**
 * The clauses merged into another in the versions after `from` up to `to` (a comparison of
 * two versions lists them as removed): old clause id → the clause it went into, in the version
 * of the merge. Empty when `from` is not older than `to`.
 */
export function mergesBetween(db: Db, processId: number, from: number, to: number): Map<string, MergedInto> {
  const out = new Map<string, MergedInto>();
  if (from >= to) return out;
  const rows = db
    .select({ number: documentVersions.number, clauseId: clauseMerges.clauseId, into: clauseMerges.intoClauseId })
    .from(clauseMerges)
    .innerJoin(documentVersions, eq(documentVersions.id, clauseMerges.versionId))
    .where(and(eq(clauseMerges.processId, processId), gt(documentVersions.number, from), lte(documentVersions.number, to)))
    .orderBy(documentVersions.number)
    .all();
  for (const row of rows) {
    const merged = mergedIntoAt(db, processId, new Map([[row.number, row.into]]), row.number);
    if (merged) out.set(row.clauseId, merged);
  }
  return out;
}
