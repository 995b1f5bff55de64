import type { Db } from "../../../db/connection";
import { findClause, type Clause } from "../../../collab/schema/clauses";
import { NotFoundError } from "../../errors";
import type { CurrentUser } from "../current-user";
import { findVisibleProcess, type ProcessSummary } from "../processes";
import { loadVersion, type LoadedVersion } from "./versions";

/** A clause as residents discuss and amend it: in the latest published version of its process. */
export interface LatestClause {
  process: ProcessSummary;
  version: LoadedVersion;
  clause: Clause;
}

/**
 * Finds a visible process's clause in its latest published version; NotFoundError for an
 * unknown or hidden process, a process with no version yet, or a clause id not in it.
 */
export function loadLatestClause(db: Db, viewer: CurrentUser | null, slug: string, clauseId: string, now: Date): LatestClause {
  const process = findVisibleProcess(db, viewer, slug, now);
  if (!process) throw new NotFoundError("process", slug);
  if (process.latestVersion === null) throw new NotFoundError("version", "latest");
  const version = loadVersion(db, process.id, process.latestVersion);
  if (!version) throw new NotFoundError("version", process.latestVersion);
  const clause = findClause(version.tree, clauseId);
  if (!clause) throw new NotFoundError("clause", clauseId);
  return { process, version, clause };
}
