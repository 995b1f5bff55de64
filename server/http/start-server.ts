import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { existsSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createHmac, randomBytes } from "node:crypto";
import { CollabServer } from "../../collab/server/collab-server";
import { EDITOR_SCHEMA_VERSION } from "../../collab/schema";
import { SqliteCollabStore } from "../../db/collab-store";
import { databasePath, openDatabase } from "../../db/connection";
import { startWalCheckpointer } from "../../db/wal-checkpointer";
import { createDataVersion } from "../../db/data-version";
import { isDatabaseEmpty, seedDemo } from "../../db/seed/demo";
import { buildDirectory } from "../build-directory";
import type { Env } from "../env";
import { Mailer } from "../mail/mailer";
import { hashPassword } from "../security/passwords";
import { RateLimiter } from "../security/rate-limit";
import { createCollabDocuments, issueCollabToken } from "../services/collab-documents";
import { credentialHolder } from "../services/credentials";
import { loadCurrentUser, type CurrentUser } from "../services/current-user";
import { purgeExpiredSessions, resolveSession } from "../services/sessions";
import type { CollabGateway } from "../context";
import { COOKIE, readCookie } from "./cookies";
import { createAppRequestHandler } from "./app-request";
import { configuredOrigin, type ConfiguredOrigin } from "./configured-origin";
import { PageCache } from "./page-cache";
import { createNonce, securityHeaders } from "./security-headers";
import { createUpgradeRouter } from "./upgrade";
import { contentHash } from "../services/documents/content-hash";
import { openRegistry } from "../services/submissions/registry";
import { seedDemoSubmissions } from "../services/submissions/demo";

/** A started server, for the entry point and for tests. */
export interface RunningServer {
  url: string;
  port: number;
  /** Graceful stop: refuse new connections, let requests finish, close sockets and the database. */
  close(): Promise<void>;
}

/** Options beyond the environment (tests pin the clock or pass a build). */
export interface StartOptions {
  now?: () => Date;
  build?: ServerBuild;
  log?: (line: string) => void;
}

async function loadBuild(dir: string): Promise<ServerBuild> {
  const file = resolve(dir, "server/index.js");
  if (!existsSync(file)) throw new Error(`No server build at ${file}; run \`npm run build\` first.`);
  return (await import(pathToFileURL(file).href)) as ServerBuild;
}

/** The hashed stylesheet of the build, for error pages rendered outside the app. */
function findStylesheet(clientDir: string): string | null {
  const assets = resolve(clientDir, "assets");
  if (!existsSync(assets)) return null;
  const css = readdirSync(assets).find((f) => /^app-.*\.css$/.test(f)) ?? readdirSync(assets).find((f) => f.endsWith(".css"));
  return css ? `/assets/${css}` : null;
}

/**
 * Starts Redacta: opens and migrates the database, seeds the demo council into an empty one,
 * and serves the Remix app and the collaboration WebSocket endpoint on one port.
 */
export async function startServer(env: Env, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  const database = openDatabase(env.DATABASE_URL);
  const { db } = database;
  // Checkpoints run in a worker thread, not inside a keystroke's commit (docs/decisions/0004).
  const dbPath = databasePath(env.DATABASE_URL);
  const checkpointer = dbPath === ":memory:" ? null : startWalCheckpointer(database.sqlite, dbPath);
  const registry = openRegistry(dbPath, { prefix: env.REGISTRY_PREFIX, attachmentsDir: env.ATTACHMENTS_DIR, keyFile: env.REGISTRY_KEY_FILE });
  // Uploads cut off by a crash never became submissions.
  registry.store.purgeStaging();
  if (env.SEED_DEMO && isDatabaseEmpty(db)) {
    await seedDemo(db, { now: now(), hashPassword, contentHash });
    await seedDemoSubmissions(db, registry, now);
    log("Seeded the demo council (Ayuntamiento de Villanueva del Río).");
  }

  const buildDir = resolve(buildDirectory);
  const build = options.build ?? (await loadBuild(buildDir));
  const clientDir = resolve(buildDir, "client");
  const mailer = new Mailer(db, env.SMTP_URL, env.MAIL_FROM);
  const rateLimiter = new RateLimiter();

  // The collaboration server gets people and documents through functions, so collab/ never
  // imports server/ or db/.
  const activeUser = (userId: number): CurrentUser | null => {
    const user = loadCurrentUser(db, userId);
    return user && !user.blocked ? user : null;
  };
  const collabDocuments = createCollabDocuments(db);
  const collabSecret = env.COLLAB_SECRET ? Buffer.from(env.COLLAB_SECRET) : randomBytes(32);
  const collab = new CollabServer<CurrentUser>({
    documents: collabDocuments,
    store: new SqliteCollabStore(db, now),
    userFromCookie: (cookieHeader) => {
      const token = readCookie(cookieHeader, COOKIE.session);
      const session = token ? resolveSession(db, token, now()) : null;
      return session ? activeUser(session.userId) : null;
    },
    // A collab token counts only while the session or API token that minted it is live.
    userById: (userId, binding) => (credentialHolder(db, binding, now()) === userId ? activeUser(userId) : null),
    tokenSecret: collabSecret,
    publicOrigin: env.PUBLIC_URL,
    editorSchemaVersion: EDITOR_SCHEMA_VERSION,
    now: () => now().getTime(),
  });
  const collabGateway: CollabGateway = {
    issueToken: (user, document, binding) => issueCollabToken(collabDocuments, collabSecret, user, document, binding, now()),
    revokeUser: (userId) => collab.revokeUser(userId),
    revokeUserFromDocument: (userId, document) => collab.revokeUserFromDocument(userId, document),
    reauthorize: (document) => collab.reauthorize(document),
    flush: (document) => collab.flush(document),
  };

  // Recomputed once listening: PORT may be 0 (tests), and the origin needs the real port.
  let origins: ConfiguredOrigin = configuredOrigin(env, env.PORT);
  const appRequest = createAppRequestHandler({
    db,
    env,
    mailer,
    rateLimiter,
    collab: collabGateway,
    build,
    pageCache: new PageCache({ dataVersion: createDataVersion(database.sqlite) }),
    stylesheetHref: findStylesheet(clientDir),
    now,
    configuredOrigin: () => origins,
    // Derived from COLLAB_SECRET when set, so known devices survive a restart; random otherwise.
    deviceKey: env.COLLAB_SECRET ? createHmac("sha256", env.COLLAB_SECRET).update("known-device").digest() : randomBytes(32),
    registry,
  });

  const app = express();
  app.disable("x-powered-by");
  // Every page carries a fresh nonce and CSRF token, so an ETag would never match: skip hashing.
  app.set("etag", false);
  app.set("trust proxy", env.TRUST_PROXY ? 1 : false);
  app.use(compression());
  app.use((_req, res, next) => {
    const nonce = createNonce();
    res.locals.nonce = nonce;
    for (const [key, value] of Object.entries(securityHeaders(nonce, env.NODE_ENV === "production" && Boolean(env.PUBLIC_URL?.startsWith("https://"))))) {
      res.setHeader(key, value);
    }
    next();
  });
  // Fingerprinted build assets never change: cache them for a year.
  app.use("/assets", express.static(resolve(clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }));
  // Other build files (favicon…) have an extension; pages never do, so they skip the disk lookup.
  const staticFiles = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? staticFiles(req, res, next) : next()));
  app.all("*", (req, res, next) => {
    appRequest(req, res, res.locals.nonce as string).catch(next);
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(error);
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal Server Error");
    else res.end();
  });

  const server: Server = createServer(app);
  server.on("upgrade", createUpgradeRouter([["/collab/", collab.handleUpgrade]]));
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  origins = configuredOrigin(env, port);
  if (!origins.mail) log("PUBLIC_URL is not set: mail with links (password resets, sign-in links) will not be sent in production.");
  const hostForUrl = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
  const url = `http://${hostForUrl.includes(":") ? `[${hostForUrl}]` : hostForUrl}:${port}`;

  const housekeeping = setInterval(() => {
    purgeExpiredSessions(db, now());
    rateLimiter.prune();
    void mailer.deliverPending();
  }, 60_000);
  housekeeping.unref();

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      clearInterval(housekeeping);
      collab.close();
      const stopped = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      // Requests in flight get a grace period, then their sockets are cut.
      const forced = setTimeout(() => server.closeAllConnections(), 10_000);
      await stopped;
      clearTimeout(forced);
      await mailer.idle();
      mailer.close();
      await checkpointer?.stop();
      database.close();
    })();
    return closing;
  };

  return { url, port, close };
}
