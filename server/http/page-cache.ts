/**
 * A micro-cache of rendered pages for anonymous visitors. Public pages (home, process lists,
 * reading views) are the same for every anonymous visitor except for two per-response secrets:
 * the CSP nonce and the CSRF token. An entry keeps the HTML with the secrets it was rendered
 * with and swaps in fresh ones on every hit, so no two responses share a nonce or a token.
 *
 * An entry is used only while the database is unchanged since it was rendered (any write
 * anywhere invalidates every entry) and for at most a few seconds, so time-driven content
 * (a phase opening at midnight) is never stale for longer than that.
 */

/** One cached page. */
interface Entry {
  /** The HTML (UTF-8) cut at every occurrence of the nonce or the CSRF token (secrets[i] goes after parts[i]). */
  parts: Buffer[];
  secrets: Array<"nonce" | "csrf">;
  status: number;
  headers: Array<[string, string]>;
  dataVersion: string;
  expiresAt: number;
}

/** Cuts `html` around each occurrence of the two secrets, once, so a hit is a single join. */
function template(html: string, nonce: string, csrfToken: string): Pick<Entry, "parts" | "secrets"> {
  const parts: Buffer[] = [];
  const secrets: Array<"nonce" | "csrf"> = [];
  let from = 0;
  for (;;) {
    const n = html.indexOf(nonce, from);
    const t = html.indexOf(csrfToken, from);
    if (n < 0 && t < 0) break;
    const isNonce = n >= 0 && (t < 0 || n < t);
    const at = isNonce ? n : t;
    parts.push(Buffer.from(html.slice(from, at)));
    secrets.push(isNonce ? "nonce" : "csrf");
    from = at + (isNonce ? nonce.length : csrfToken.length);
  }
  parts.push(Buffer.from(html.slice(from)));
  return { parts, secrets };
}

/** A page ready to send, with this response's own secrets. */
export interface CachedPage {
  status: number;
  headers: Array<[string, string]>;
  html: string | Buffer;
}

export interface PageCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  dataVersion: () => string;
  now?: () => number;
}

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 200;
    this.now = options.now ?? Date.now;
  }

  /**
   * The cache key of a request, or null when the request must not be served from the cache:
   * anything but GET, any signed-in or token-bearing caller, API and data requests.
   */
  static keyFor(input: { method: string; url: string; locale: string; hasSession: boolean; hasAuthorization: boolean; accept: string }): string | null {
    if (input.method !== "GET" || input.hasSession || input.hasAuthorization) return null;
    const path = input.url.split("?")[0] ?? "";
    if (path.startsWith("/api/") || path.endsWith(".data") || input.accept.includes("application/json")) return null;
    return `${input.locale} ${input.url}`;
  }

  /** The cached page for `key` with the given secrets, or null on a miss or a stale entry. */
  lookup(key: string, nonce: string, csrfToken: string): CachedPage | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now() || entry.dataVersion !== this.options.dataVersion()) {
      this.entries.delete(key);
      return null;
    }
    // Pages are served as bytes, assembled from the pre-encoded parts: no re-encoding per hit.
    const secrets = { nonce: Buffer.from(nonce), csrf: Buffer.from(csrfToken) };
    const chunks: Buffer[] = [];
    entry.secrets.forEach((secret, i) => {
      chunks.push(entry.parts[i] as Buffer, secrets[secret]);
    });
    chunks.push(entry.parts[entry.parts.length - 1] as Buffer);
    const html = Buffer.concat(chunks);
    return { status: entry.status, headers: entry.headers, html };
  }

  /** The data version to record with a page about to be rendered (read before rendering). */
  version(): string {
    return this.options.dataVersion();
  }

  /** Stores a rendered page; call only for 200 HTML responses that set no cookies of their own. */
  store(key: string, page: { html: string; status: number; headers: Array<[string, string]>; nonce: string; csrfToken: string; dataVersion: string }): void {
    if (!page.html.includes(page.nonce)) return; // nothing to refresh safely: do not cache
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, {
      ...template(page.html, page.nonce, page.csrfToken),
      status: page.status,
      headers: page.headers,
      dataVersion: page.dataVersion,
      expiresAt: this.now() + this.ttlMs,
    });
  }
}
