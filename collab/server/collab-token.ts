import { createHmac, timingSafeEqual } from "node:crypto";

/** Collab tokens are valid for five minutes: long enough to open the socket, short if leaked. */
export const COLLAB_TOKEN_TTL_MS = 5 * 60 * 1000;

/**
 * What a collab token grants: this user may open this document until `exp` (ms since epoch),
 * for as long as the credential that minted it (`binding`: an opaque id of the session or API
 * token, checked by the server on upgrade) is still live. Logging out or revoking that
 * credential therefore kills the token at once, not five minutes later.
 */
export interface CollabTokenClaims {
  userId: number;
  document: string;
  exp: number;
  binding: string;
}

function sign(secret: Buffer, payload: string): Buffer {
  return createHmac("sha256", secret).update(payload).digest();
}

/**
 * Signs claims as `base64url(JSON).base64url(HMAC-SHA256)`. The token proves who asked and for
 * which document; permission is still decided again when the socket opens.
 */
export function signCollabToken(secret: Buffer, claims: CollabTokenClaims): string {
  const payload = Buffer.from(JSON.stringify({ u: claims.userId, d: claims.document, e: claims.exp, b: claims.binding })).toString("base64url");
  return `${payload}.${sign(secret, payload).toString("base64url")}`;
}

/**
 * The claims of a token if its signature is ours, it names `document` and it has not expired;
 * otherwise null (the caller closes with UNAUTHENTICATED, whatever the reason).
 */
export function verifyCollabToken(secret: Buffer, token: string, document: string, now: number): CollabTokenClaims | null {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length > 0) return null;
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null; // signed by us, so unreachable unless the secret leaked; refuse anyway
  }
  if (typeof claims !== "object" || claims === null) return null;
  const { u, d, e, b } = claims as Record<string, unknown>;
  if (typeof u !== "number" || !Number.isSafeInteger(u) || typeof d !== "string" || typeof e !== "number") return null;
  // Tokens without a binding (signed before bindings existed) are refused like expired ones.
  if (typeof b !== "string" || b.length === 0) return null;
  if (d !== document || e <= now) return null;
  return { userId: u, document: d, exp: e, binding: b };
}
