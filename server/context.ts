import type { Db } from "../db/connection";
import type { Env } from "./env";
import type { Locale } from "./i18n/locales";
import type { Mailer } from "./mail/mailer";
import type { RateLimiter } from "./security/rate-limit";
import type { CollabTokenResult } from "./services/collab-documents";
import type { CurrentUser } from "./services/current-user";
import type { Registry } from "./services/submissions/registry";
import type { StagedUploads } from "./services/submissions/uploads";

/** How the caller proved who they are. */
export type AuthVia = "session" | "token" | null;

/** The collaboration server as routes see it: tokens to open documents, and revocation. */
export interface CollabGateway {
  /** A five-minute token for `document`, if `user` may open it, bound to the caller's credential. */
  issueToken(user: CurrentUser, document: string, binding: string): CollabTokenResult;
  /** Closes every collaboration socket of a person (logout, blocking). */
  revokeUser(userId: number): void;
  /** Closes a person's sockets on one document (a co-author removed). */
  revokeUserFromDocument(userId: number, document: string): void;
  /**
   * Re-checks everyone connected to `document` after its permissions changed (submit, withdraw,
   * a co-author removed); synchronous, so no write is accepted under the old access afterwards.
   */
  reauthorize(document: string): void;
  /** Writes a document's pending changes now, so the store holds all the server accepted. */
  flush(document: string): void;
}

/**
 * What the server hands every loader and action (Remix "load context"). Services receive the
 * pieces they need as arguments; nothing is a module-level singleton, so tests can start
 * several servers in one process.
 */
export interface AppContext {
  db: Db;
  env: Env;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  collab: CollabGateway;
  /** Server time; phases and deadlines use this, never the client's clock. */
  now: () => Date;
  /** Per-response CSP nonce for inline scripts. */
  nonce: string;
  /** The double-submit CSRF token to embed in forms (equals the csrf cookie). */
  csrfToken: string;
  /** Set-Cookie header to send if the csrf cookie was just created. */
  csrfCookie: string | null;
  locale: Locale;
  clientIp: string;
  user: CurrentUser | null;
  authVia: AuthVia;
  /** The raw session cookie token, when authenticated by session (for logout and rotation). */
  sessionToken: string | null;
  /** The session or API token the caller came with, as a collab-token binding (null when anonymous). */
  credentialBinding: string | null;
  /** The public origin of this request (scheme://host). */
  origin: string;
  /**
   * The origin for links in mail, from configuration only (PUBLIC_URL, else HOST:PORT outside
   * production); null in production without PUBLIC_URL, where such mail is not sent.
   */
  mailOrigin: string | null;
  /** The HMAC key of known-device cookies (server/security/known-device.ts). */
  deviceKey: Buffer;
  /** Whether cookies must carry the Secure attribute. */
  secureCookies: boolean;
  /** The submissions registry: number prefix, attachment store, signing key. */
  registry: Registry;
  /** Files of a multipart upload route, already staged to disk (null for every other request). */
  uploads: StagedUploads | null;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    app: AppContext;
  }
}
