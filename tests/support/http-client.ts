/**
 * A small cookie-keeping HTTP client for integration tests: it behaves like one browser,
 * storing cookies and echoing the CSRF cookie in forms as the real pages do.
 */
export class TestClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("; ");
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = decodeURIComponent(pair.slice(eq + 1).trim());
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Any request; cookies are sent and stored, redirects are not followed. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has("cookie")) headers.set("cookie", this.cookieHeader());
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: "manual" });
    this.remember(response);
    return response;
  }

  get(path: string, init: RequestInit = {}): Promise<Response> {
    return this.fetch(path, { ...init, method: "GET" });
  }

  /** Makes sure the CSRF cookie exists (as visiting any page does) and returns it. */
  async csrf(): Promise<string> {
    if (!this.cookies.has("redacta_csrf")) await this.get("/");
    const token = this.cookies.get("redacta_csrf");
    if (!token) throw new Error("The server set no CSRF cookie");
    return token;
  }

  /**
   * Posts a urlencoded form like a browser on our own pages: with the CSRF field and our Origin.
   * Pass `{ csrf: false }` or another origin to act like an attacker.
   */
  async postForm(
    path: string,
    fields: Record<string, string>,
    options: { csrf?: boolean | string; origin?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const body = new URLSearchParams(fields);
    if (options.csrf !== false) body.set("_csrf", typeof options.csrf === "string" ? options.csrf : await this.csrf());
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", ...options.headers };
    const origin = options.origin === undefined ? new URL(this.baseUrl).origin : options.origin;
    if (origin !== null) headers.origin = origin;
    return this.fetch(path, { method: "POST", body, headers });
  }

  /** Logs in through the real login form; throws unless it redirects. */
  async login(email: string, password = "redacta-demo"): Promise<void> {
    const response = await this.postForm("/login", { email, password });
    if (response.status !== 302 && response.status !== 303) {
      throw new Error(`Login as ${email} failed with ${response.status}: ${await response.text()}`);
    }
  }
}
