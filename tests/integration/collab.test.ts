import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CLOSE } from "../../collab/close-codes";
import { openDatabase } from "../../db/connection";
import { collabUpdates } from "../../db/schema";
import { startChildServer } from "../support/child-server";
import { insertMessage, rawCollabClient, textFromMessages, until } from "../support/collab-client";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

const DOCUMENT = "draft-ordenanza-movilidad-sostenible";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

/** A bearer token for a demo account, through the public API. */
async function bearer(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(new URL("/api/v1/session", baseUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "redacta-demo" }),
  });
  if (response.status !== 201) throw new Error(`sign-in of ${email}: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

async function collabToken(baseUrl: string, email: string, document = DOCUMENT): Promise<string> {
  const response = await fetch(new URL(`/api/v1/collab-token?document=${document}`, baseUrl), {
    headers: { authorization: `Bearer ${await bearer(baseUrl, email)}` },
  });
  if (response.status !== 200) throw new Error(`collab token for ${email}: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

function provider(baseUrl: string, doc: Y.Doc, token: string): WebsocketProvider {
  return new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}/collab`, DOCUMENT, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
}

function storedUpdates(db: TestServer["inspect"]["db"]): number {
  return db.select({ id: collabUpdates.id }).from(collabUpdates).where(eq(collabUpdates.document, DOCUMENT)).all().length;
}

describe("GET /api/v1/collab-token", () => {
  it("answers 401 without credentials, 400 for a bad name, 404 for unknown documents, 403 when not allowed", async () => {
    expect((await fetch(new URL(`/api/v1/collab-token?document=${DOCUMENT}`, server.url))).status).toBe(401);
    const auth = { authorization: `Bearer ${await bearer(server.url, "editor@example.org")}` };
    const bad = await fetch(new URL("/api/v1/collab-token?document=Not%20a%20name", server.url), { headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Record<string, string[]> } }).error.fields.document).toBeTruthy();
    expect((await fetch(new URL("/api/v1/collab-token", server.url), { headers: auth })).status).toBe(400);
    expect((await fetch(new URL("/api/v1/collab-token?document=draft-no-such-process", server.url), { headers: auth })).status).toBe(404);
    expect((await fetch(new URL("/api/v1/collab-token?document=amendment-999999", server.url), { headers: auth })).status).toBe(404);
    const resident = { authorization: `Bearer ${await bearer(server.url, "verified@example.org")}` };
    expect((await fetch(new URL(`/api/v1/collab-token?document=${DOCUMENT}`, server.url), { headers: resident })).status).toBe(403);
  });

  it("gives editors a write token and moderators a read token, never cached", async () => {
    for (const [email, access] of [
      ["editor@example.org", "write"],
      ["moderator@example.org", "read"],
    ] as const) {
      const response = await fetch(new URL(`/api/v1/collab-token?document=${DOCUMENT}`, server.url), {
        headers: { authorization: `Bearer ${await bearer(server.url, email)}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const body = (await response.json()) as { access: string; url: string; expiresAt: string; token: string };
      expect(body.access).toBe(access);
      expect(body.url).toBe(`/collab/${DOCUMENT}?token=${encodeURIComponent(body.token)}`);
      const ttl = new Date(body.expiresAt).getTime() - Date.now();
      expect(ttl).toBeGreaterThan(4 * 60_000);
      expect(ttl).toBeLessThanOrEqual(5 * 60_000);
    }
  });
});

describe("the stock y-websocket client against the real server", () => {
  it("connects with a collab token, syncs, converges with a second client and the edits are stored", async () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const providers = [provider(server.url, a, await collabToken(server.url, "editor@example.org")), provider(server.url, b, await collabToken(server.url, "admin@example.org"))];
    try {
      await until(() => providers.every((p) => p.synced), 10_000, "synced");
      a.getText("t").insert(0, "Artículo 1. ");
      b.getText("t").insert(0, "Objeto. ");
      await until(() => a.getText("t").toString() === b.getText("t").toString() && a.getText("t").length === 20, 10_000, "convergence");
      // Both edits are stored before anyone saw them; arriving within one group-commit window
      // (ADR 0004) they may share a row.
      const rows = server.inspect.db.select({ update: collabUpdates.update }).from(collabUpdates).where(eq(collabUpdates.document, DOCUMENT)).all();
      expect(rows.length).toBeGreaterThanOrEqual(1);
      const stored = new Y.Doc();
      for (const row of rows) Y.applyUpdate(stored, new Uint8Array(row.update));
      expect(stored.getText("t").toString()).toBe(a.getText("t").toString());
    } finally {
      for (const p of providers) p.destroy();
    }
  });

  it("gives a read-only connection the document and presence but drops its updates (raw protocol client)", async () => {
    const writer = rawCollabClient(server.url, `/collab/${DOCUMENT}?token=${await collabToken(server.url, "editor@example.org")}`);
    const reader = rawCollabClient(server.url, `/collab/${DOCUMENT}?token=${await collabToken(server.url, "moderator@example.org")}`);
    await until(() => writer.received.length > 0 && reader.received.length > 0, 10_000, "attached");
    const before = storedUpdates(server.inspect.db);
    const writerBefore = writer.received.length;
    reader.send(insertMessage(new Y.Doc(), "texto no autorizado"));
    const step2 = insertMessage(new Y.Doc(), "tampoco");
    step2[1] = 1;
    reader.send(step2);
    // A marker from the writer, sent after: once the reader sees it, the reader's messages were handled.
    writer.send(insertMessage(new Y.Doc(), "marca"));
    await until(() => textFromMessages(reader.received).includes("marca"), 10_000, "marker");
    expect(textFromMessages(reader.received)).not.toContain("autorizado");
    expect(textFromMessages(writer.received.slice(writerBefore))).toBe("marca");
    expect(storedUpdates(server.inspect.db)).toBe(before + 1);
    expect(reader.ws.readyState).toBe(WebSocket.OPEN);
    writer.ws.close();
    reader.ws.close();
  });
});

describe("session cookies, Origin, logout and limits", () => {
  it("accepts the session cookie from our Origin, refuses other origins, and closes sockets at logout", async () => {
    const browser = new TestClient(server.url);
    await browser.login("editor@example.org");
    const cookie = `redacta_session=${encodeURIComponent(browser.cookie("redacta_session") ?? "")}`;
    const origin = new URL(server.url).origin;
    expect(await rawCollabClient(server.url, `/collab/${DOCUMENT}`, { cookie, origin: "http://evil.example" }).closed).toBe(CLOSE.BAD_ORIGIN);
    expect(await rawCollabClient(server.url, `/collab/${DOCUMENT}`, { cookie }).closed).toBe(CLOSE.BAD_ORIGIN);
    const open = rawCollabClient(server.url, `/collab/${DOCUMENT}?schema=1`, { cookie, origin });
    await until(() => open.received.length > 0, 10_000, "attached");
    expect(await rawCollabClient(server.url, `/collab/${DOCUMENT}?schema=999`, { cookie, origin }).closed).toBe(CLOSE.EDITOR_OUTDATED);
    const logout = await browser.postForm("/logout", {});
    expect(logout.status).toBe(303);
    expect(await open.closed).toBe(CLOSE.ACCESS_REVOKED);
    expect(await rawCollabClient(server.url, `/collab/${DOCUMENT}`, { cookie, origin }).closed).toBe(CLOSE.UNAUTHENTICATED);
  });

  it("closes a message over 1 MiB with TOO_LARGE and caps connections per user at 20", async () => {
    const token = await collabToken(server.url, "editor@example.org");
    const big = rawCollabClient(server.url, `/collab/${DOCUMENT}?token=${token}`);
    await until(() => big.received.length > 0, 10_000, "attached");
    big.send(new Uint8Array(1024 * 1024 + 16));
    expect(await big.closed).toBe(CLOSE.TOO_LARGE);

    const sockets = Array.from({ length: 20 }, () => rawCollabClient(server.url, `/collab/${DOCUMENT}?token=${token}`));
    await until(() => sockets.every((s) => s.received.length > 0), 10_000, "20 attached");
    expect(await rawCollabClient(server.url, `/collab/${DOCUMENT}?token=${token}`).closed).toBe(CLOSE.TOO_MANY_CONNECTIONS);
    for (const s of sockets) s.ws.close();
    await Promise.all(sockets.map((s) => s.closed));
  });
});

describe("crash recovery", () => {
  const startChild = (databaseUrl: string) => startChildServer(databaseUrl);

  it("after SIGKILL mid-edit, a restarted server has every acknowledged edit, once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "redacta-collab-kill-"));
    const databaseUrl = join(dir, "kill.db");
    const first = await startChild(databaseUrl);
    let second: Awaited<ReturnType<typeof startChild>> | null = null;
    const writerDoc = new Y.Doc();
    const watcherDoc = new Y.Doc();
    const providers: WebsocketProvider[] = [];
    try {
      providers.push(provider(first.url, writerDoc, await collabToken(first.url, "editor@example.org")));
      providers.push(provider(first.url, watcherDoc, await collabToken(first.url, "admin@example.org")));
      await until(() => providers.every((p) => p.synced), 10_000, "synced");
      // 60 keystrokes; the watcher seeing them proves the server acknowledged (stored) them.
      const words = "La circulación de bicicletas por las aceras queda prohibida. ";
      for (const char of words) {
        writerDoc.getText("t").insert(writerDoc.getText("t").length, char);
        await new Promise((r) => setTimeout(r, 2));
      }
      await until(() => watcherDoc.getText("t").toString() === words, 10_000, "acknowledged");
      // Keep typing while the process is killed: the kill lands mid-edit.
      const more = "Se exceptúan los menores de doce años. ";
      let typed = 0;
      const typing = setInterval(() => {
        const char = more[typed % more.length] ?? " ";
        typed++;
        writerDoc.getText("t").insert(writerDoc.getText("t").length, char);
      }, 3);
      await new Promise((r) => setTimeout(r, 60));
      first.child.kill("SIGKILL");
      const seenAtKill = watcherDoc.getText("t").toString();
      await new Promise((r) => first.child.once("exit", r));
      clearInterval(typing);
      for (const p of providers.splice(0)) p.destroy();
      const written = writerDoc.getText("t").toString();
      const keystrokes = words.length + typed;

      // The database as the killed process left it: no keystroke stored twice.
      const countRows = () => {
        const inspect = openDatabase(databaseUrl);
        const n = inspect.db.select({ id: collabUpdates.id }).from(collabUpdates).where(eq(collabUpdates.document, DOCUMENT)).all().length;
        inspect.close();
        return n;
      };
      const rows = countRows();
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThanOrEqual(keystrokes);

      second = await startChild(databaseUrl);
      const fresh = new Y.Doc();
      providers.push(provider(second.url, fresh, await collabToken(second.url, "admin@example.org")));
      await until(() => providers.every((p) => p.synced), 10_000, "synced after restart");
      // Everything anyone had seen acknowledged is there, in order, and nothing that was never typed.
      const recovered = fresh.getText("t").toString();
      expect(recovered.startsWith(seenAtKill)).toBe(true);
      expect(written.startsWith(recovered)).toBe(true);
      // The writer reconnects: it sends what the server never acknowledged, once.
      providers.push(provider(second.url, writerDoc, await collabToken(second.url, "editor@example.org")));
      await until(() => fresh.getText("t").toString() === written, 10_000, "writer's unacknowledged edits resent");
      await new Promise((r) => setTimeout(r, 300));
      expect(countRows()).toBeLessThanOrEqual(keystrokes);
      expect(fresh.getText("t").toString()).toBe(written);
    } finally {
      for (const p of providers) p.destroy();
      first.child.kill("SIGKILL");
      second?.child.kill("SIGTERM");
      if (second) await new Promise((r) => second?.child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
