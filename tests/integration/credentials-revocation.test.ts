import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE } from "../../collab/close-codes";
import { outbox, userRoles } from "../../db/schema";
import { apiSignIn, getWithToken, userIdOf } from "../support/api";
import { rawCollabClient, type RawCollabClient } from "../support/collab-client";
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

/** A fresh editor (so they may open the draft over WebSocket) signed in on one browser. */
async function editor(label: string, password: string): Promise<{ email: string; browser: TestClient; userId: number }> {
  const email = `${label}.${Date.now()}@example.net`;
  const browser = new TestClient(server.url);
  const signup = await browser.postForm("/signup", { name: `Eve ${label}`, email, password, acceptTerms: "on" });
  expect(signup.status).toBe(303);
  await browser.login(email, password);
  const userId = userIdOf(server, email);
  server.inspect.db.insert(userRoles).values({ userId, role: "editor", grantedAt: new Date() }).run();
  return { email, browser, userId };
}

/** A collaboration socket opened with a token minted through the API token. */
async function openSocket(apiToken: string): Promise<RawCollabClient> {
  const response = await getWithToken(server, `/api/v1/collab-token?document=${DOCUMENT}`, apiToken);
  expect(response.status).toBe(200);
  const { url } = (await response.json()) as { url: string };
  const client = rawCollabClient(server.url, url);
  await client.opened;
  return client;
}

type Action = (person: { email: string; browser: TestClient; userId: number; password: string }) => Promise<void>;

const actions: [string, Action][] = [
  [
    "a password reset",
    async ({ email }) => {
      const stranger = new TestClient(server.url);
      expect((await stranger.postForm("/forgot-password", { email })).status).toBe(303);
      const body = server.inspect.db.select({ body: outbox.body }).from(outbox).where(eq(outbox.recipient, email)).orderBy(desc(outbox.id)).get()?.body ?? "";
      const token = new URL(/(http:\/\/\S+\/reset-password\?token=\S+)/.exec(body)?.[1] ?? "http://x/").searchParams.get("token") ?? "";
      const done = await stranger.postForm("/reset-password", { token, password: "a reset new passphrase", confirm: "a reset new passphrase" });
      expect(done.status).toBe(303);
    },
  ],
  [
    "a password change",
    async ({ browser, password }) => {
      const done = await browser.postForm("/account", { intent: "password", currentPassword: password, password: "a changed passphrase", confirm: "a changed passphrase" });
      expect(done.status).toBe(303);
      expect(done.headers.get("location")).toBe("/account?passwordChanged=1");
      // The browser that changed it stays signed in with a fresh session.
      expect((await browser.get("/account")).status).toBe(200);
    },
  ],
  [
    "a block by an admin",
    async ({ userId }) => {
      const admin = new TestClient(server.url);
      await admin.login("admin@example.org");
      expect((await admin.postForm("/admin/users", { intent: "block", userId: String(userId) })).status).toBe(303);
    },
  ],
  [
    "log out everywhere",
    async ({ browser }) => {
      const done = await browser.postForm("/account", { intent: "logoutEverywhere" });
      expect(done.status).toBe(303);
    },
  ],
];

describe("ending a person's credentials", () => {
  it.each(actions)("%s ends every session, API token and open collaboration socket", async (label, act) => {
    const password = "the original passphrase";
    const person = await editor(label.replace(/\W+/g, "-"), password);
    const otherBrowser = new TestClient(server.url);
    await otherBrowser.login(person.email, password);
    const apiToken = await apiSignIn(server, person.email, password);
    expect((await getWithToken(server, "/api/v1/me", apiToken)).status).toBe(200);
    const socket = await openSocket(apiToken);

    await act({ ...person, password });

    expect(await socket.closed).toBe(CLOSE.ACCESS_REVOKED);
    expect((await getWithToken(server, "/api/v1/me", apiToken)).status).toBe(401);
    expect((await getWithToken(server, `/api/v1/collab-token?document=${DOCUMENT}`, apiToken)).status).toBe(401);
    expect((await otherBrowser.get("/account")).status).toBe(302);
  });

  it("refuses a password change with a wrong current password and changes nothing", async () => {
    const password = "the original passphrase";
    const person = await editor("wrong-current", password);
    const apiToken = await apiSignIn(server, person.email, password);
    const refused = await person.browser.postForm("/account", { intent: "password", currentPassword: "not my password", password: "a changed passphrase", confirm: "a changed passphrase" });
    expect(refused.status).toBe(400);
    expect((await getWithToken(server, "/api/v1/me", apiToken)).status).toBe(200);
    expect((await person.browser.get("/account")).status).toBe(200);
  });
});

describe("collab tokens are bound to the credential that minted them", () => {
  async function mint(headers: Record<string, string>, client?: TestClient): Promise<string> {
    const path = `/api/v1/collab-token?document=${DOCUMENT}`;
    const response = client ? await client.get(path) : await fetch(new URL(path, server.url), { headers });
    expect(response.status).toBe(200);
    return ((await response.json()) as { url: string }).url;
  }

  it("refuses a token minted with a session once that session has logged out", async () => {
    const browser = new TestClient(server.url);
    await browser.login("editor@example.org");
    const url = await mint({}, browser);
    // While the session lives, the token opens the document.
    const before = rawCollabClient(server.url, url);
    await before.opened;
    before.ws.close();
    expect((await browser.postForm("/logout", {})).status).toBe(303);
    expect(await rawCollabClient(server.url, url).closed).toBe(CLOSE.UNAUTHENTICATED);
  });

  it("refuses a token minted with an API token once that token is revoked", async () => {
    const apiToken = await apiSignIn(server, "editor@example.org");
    const url = await mint({ authorization: `Bearer ${apiToken}` });
    const revoked = await fetch(new URL("/api/v1/session", server.url), { method: "DELETE", headers: { authorization: `Bearer ${apiToken}` } });
    expect(revoked.status).toBeLessThan(300);
    expect(await rawCollabClient(server.url, url).closed).toBe(CLOSE.UNAUTHENTICATED);
  });
});
