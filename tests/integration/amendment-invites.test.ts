import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amendmentAuthors, amendmentInvites, amendments } from "../../db/schema";
import { userIdOf } from "../support/api";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/**
 * Invitation links on the amendment page: co-authors see every link still working and revoke it
 * there; a revoked link answers a page that says it was revoked and makes nobody a co-author.
 */

const SLUG = "ordenanza-movilidad-sostenible";
/** The Spanish (default locale) strings, read from the catalogue rather than copied here. */
const es = JSON.parse(readFileSync(new URL("../../server/i18n/locales/es/amendments.json", import.meta.url), "utf8")) as Record<string, string>;
const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

/** The rendered page without its scripts (which carry the whole message catalogue). */
const visible = async (response: Response) => (await response.text()).replace(/<script\b[\s\S]*?<\/script>/g, "");

let server: TestServer;
let draftId: number;
let page: string;

beforeAll(async () => {
  server = await startTestServer();
  const draft = server.inspect.db.select({ id: amendments.id }).from(amendments).where(eq(amendments.status, "draft")).get();
  if (!draft) throw new Error("the demo has no draft amendment");
  draftId = draft.id;
  page = `/processes/${SLUG}/amendments/${draftId}`;
});

afterAll(async () => {
  await server.stop();
});

async function signedIn(email: string): Promise<TestClient> {
  const browser = new TestClient(server.url);
  await browser.login(email);
  return browser;
}

const revokedAt = (inviteId: number) => server.inspect.db.select({ revokedAt: amendmentInvites.revokedAt }).from(amendmentInvites).where(eq(amendmentInvites.id, inviteId)).get()?.revokedAt ?? null;
const coauthors = (email: string) =>
  server.inspect.db
    .select({ userId: amendmentAuthors.userId })
    .from(amendmentAuthors)
    .where(and(eq(amendmentAuthors.amendmentId, draftId), eq(amendmentAuthors.userId, userIdOf(server, email))))
    .all().length;

describe("invitation links on the amendment page", () => {
  it("lists the working links with a revoke button; a revoked link says so, and joining through it grants nothing", async () => {
    const author = await signedIn("ngo@example.org");
    const made = await author.postForm(page, { intent: "invite" });
    expect(made.status).toBe(200);
    const path = /\/amendments\/join\/[A-Za-z0-9_-]{16,128}/.exec(await visible(made))?.[0];
    if (!path) throw new Error("no invitation link on the page");
    const invite = server.inspect.db.select({ id: amendmentInvites.id }).from(amendmentInvites).where(eq(amendmentInvites.amendmentId, draftId)).all().at(-1);
    if (!invite) throw new Error("no invitation stored");

    // The co-authors' panel lists it, with a button revoking exactly that one.
    const listed = await visible(await author.get(page));
    expect(listed).toContain(escapeHtml(es["invite.activeHeading"] ?? "missing key invite.activeHeading"));
    expect(listed).toMatch(new RegExp(`name="inviteId" value="${invite.id}"`));
    expect(listed).toContain('value="revokeInvite"');

    // Staff watching the draft see no revoke buttons, and cannot revoke by posting.
    const moderator = await signedIn("moderator@example.org");
    expect(await visible(await moderator.get(page))).not.toContain('value="revokeInvite"');
    expect((await moderator.postForm(page, { intent: "revokeInvite", inviteId: String(invite.id) })).status).toBe(403);
    // Someone who may not see the draft gets its 404.
    const resident = await signedIn("resident@example.org");
    expect((await resident.postForm(page, { intent: "revokeInvite", inviteId: String(invite.id) })).status).toBe(404);
    expect(revokedAt(invite.id)).toBeNull();

    // Before revocation the link works (the confirm page).
    expect((await resident.get(path)).status).toBe(200);

    // The author revokes it from the page.
    const revoked = await author.postForm(page, { intent: "revokeInvite", inviteId: String(invite.id) });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get("location")).toBe(`${page}?done=inviteRevoked`);
    expect(revokedAt(invite.id)).not.toBeNull();
    const after = await visible(await author.get(`${page}?done=inviteRevoked`));
    expect(after).toContain(escapeHtml(es["done.inviteRevoked"] ?? "missing key done.inviteRevoked"));
    expect(after).not.toMatch(new RegExp(`name="inviteId" value="${invite.id}"`));

    // The link now answers "this invitation was revoked", on opening and on confirming.
    const opened = await resident.get(path);
    expect(opened.status).toBe(410);
    const openedHtml = await visible(opened);
    expect(openedHtml).toContain(escapeHtml(es["join.revokedTitle"] ?? "missing key join.revokedTitle"));
    const joined = await resident.postForm(path, { intent: "join" });
    expect(joined.status).toBe(410);
    expect(await visible(joined)).toContain(escapeHtml(es["join.revokedTitle"] ?? "missing key join.revokedTitle"));
    // It granted nothing: not a co-author, the draft still invisible, no live document.
    expect(coauthors("resident@example.org")).toBe(0);
    expect((await resident.get(page)).status).toBe(404);
    expect((await resident.get(`/api/v1/collab-token?document=amendment-${draftId}`)).status).toBe(404);

    // A link that never existed still gets the generic answer, not "revoked".
    const unknown = await resident.get("/amendments/join/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(unknown.status).toBe(410);
    const unknownHtml = await visible(unknown);
    expect(unknownHtml).toContain(escapeHtml(es["join.invalidTitle"] ?? ""));
    expect(unknownHtml).not.toContain(escapeHtml(es["join.revokedTitle"] ?? "missing key join.revokedTitle"));

    // Revoking it twice: 404, nothing changes.
    expect((await author.postForm(page, { intent: "revokeInvite", inviteId: String(invite.id) })).status).toBe(404);
  });
});
