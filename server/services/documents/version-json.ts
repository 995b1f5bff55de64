import type { Clause } from "../../../collab/schema/clauses";
import type { DocumentDiff } from "./diff";
import type { LoadedVersion, VersionSummary } from "./versions";

/** A clause as API v1 shows it (documented in server/api/openapi/documents.ts). */
export interface ClauseJson {
  id: string;
  kind: Clause["kind"];
  articleType?: string;
  number: string;
  label: string;
  heading: string;
  text: string;
  anchor: string;
  amountCents?: number;
  code?: string;
  children: ClauseJson[];
}

/** A version in lists. */
export interface VersionJson {
  number: number;
  publishedAt: string;
  changelog: string;
  contentHash: string;
}

/** A clause tree node without the rendering details (runs, table cells). */
export function serializeClause(clause: Clause): ClauseJson {
  const out: ClauseJson = {
    id: clause.id,
    kind: clause.kind,
    number: clause.number,
    label: clause.label,
    heading: clause.heading,
    text: clause.text,
    anchor: clause.anchor,
    children: clause.children.map(serializeClause),
  };
  if (clause.articleType) out.articleType = clause.articleType;
  if (clause.amountCents !== undefined) out.amountCents = clause.amountCents;
  if (clause.code !== undefined) out.code = clause.code;
  return out;
}

/** A version summary for the API. */
export function serializeVersion(v: VersionSummary): VersionJson {
  return { number: v.number, publishedAt: v.publishedAt.toISOString(), changelog: v.changelog, contentHash: v.contentHash };
}

/** A whole version with its clause tree. */
export function serializeVersionTree(v: LoadedVersion, title: string) {
  return { version: { ...serializeVersion(v), title, clauses: v.tree.map(serializeClause) } };
}

/** The diff answer: which versions, the summary and every clause diff. */
export function serializeDiff(from: number, to: number, diff: DocumentDiff) {
  return { diff: { from, to, summary: diff.summary, clauses: diff.clauses } };
}
