import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { COOKIE } from "../../server/http/cookies";
import { createSession } from "../../server/services/sessions";
import { TestClient } from "./http-client";
import type { TestServer } from "./server";

/** A client signed in as a demo account (session created directly, no login rate limits). */
export async function signedInClient(server: TestServer, email: string): Promise<TestClient> {
  const client = new TestClient(server.url);
  const user = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`No demo account ${email}`);
  client.setCookie(COOKIE.session, createSession(server.inspect.db, user.id).token);
  await client.csrf();
  return client;
}

/** Posts multipart form data like the import page does (CSRF field + same Origin). */
export async function postMultipart(client: TestClient, path: string, fields: Record<string, string | Blob>, fileName?: string): Promise<Response> {
  const form = new FormData();
  form.set("_csrf", await client.csrf());
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string") form.set(key, value);
    else form.set(key, value, fileName ?? "upload.bin");
  }
  return client.fetch(path, { method: "POST", body: form, headers: { origin: new URL(client.baseUrl).origin } });
}
