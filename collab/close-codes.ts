/**
 * WebSocket close codes of the collaboration endpoint, shared by server and browser so that a
 * client can tell the person why it was disconnected (4000–4999 are free for applications).
 */
export const CLOSE = {
  /** Server shutting down; the client should reconnect later. */
  GOING_AWAY: 1001,
  /** Malformed or truncated protocol message. */
  PROTOCOL_ERROR: 1002,
  /** A message larger than the payload cap. */
  TOO_LARGE: 1009,
  /** No valid session cookie or collab token. */
  UNAUTHENTICATED: 4401,
  /** Authenticated but not allowed to open this document. */
  FORBIDDEN: 4403,
  /** No such document. */
  UNKNOWN_DOCUMENT: 4404,
  /** The Origin header names another site. */
  BAD_ORIGIN: 4400,
  /** Too many connections for this user or document. */
  TOO_MANY_CONNECTIONS: 4429,
  /** The person's access was revoked or they logged out. */
  ACCESS_REVOKED: 4410,
  /**
   * The person's access to this document changed (an amendment was submitted, so its writers
   * became readers): reconnect to continue with the new access.
   */
  ACCESS_CHANGED: 4409,
  /** The document reached its size cap. */
  DOCUMENT_TOO_LARGE: 4413,
  /**
   * The browser's copy of the document was built on a document the server no longer has (it
   * was replaced, e.g. by a reseed): merging it would mix two documents, so the client must
   * not reconnect but load the page again.
   */
  DOCUMENT_REPLACED: 4412,
  /** The browser's editor schema is older than the server's; reload. */
  EDITOR_OUTDATED: 4426,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];
