import type { SubmissionChannel } from "../../../db/schema";
import { canonicalJson, contentHash } from "../documents/content-hash";

/**
 * The canonical content of a submission (ADR 0016): everything filed, as one JSON value. Its hash
 * ("sha256:" + hex SHA-256 of the key-sorted, whitespace-free JSON — the same canonical JSON as
 * version hashes) is the receipt's `hash`. Attachments enter by their own SHA-256, so a changed
 * byte in any file changes the submission's hash. Registry number and time are not part of it:
 * the signature binds them to the hash.
 */
export interface CanonicalSubmission {
  format: "redacta-submission-v1";
  /** The process slug and the version number the submission was filed against. */
  process: string;
  version: number;
  channel: SubmissionChannel;
  filer: { kind: "person" | "organization"; name: string; organization: string | null };
  signedPublicly: boolean;
  title: string;
  /** Plain text, paragraphs separated by blank lines, line ends normalised to \n. */
  body: string;
  /** Stable clause ids, in the order picked. */
  clauses: string[];
  /** The registry number of the submission this one corrects. */
  corrects: string | null;
  /** Paper channel: the day it was received (ISO 8601), else null. */
  receivedAt: string | null;
  attachments: Array<{ name: string; mediaType: string; size: number; sha256: string }>;
}

/** The canonical JSON text that is hashed. */
export function canonicalSubmissionText(content: CanonicalSubmission): string {
  return canonicalJson(content);
}

/** "sha256:" + hex SHA-256 of the canonical JSON. */
export function submissionHash(content: CanonicalSubmission): string {
  return contentHash(content);
}
