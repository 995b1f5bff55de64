import type { Node as PMNode } from "prosemirror-model";
import type { Db } from "../../../../db/connection";
import { clauseTree, flattenClauses } from "../../../../collab/schema/clauses";
import { dropsEveryClause } from "../drops-all";
import { listVersions, loadVersion } from "../versions";
import { parseCorrections } from "./corrections";
import { matchDocuments, pairGroup, type ClauseMatch, type DocumentMatch, type MatchSummary } from "./match-clauses";

/** A unit of the latest version the editor may pair an imported unit with. */
export interface PairCandidate {
  id: string;
  kind: "article" | "budget_line" | "paragraph";
  /** Articles and provisions only pair within their type. */
  group: string;
  label: string;
  heading: string;
}

/** What the import preview shows about identity (serializable). */
export interface ReimportPreview {
  /** The latest version the import was matched against. */
  versionNumber: number;
  clauses: ClauseMatch[];
  summary: MatchSummary;
  candidates: PairCandidate[];
  /**
   * The import keeps no article, budget line or preamble paragraph of the latest version (an
   * empty or unrelated file): the preview warns, and publishing needs an explicit confirmation.
   */
  dropsAll: boolean;
}

/** The import was matched against a version that is no longer the latest: preview again. */
export class ReimportStaleError extends Error {
  override readonly name = "ReimportStaleError";
  constructor(
    readonly basedOn: number,
    readonly latest: number | null,
  ) {
    super(`Import matched against version ${basedOn}, latest is ${String(latest)}`);
  }
}

/** The latest published version of a process (number and document), or null before the first. */
export function latestVersionDoc(db: Db, processId: number): { number: number; doc: PMNode } | null {
  const newest = listVersions(db, processId)[0];
  if (!newest) return null;
  const version = loadVersion(db, processId, newest.number);
  return version ? { number: version.number, doc: version.doc } : null;
}

/**
 * Matches an imported document against the latest version with the editor's corrections (the
 * `match.*` form fields; validated, ValidationError on bad ones) and returns both the match and
 * the preview rows. `basedOn`, when given, must still be the latest version.
 */
export function matchAgainstLatest(
  latest: { number: number; doc: PMNode },
  imported: PMNode,
  fields: Iterable<[string, string]>,
  basedOn: number | null,
): { match: DocumentMatch; preview: ReimportPreview } {
  if (basedOn !== null && basedOn !== latest.number) throw new ReimportStaleError(basedOn, latest.number);
  const corrections = parseCorrections(fields, latest.doc, imported);
  const match = matchDocuments(latest.doc, imported, corrections);
  const candidates: PairCandidate[] = flattenClauses(clauseTree(latest.doc))
    .map((f) => f.clause)
    .filter((c) => c.kind === "article" || c.kind === "budget_line" || (c.kind === "paragraph" && c.preamble === true))
    .map((c) => ({ id: c.id, kind: c.kind as PairCandidate["kind"], group: pairGroup(c.kind, c.articleType), label: c.label, heading: c.kind === "article" ? c.heading : c.text.slice(0, 80) }));
  const dropsAll = dropsEveryClause(latest.doc, new Set(match.idMap.values()));
  return { match, preview: { versionNumber: latest.number, clauses: match.clauses, summary: match.summary, candidates, dropsAll } };
}
