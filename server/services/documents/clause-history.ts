import type { Db } from "../../../db/connection";
import { findClause, type Clause } from "../../../collab/schema/clauses";
import { NotFoundError } from "../../errors";
import type { CurrentUser } from "../current-user";
import { findVisibleProcess, type ProcessSummary } from "../processes";
import { diffClauseTrees } from "./diff";
import { listVersions, loadVersion, type LoadedVersion } from "./versions";

/**
 * A clause across the published versions of its process, found by its stable id: the version
 * in force for it (the latest one that has it), whether a later version removed it, and its
 * text in every version. Clause pages use it so that a clause missing from the latest version
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
    if (version && clause) return { process, version, clause, latestVersion: process.latestVersion, removedIn: n === process.latestVersion ? null : n + 1 };
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
    entries.push({ number: summary.number, publishedAt: summary.publishedAt, status, clause });
    previous = clause;
  }
  return { ...inForce, entries, introducedIn: introducedIn ?? inForce.version.number };
}
