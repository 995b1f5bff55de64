import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { AppContext, CollabGateway } from "../context";
import type { Env } from "../env";
import { negotiateLocale } from "../i18n/locales";
import type { Mailer } from "../mail/mailer";
import type { RateLimiter } from "../security/rate-limit";
import { resolveApiToken } from "../services/api-tokens";
import { apiTokenBinding, sessionBinding } from "../services/credentials";
import { loadCurrentUser, type CurrentUser } from "../services/current-user";
import { resolveSession } from "../services/sessions";
import type { Db } from "../../db/connection";
import { bodyLimitFor, PayloadTooLargeError, readBody, shapeLimitsFor } from "./body";
import type { Registry } from "../services/submissions/registry";
import type { StagedUploads } from "../services/submissions/uploads";
import { can } from "../policies/can";
import { discardStaged, isUploadRequest, MalformedUploadError, stageMultipart, UPLOAD_RETRY_AFTER_SECONDS, UploadBudget } from "./uploads";
import { checkBodyShape, describeBodyShapeFailure } from "../security/body-shape";
import { clientIp } from "./client-ip";
import type { ConfiguredOrigin } from "./configured-origin";
import { COOKIE, readCookie } from "./cookies";
import { API_SESSION_PATH, checkCsrf, checkSameSite, ensureCsrfToken, isApiSignIn, isMutation } from "./csrf";
import { errorJson, errorPage } from "./error-page";
import { PageCache, type CachedPage } from "./page-cache";

/** What the request pipeline needs from the running server. */
export interface PipelineDeps {
  db: Db;
  env: Env;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  collab: CollabGateway;
  build: ServerBuild;
  /** Rendered pages for anonymous visitors (null disables caching). */
  pageCache: PageCache | null;
  stylesheetHref: string | null;
  now: () => Date;
  /** The origins from configuration (known once the server listens). */
  configuredOrigin: () => ConfiguredOrigin;
  /** The HMAC key of known-device cookies. */
  deviceKey: Buffer;
  /** The submissions registry (attachment store, signing key). */
  registry: Registry;
  /** The server-wide budget of uploads being staged (default: UPLOAD_BUDGET_*). */
  uploadBudget?: UploadBudget;
}

/** The staff-only upload route (paper registration); the others file as oneself. */
const PAPER_UPLOAD = /^\/admin\/processes\/[^/]+\/submissions\/paper(?:\.data)?$/;

/** Loopback hosts, where a local trial of the production build works without TLS. */
function isLoopback(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
}

function wantsJson(req: ExpressRequest): boolean {
  return req.path.startsWith("/api/") || (req.headers.accept ?? "").includes("application/json");
}

/**
 * Who is calling: a bearer token (API clients; exempt from CSRF) or the session cookie.
 * A bearer header that is present but invalid is an error, never a silent fallback.
 */
function authenticate(
  db: Db,
  request: { headers: { get(name: string): string | null } },
  now: Date,
): { user: CurrentUser | null; via: AppContext["authVia"]; sessionToken: string | null; binding: string | null; badToken: boolean } {
  const anonymous = { user: null, via: null, sessionToken: null, binding: null };
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const found = match?.[1] ? resolveApiToken(db, match[1], now) : null;
    const user = found ? loadCurrentUser(db, found.userId) : null;
    if (!found || !user || user.blocked) return { ...anonymous, badToken: true };
    return { user, via: "token", sessionToken: null, binding: apiTokenBinding(found.tokenId), badToken: false };
  }
  const token = readCookie(request.headers.get("cookie"), COOKIE.session);
  if (!token) return { ...anonymous, badToken: false };
  const session = resolveSession(db, token, now);
  const user = session ? loadCurrentUser(db, session.userId) : null;
  if (!session || !user || user.blocked) return { ...anonymous, badToken: false };
  return { user, via: "session", sessionToken: token, binding: sessionBinding(session.sessionId), badToken: false };
}

/**
 * Builds the Express handler that turns each request into a Fetch Request, enforces the body
 * limit, authentication and CSRF, and runs the Remix app with the app context.
 */
export function createAppRequestHandler(deps: PipelineDeps) {
  const handle = createRequestHandler(deps.build, deps.env.NODE_ENV === "production" ? "production" : "development");
  const uploadBudget = deps.uploadBudget ?? new UploadBudget();

  /**
   * Whether an upload may be read at all: 401 without valid credentials, 403 for who may not file
   * there, 503 when the staged-upload budget is spent; null lets it through, holding its share of
   * the budget until the response is over.
   */
  function uploadGate(req: ExpressRequest, res: ExpressResponse): { status: 401 | 403 | 503; code: string; message: string } | null {
    const auth = authenticate(deps.db, { headers: { get: (name) => headerValue(req.headers[name]) } }, deps.now());
    if (auth.badToken) return { status: 401, code: "invalid_token", message: "The bearer token is unknown, revoked or expired." };
    if (!auth.user) return { status: 401, code: "unauthenticated", message: "Sign in to upload attachments." };
    const allowed = PAPER_UPLOAD.test(req.path) ? can(auth.user, "submission.registerPaper", null) : can(auth.user, "submission.file", null);
    if (!allowed) return { status: 403, code: "forbidden", message: "You may not file submissions here." };
    const declared = req.headers["content-length"] !== undefined ? Number(req.headers["content-length"]) : null;
    const release = uploadBudget.reserve(declared);
    if (!release) return { status: 503, code: "uploads_busy", message: "Too many uploads are being received right now; retry later." };
    res.on("close", release);
    return null;
  }

  return async function appRequest(req: ExpressRequest, res: ExpressResponse, nonce: string): Promise<void> {
    const host = req.headers.host ?? `localhost:${deps.env.PORT}`;
    const configured = deps.configuredOrigin();
    // In production only the configured Host is served: pages, redirects and CSRF checks then
    // never take their origin from whatever Host a client chose to send.
    if (configured.hosts && !configured.hosts.has(host.toLowerCase())) {
      res.status(400).type("application/json").send(errorJson(400, "unknown_host", "This server does not answer for that Host header."));
      return;
    }
    const origin = deps.env.PUBLIC_URL ? new URL(deps.env.PUBLIC_URL).origin : `${req.protocol}://${host}`;
    const secureCookies = deps.env.NODE_ENV === "production" && !isLoopback(host);
    const cookieHeader = req.headers.cookie ?? null;
    const locale = negotiateLocale(readCookie(cookieHeader, COOKIE.locale), req.headers["accept-language"] ?? null);

    const cacheKey = deps.pageCache
      ? PageCache.keyFor({
          method: req.method,
          url: req.originalUrl,
          locale,
          hasSession: readCookie(cookieHeader, COOKIE.session) !== undefined,
          hasAuthorization: req.headers.authorization !== undefined,
          accept: req.headers.accept ?? "",
        })
      : null;
    if (cacheKey && deps.pageCache) {
      const csrf = ensureCsrfToken(cookieHeader, secureCookies);
      const hit = deps.pageCache.lookup(cacheKey, nonce, csrf.token);
      if (hit) {
        sendCachedPage(res, hit, csrf.setCookie);
        return;
      }
    }

    let body: Buffer | undefined;
    let uploads: StagedUploads | null = null;
    if (req.method !== "GET" && req.method !== "HEAD") {
      try {
        if (isUploadRequest(req.path, req.method, req.headers["content-type"])) {
          // Before a byte of the body is read: only someone who may file (a valid session or
          // bearer token, the same cheap lookup as below) gets anything written to disk, and only
          // within the server-wide budget of staged uploads.
          const gate = uploadGate(req, res);
          if (gate) {
            res.status(gate.status).setHeader("Connection", "close");
            if (gate.status === 503) res.setHeader("Retry-After", String(UPLOAD_RETRY_AFTER_SECONDS));
            if (wantsJson(req)) res.type("application/json").send(errorJson(gate.status, gate.code, gate.message));
            else res.type("html").send(errorPage(locale, gate.status, deps.stylesheetHref));
            return;
          }
          // Files go to disk as they stream (capped); the fields continue as a urlencoded body.
          const staged = await stageMultipart(req, deps.registry.store);
          uploads = { files: staged.files, overflow: staged.overflow };
          body = staged.fields;
          const files = staged.files;
          res.on("close", () => discardStaged(files));
        } else {
          body = await readBody(req, bodyLimitFor(req.path));
        }
      } catch (error) {
        if (error instanceof MalformedUploadError) {
          res.status(400).setHeader("Connection", "close");
          if (wantsJson(req)) res.type("application/json").send(errorJson(400, "body_malformed_multipart", error.message));
          else res.type("html").send(errorPage(locale, 400, deps.stylesheetHref));
          return;
        }
        if (!(error instanceof PayloadTooLargeError)) throw error;
        res.status(413).setHeader("Connection", "close");
        if (wantsJson(req)) {
          res.type("application/json").send(errorJson(413, "payload_too_large", error.message));
        } else {
          res.type("html").send(errorPage(locale, 413, deps.stylesheetHref));
        }
        return;
      }
      // Before any parser sees it: a body within the byte limit can still be 40,000 fields.
      const failure = checkBodyShape(uploads ? "application/x-www-form-urlencoded" : req.headers["content-type"], body, shapeLimitsFor(req.path));
      if (failure) {
        res.status(400).setHeader("Connection", "close");
        if (wantsJson(req)) {
          res.type("application/json").send(errorJson(400, `body_${failure.reason}`, describeBodyShapeFailure(failure)));
        } else {
          res.type("html").send(errorPage(locale, 400, deps.stylesheetHref));
        }
        return;
      }
    }

    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) headers.append(key, v);
      else headers.set(key, value);
    }
    if (uploads) {
      headers.set("content-type", "application/x-www-form-urlencoded;charset=UTF-8");
      headers.delete("content-length");
    }
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const request = new Request(new URL(req.originalUrl, origin), {
      method: req.method,
      headers,
      body: body && body.length > 0 ? new Uint8Array(body) : undefined,
      signal: controller.signal,
    });

    const now = deps.now();
    const auth = authenticate(deps.db, request, now);
    if (auth.badToken) {
      res.status(401).type("application/json").send(errorJson(401, "invalid_token", "The bearer token is unknown, revoked or expired."));
      return;
    }
    const csrf = ensureCsrfToken(cookieHeader, secureCookies);
    if (isMutation(req.method) && auth.via !== "token") {
      // The API sign-in is the one mutation exempt from the token (see isApiSignIn for why);
      // it still must not come from another site.
      const hasSession = readCookie(cookieHeader, COOKIE.session) !== undefined;
      // An API call with no credentials at all, and no body an HTML form could send, has nothing
      // a forged request could ride on: it must still not come from another site, and the route
      // answers 401 where it needs someone (the sign-in keeps its own rule, isApiSignIn).
      const bodyType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      const credentialless =
        req.path.startsWith("/api/") &&
        req.path !== API_SESSION_PATH &&
        !hasSession &&
        !request.headers.has("authorization") &&
        // The draft API's file bodies (Markdown, DOCX) are no type an HTML form can send either.
        ["", "application/json", "application/ld+json", "text/markdown", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"].includes(bodyType);
      const failure =
        isApiSignIn(request, hasSession) || credentialless ? checkSameSite(request, origin) : await checkCsrf(request, readCookie(cookieHeader, COOKIE.csrf), origin);
      if (failure) {
        res.status(403);
        if (wantsJson(req)) res.type("application/json").send(errorJson(403, `csrf_${failure.replace("-", "_")}`, "Cross-site request refused."));
        else res.type("html").send(errorPage(locale, 403, deps.stylesheetHref));
        return;
      }
    }

    const context: AppContext = {
      db: deps.db,
      env: deps.env,
      mailer: deps.mailer,
      rateLimiter: deps.rateLimiter,
      collab: deps.collab,
      now: deps.now,
      nonce,
      csrfToken: csrf.token,
      csrfCookie: csrf.setCookie,
      locale: auth.user && !readCookie(cookieHeader, COOKIE.locale) ? negotiateLocale(auth.user.locale, null) : locale,
      clientIp: clientIp(req, deps.env.TRUST_PROXY),
      user: auth.user,
      authVia: auth.via,
      sessionToken: auth.sessionToken,
      credentialBinding: auth.binding,
      origin,
      mailOrigin: configured.mail,
      deviceKey: deps.deviceKey,
      secureCookies,
      registry: deps.registry,
      uploads,
    };

    // Read the data version before rendering: a write during the render makes the entry stale.
    const dataVersion = cacheKey && deps.pageCache ? deps.pageCache.version() : null;
    const response = await handle(request, { app: context });
    if (cacheKey && deps.pageCache && dataVersion !== null && isCacheablePage(response)) {
      const html = await response.text();
      const page: CachedPage = { status: response.status, headers: [...response.headers], html };
      deps.pageCache.store(cacheKey, { ...page, html, nonce, csrfToken: csrf.token, dataVersion });
      sendCachedPage(res, page, csrf.setCookie);
      return;
    }
    await sendResponse(res, response, csrf.setCookie);
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** A plain 200 HTML page that sets no cookie and does not forbid storing. */
function isCacheablePage(response: Response): boolean {
  return (
    response.status === 200 &&
    (response.headers.get("content-type") ?? "").startsWith("text/html") &&
    response.headers.getSetCookie().length === 0 &&
    !/no-store|private/.test(response.headers.get("cache-control") ?? "")
  );
}

/** Sends a page from (or just put into) the page cache. */
function sendCachedPage(res: ExpressResponse, page: CachedPage, csrfCookie: string | null): void {
  // Plain node:http writes: the page is final bytes, none of Express's send() negotiation applies.
  res.statusCode = page.status;
  for (const [key, value] of page.headers) res.setHeader(key, value);
  if (csrfCookie) res.setHeader("Set-Cookie", csrfCookie);
  const body = typeof page.html === "string" ? Buffer.from(page.html) : page.html;
  res.setHeader("Content-Length", body.length);
  res.end(body);
}

/** Writes a Fetch Response to Node, keeping multiple Set-Cookie headers apart. */
async function sendResponse(res: ExpressResponse, response: Response, extraCookie: string | null): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  const cookies = response.headers.getSetCookie();
  if (extraCookie) cookies.push(extraCookie);
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") continue;
    res.append(key, value);
  }
  if (cookies.length > 0) res.setHeader("Set-Cookie", cookies);
  if (!response.body) {
    res.end();
    return;
  }
  const stream = Readable.fromWeb(response.body as unknown as NodeReadableStream);
  await new Promise<void>((resolve, reject) => {
    stream.on("error", reject);
    res.on("finish", resolve);
    res.on("close", resolve);
    stream.pipe(res);
  });
}
