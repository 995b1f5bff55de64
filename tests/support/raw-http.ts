import { request } from "node:http";

/** A response read to the end by `rawHttp`. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with exactly the headers given, Host included (fetch does not let a caller
 * choose the Host header, and an attacker's client does). Redirects are not followed.
 */
export function rawHttp(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? "GET", headers: options.headers, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/**
 * Form headers and body for a POST that passes the CSRF check the way a scripted client can:
 * a token of its own choosing, sent both as the cookie and as the field (no Origin header).
 */
export function scriptedForm(fields: Record<string, string>, extraCookie = ""): { headers: Record<string, string>; body: string } {
  const token = "t".repeat(40);
  const body = new URLSearchParams({ ...fields, _csrf: token }).toString();
  return {
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      cookie: `redacta_csrf=${token}${extraCookie ? `; ${extraCookie}` : ""}`,
    },
    body,
  };
}
