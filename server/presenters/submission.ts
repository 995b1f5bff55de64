import type { SubmissionView } from "../services/submissions/read";

/** A submission on the wire (pages and the API): dates as ISO strings, nothing the viewer may not see. */
export interface SubmissionWire {
  number: string;
  process: string;
  processTitle: string;
  version: number;
  channel: "online" | "paper";
  filedAt: string;
  receivedAt: string | null;
  organization: { slug: string; name: string } | null;
  /** Null when the filer's name is not public and the viewer is neither the filer nor staff. */
  filerName: string | null;
  public: boolean;
  title: string;
  body: string;
  clauses: string[];
  /** Null when the viewer may not see the attachments. */
  attachments: Array<{ position: number; fileName: string; mediaType: string; size: number; sha256: string; url: string }> | null;
  attachmentCount: number;
  /** Null, like filerName, when the viewer may not see who filed it (the hash would reveal the name). */
  hash: string | null;
  signature: string | null;
  keyId: string;
  corrects: string | null;
  correctedBy: string[];
  withdrawn: { at: string; reason: string } | null;
  abilities: { viewPrivate: boolean; amend: boolean };
}

/** The one wire shape of a submission. */
export function presentSubmission(view: SubmissionView): SubmissionWire {
  return {
    number: view.number,
    process: view.process.slug,
    processTitle: view.process.title,
    version: view.version,
    channel: view.channel,
    filedAt: view.filedAt.toISOString(),
    receivedAt: view.receivedAt ? view.receivedAt.toISOString() : null,
    organization: view.organization,
    filerName: view.filerName,
    public: view.isPublic,
    title: view.title,
    body: view.body,
    clauses: view.clauseIds,
    attachments: view.attachments
      ? view.attachments.map((a) => ({ ...a, url: `/submissions/${view.number}/attachments/${a.position + 1}` }))
      : null,
    attachmentCount: view.attachmentCount,
    hash: view.contentHash,
    signature: view.signature,
    keyId: view.keyId,
    corrects: view.corrects,
    correctedBy: view.correctedBy,
    withdrawn: view.withdrawnAt ? { at: view.withdrawnAt.toISOString(), reason: view.withdrawReason ?? "" } : null,
    abilities: view.abilities,
  };
}
