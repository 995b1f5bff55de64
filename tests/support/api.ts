import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { createSession } from "../../server/services/sessions";
import type { TestServer } from "./server";

/** Demo accounts' shared password. */
export const DEMO_PASSWORD = "redacta-demo";

/** `POST /api/v1/session` as a plain API client: JSON, no cookies, no CSRF token. */
export function postSession(server: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL("/api/v1/session", server.url), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Signs in through the API and returns the bearer token; throws unless it is issued. */
export async function apiSignIn(server: TestServer, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await postSession(server, { email, password });
  if (response.status !== 201) throw new Error(`API sign-in as ${email} failed with ${response.status}: ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return token;
}

/** GET with a bearer token. */
export function getWithToken(server: TestServer, path: string, token: string): Promise<Response> {
  return fetch(new URL(path, server.url), { headers: { authorization: `Bearer ${token}` } });
}

/** The id of an account, read from the test database. */
export function userIdOf(server: TestServer, email: string): number {
  const row = server.inspect.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (!row) throw new Error(`No account ${email}`);
  return row.id;
}

/**
 * A browser session cookie for an account, created directly in the database so API tests do
 * not depend on the sign-in form.
 */
export function sessionCookieFor(server: TestServer, email: string): string {
  return createSession(server.inspect.db, userIdOf(server, email)).token;
}
