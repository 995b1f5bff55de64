/**
 * A file received in a multipart body, already written to the attachment store's staging area by
 * the HTTP layer (server/http/uploads.ts) with its size capped and its SHA-256 computed while it
 * streamed. Services decide whether it is acceptable; nothing of it is trusted but its bytes.
 */
export interface StagedUpload {
  /** The form field it came in. */
  field: string;
  /** The name the client gave (untrusted: never used as a path). */
  fileName: string;
  path: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
}

/** The staged files of one request, and whether it carried more files than allowed. */
export interface StagedUploads {
  files: StagedUpload[];
  /** True when more than MAX_ATTACHMENTS file parts arrived (the extra ones were not kept). */
  overflow: boolean;
}

/** Most attachments per submission. */
export const MAX_ATTACHMENTS = 5;
/** Largest attachment, in bytes. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
