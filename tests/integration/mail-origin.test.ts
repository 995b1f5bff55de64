import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../db/schema";
import { rawHttp, scriptedForm } from "../support/raw-http";
import { startTestServer, type TestServer } from "../support/server";

/** Links in mail come from configuration, never from the Host header a client sends. */
describe("links in mail", () => {
  let dev: TestServer;
  let prod: TestServer;

  beforeAll(async () => {
    dev = await startTestServer();
    prod = await startTestServer({ env: { NODE_ENV: "production" } });
  });

  afterAll(async () => {
    await dev.stop();
    await prod.stop();
  });

  function lastMailTo(server: TestServer, email: string) {
    return server.inspect.db.select({ body: outbox.body }).from(outbox).where(eq(outbox.recipient, email)).orderBy(desc(outbox.id)).get();
  }

  it("puts the configured origin in a reset link even when the request says Host: evil.example", async () => {
    const email = "resident@example.org";
    const form = scriptedForm({ email });
    const response = await rawHttp(dev.url, "/forgot-password", { method: "POST", headers: { ...form.headers, host: "evil.example" }, body: form.body });
    expect(response.status).toBe(303);
    const body = lastMailTo(dev, email)?.body ?? "";
    expect(body).toContain(`${dev.url}/reset-password?token=`);
    expect(body).not.toContain("evil.example");
  });

  it("in production without PUBLIC_URL refuses unknown Host headers with 400", async () => {
    const evil = await rawHttp(prod.url, "/", { headers: { host: "evil.example" } });
    expect(evil.status).toBe(400);
    expect(JSON.parse(evil.body)).toMatchObject({ error: { code: "unknown_host" } });
    const own = await rawHttp(prod.url, "/", { headers: { host: new URL(prod.url).host } });
    expect(own.status).toBe(200);
  });

  it("in production without PUBLIC_URL sends no reset mail at all, answering as usual", async () => {
    const email = "resident@example.org";
    const form = scriptedForm({ email });
    const response = await rawHttp(prod.url, "/forgot-password", { method: "POST", headers: { ...form.headers, host: new URL(prod.url).host }, body: form.body });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe("/forgot-password?sent=1");
    expect(lastMailTo(prod, email)).toBeUndefined();
  });
});
