import type { AppContext } from "../../server/context";
import { loadVersion, parseVersionNumber, type LoadedVersion } from "../../server/services/documents/versions";
import { findVisibleProcess, type ProcessSummary } from "../../server/services/processes";

/** The process and version a URL names, or why not (the caller answers 404 in its own format). */
export type VersionLookup = { ok: true; process: ProcessSummary; version: LoadedVersion } | { ok: false; reason: "process" | "version" };

/**
 * Finds a visible process and one of its published versions. Hidden processes look exactly
 * like missing ones, so an unpublished draft's existence is not revealed.
 */
export function lookupVersion(app: AppContext, slug: string | undefined, n: string | undefined): VersionLookup {
  const process = findVisibleProcess(app.db, app.user, slug ?? "", app.now());
  if (!process) return { ok: false, reason: "process" };
  const number = parseVersionNumber(n);
  const version = number === null ? null : loadVersion(app.db, process.id, number);
  if (!version) return { ok: false, reason: "version" };
  return { ok: true, process, version };
}
