import type { Env } from "../env";

/**
 * The origins this server answers for, from configuration alone. Links in mail are built from
 * `mail`, never from a request's Host header (anyone can send any Host, and the link would
 * then point the reader at their server); `hosts` are the Host headers accepted in production.
 */
export interface ConfiguredOrigin {
  /** The origin for links in mail, or null when none is configured (production without PUBLIC_URL). */
  mail: string | null;
  /** Accepted Host headers (lower case, with port), or null when any is accepted (development, tests). */
  hosts: ReadonlySet<string> | null;
}

/** Whether HOST is a wildcard address, which a browser cannot reach by name. */
function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::";
}

/**
 * Derives the configured origins once the listening port is known (PORT may be 0).
 * With PUBLIC_URL: that origin, and only its host. Without: `http://HOST:port` (localhost for a
 * wildcard HOST) outside production; in production no mail origin at all, because a guessed one
 * would be wrong behind a proxy, and only the configured HOST:port (plus localhost names for a
 * wildcard or loopback HOST, for a local trial) is accepted as Host.
 */
export function configuredOrigin(env: Env, port: number): ConfiguredOrigin {
  if (env.PUBLIC_URL) {
    const url = new URL(env.PUBLIC_URL);
    return { mail: url.origin, hosts: env.NODE_ENV === "production" ? new Set([url.host.toLowerCase()]) : null };
  }
  const name = isWildcard(env.HOST) ? "localhost" : env.HOST;
  const hostPort = `${name.includes(":") ? `[${name}]` : name}:${port}`.toLowerCase();
  if (env.NODE_ENV !== "production") return { mail: `http://${hostPort}`, hosts: null };
  const hosts = new Set([hostPort]);
  if (isWildcard(env.HOST) || /^(localhost|127\.\d+\.\d+\.\d+|::1)$/.test(env.HOST)) {
    for (const local of ["localhost", "127.0.0.1", "[::1]"]) hosts.add(`${local}:${port}`);
  }
  return { mail: null, hosts };
}
