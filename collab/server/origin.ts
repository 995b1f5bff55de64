import { CLOSE } from "../close-codes";

/** What the origin hook needs to know about the upgrade request. */
export interface OriginInput {
  /** The Origin header, if any. */
  origin: string | undefined;
  /** The Host header, used when no public URL is configured. */
  host: string | undefined;
  /** The configured public origin (PUBLIC_URL), if any. */
  publicOrigin: string | undefined;
  /** Whether the client authenticates with a collab token rather than the session cookie. */
  viaToken: boolean;
}

/**
 * The origin hook. Browsers always send Origin on a WebSocket handshake, and a page on another
 * site could otherwise ride the person's session cookie (cross-site WebSocket hijacking), so:
 * an Origin must be ours; a missing Origin is only accepted with a collab token, which a
 * non-browser client (a script, the Node y-websocket client) obtained over the API.
 */
export function checkOrigin(input: OriginInput): typeof CLOSE.BAD_ORIGIN | null {
  if (input.origin === undefined) return input.viaToken ? null : CLOSE.BAD_ORIGIN;
  let origin: URL;
  try {
    origin = new URL(input.origin);
  } catch {
    return CLOSE.BAD_ORIGIN; // "null" or garbage: not our site
  }
  if (input.publicOrigin) return origin.origin === new URL(input.publicOrigin).origin ? null : CLOSE.BAD_ORIGIN;
  return input.host !== undefined && origin.host === input.host.toLowerCase() ? null : CLOSE.BAD_ORIGIN;
}
