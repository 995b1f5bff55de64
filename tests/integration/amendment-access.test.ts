import * as decoding from "lib0/decoding";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../collab/close-codes";
import { EDITOR_SCHEMA_VERSION } from "../../collab/schema";
import { encodeSyncStep1 } from "../../collab/server/protocol";
import { amendmentAuthors, amendments, collabUpdates, organizationMembers, organizations, userRoles, users, type StaffRole } from "../../db/schema";
import { createSession } from "../../server/services/sessions";
import { ACCESS_PERSONAS, AMENDMENT_ACCESS, AMENDMENT_STATES, socketOutcome, type AccessPersona, type AmendmentState } from "../support/amendment-access";
import { insertMessage, rawCollabClient, textFromMessages, until, type RawCollabClient } from "../support/collab-client";
import { TestClient } from "../support/http-client";
import { startTestServer, type TestServer } from "../support/server";

/**
 * The amendment access table (tests/support/amendment-access.ts) against the real server: for
 * every persona × amendment state × co-authorship, the page (view), the justification form
 * (write), the collab-token endpoint, and a real WebSocket on `amendment-{id}` — refused,
 * read-only (its write is dropped: not echoed, not stored) or writable (stored, echoed). The unit
 * permission matrix runs the same rows against `can()`, so neither path can drift from the table.
 */

const SLUG = "ordenanza-movilidad-sostenible";
const T0 = new Date("2026-01-10T10:00:00Z");

let server: TestServer;
let origin: string;
const sessions = new Map<AccessPersona, string>();
const ids = new Map<AccessPersona, number>();
let starterId: number;
let template: typeof amendments.$inferSelect;
let submittedTemplate: typeof amendments.$inferSelect;

/** A person of the given shape, with a session cookie made directly in the database. */
function makePerson(persona: AccessPersona, shape: { verified?: boolean; blocked?: boolean; roles?: StaffRole[]; organizationId?: number }): void {
  const db = server.inspect.db;
  const row = db
    .insert(users)
    .values({
      email: `access-${persona.toLowerCase()}@example.org`,
      name: `Access ${persona}`,
      passwordHash: "not-a-login-password",
      verifiedAt: shape.verified ? T0 : null,
      blockedAt: shape.blocked ? T0 : null,
      createdAt: T0,
    })
    .returning({ id: users.id })
    .get();
  for (const role of shape.roles ?? []) db.insert(userRoles).values({ userId: row.id, role, grantedAt: T0 }).run();
  if (shape.organizationId !== undefined) db.insert(organizationMembers).values({ organizationId: shape.organizationId, userId: row.id, joinedAt: T0 }).run();
  ids.set(persona, row.id);
  sessions.set(persona, createSession(db, row.id).token);
}

/** An amendment on the demo article in `state`, started by a person outside the table, with `coauthor` joined. */
function makeAmendment(state: AmendmentState, coauthor: number | null): number {
  const { status, submitted } = AMENDMENT_STATES[state];
  const base = submitted ? submittedTemplate : template;
  const db = server.inspect.db;
  const row = db
    .insert(amendments)
    .values({
      processId: base.processId,
      versionId: base.versionId,
      clauseId: base.clauseId,
      kind: base.kind,
      status,
      justification: "Justificación inicial.",
      createdBy: starterId,
      createdAt: T0,
      content: submitted ? base.content : null,
      contentHash: submitted ? base.contentHash : null,
      submittedAt: submitted ? T0 : null,
      withdrawnAt: status === "withdrawn" ? T0 : null,
    })
    .returning({ id: amendments.id })
    .get();
  db.insert(amendmentAuthors).values({ amendmentId: row.id, userId: starterId, role: "author", joinedAt: T0 }).run();
  if (coauthor !== null) db.insert(amendmentAuthors).values({ amendmentId: row.id, userId: coauthor, role: "coauthor", joinedAt: T0 }).run();
  return row.id;
}

function client(persona: AccessPersona): TestClient {
  const browser = new TestClient(server.url);
  const token = sessions.get(persona);
  if (token) browser.setCookie("redacta_session", token);
  return browser;
}

const justificationOf = (id: number) => server.inspect.db.select({ j: amendments.justification }).from(amendments).where(eq(amendments.id, id)).get()?.j;
const storedUpdates = (document: string) => server.inspect.db.select({ id: collabUpdates.id }).from(collabUpdates).where(eq(collabUpdates.document, document)).all().length;

/** Whether a sync step 2 (the server's answer to our step 1) has arrived. */
const hasStep2 = (socket: RawCollabClient) =>
  socket.received.some((m) => {
    const decoder = decoding.createDecoder(m);
    return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 1;
  });

/** Opens the live document as `persona` and reports what happened, writing a marker if it could. */
async function overWebSocket(persona: AccessPersona, id: number): Promise<{ outcome: string; echoed: boolean; stored: boolean }> {
  const document = `amendment-${id}`;
  const token = sessions.get(persona);
  const headers: Record<string, string> = { origin };
  if (token && persona !== "anonymous") headers.cookie = `redacta_session=${encodeURIComponent(token)}`;
  const socket = rawCollabClient(server.url, `/collab/${document}?schema=${EDITOR_SCHEMA_VERSION}`, headers);
  let closedWith: number | null = null;
  void socket.closed.then((code) => (closedWith = code));
  // Accepted: the server speaks first (its sync step 1). Refused: the socket closes with a code.
  await until(() => closedWith !== null || socket.received.length > 0, 10_000, `${persona} accepted or refused`);
  if (closedWith !== null) {
    const byCode: Record<number, string> = { [CLOSE.UNAUTHENTICATED]: "unauthenticated", [CLOSE.UNKNOWN_DOCUMENT]: "unknown", [CLOSE.FORBIDDEN]: "forbidden" };
    return { outcome: byCode[closedWith] ?? `closed ${closedWith}`, echoed: false, stored: false };
  }
  const before = storedUpdates(document);
  const marker = `escrito por ${persona}`;
  socket.send(insertMessage(new Y.Doc(), marker));
  // Our step 1 is answered after the update before it was handled (and, if applied, written):
  // the step 2 is the observable end of the write, whether it was taken or dropped.
  socket.send(encodeSyncStep1(new Uint8Array([0])));
  await until(() => hasStep2(socket) || closedWith !== null, 10_000, `${persona}'s step 2`);
  const echoed = textFromMessages(socket.received).includes(marker);
  const stored = storedUpdates(document) > before;
  socket.ws.close();
  await socket.closed;
  if (closedWith !== null && closedWith !== 1000 && closedWith !== 1005) return { outcome: `closed ${closedWith}`, echoed, stored };
  return { outcome: echoed && stored ? "write" : !echoed && !stored ? "read" : "inconsistent", echoed, stored };
}

beforeAll(async () => {
  server = await startTestServer();
  origin = new URL(server.url).origin;
  const db = server.inspect.db;
  const draft = db.select().from(amendments).where(eq(amendments.status, "draft")).get();
  const submitted = db.select().from(amendments).where(eq(amendments.status, "submitted")).get();
  if (!draft || !submitted) throw new Error("the demo has no draft or submitted amendment");
  template = draft;
  submittedTemplate = submitted;
  const verifiedOrg = db.insert(organizations).values({ slug: "access-verified", name: "Verified", verifiedAt: T0, createdAt: T0 }).returning({ id: organizations.id }).get().id;
  const unverifiedOrg = db.insert(organizations).values({ slug: "access-unverified", name: "Unverified", createdAt: T0 }).returning({ id: organizations.id }).get().id;
  starterId = db.insert(users).values({ email: "access-starter@example.org", name: "Starter", passwordHash: "x", verifiedAt: T0, createdAt: T0 }).returning({ id: users.id }).get().id;
  makePerson("resident", {});
  makePerson("verified", { verified: true });
  makePerson("representative", { verified: true, organizationId: verifiedOrg });
  makePerson("unverifiedOrgMember", { organizationId: unverifiedOrg });
  makePerson("editor", { verified: true, roles: ["editor"] });
  makePerson("moderator", { verified: true, roles: ["moderator"] });
  makePerson("admin", { verified: true, roles: ["admin"] });
  makePerson("blockedAdmin", { verified: true, blocked: true, roles: ["admin"] });
});

afterAll(async () => {
  await server.stop();
});

describe("amendment access over HTTP and WebSocket, from the one table", () => {
  for (const row of AMENDMENT_ACCESS) {
    describe(`${row.state}, ${row.coauthor ? "as a co-author" : "someone else's"}`, () => {
      let shared: number;
      beforeAll(() => {
        if (!row.coauthor) shared = makeAmendment(row.state, null);
      });
      ACCESS_PERSONAS.forEach((persona, i) => {
        // Nobody can co-author anonymously.
        if (row.coauthor && persona === "anonymous") return;
        const view = row.view[i] ?? false;
        const write = row.write[i] ?? false;
        const signedIn = persona !== "anonymous" && persona !== "blockedAdmin";
        it(`${persona}: ${write ? "writes" : view ? "reads" : "sees nothing"}`, async () => {
          const id = row.coauthor ? makeAmendment(row.state, ids.get(persona) ?? null) : shared;
          const browser = client(persona);

          // HTTP view: the page, or the same 404 as a missing id.
          const page = await browser.get(`/processes/${SLUG}/amendments/${id}`);
          expect(page.status, "page").toBe(view ? 200 : 404);

          // HTTP write: the justification form stores only for writers; nothing changes otherwise.
          const text = `Nueva justificación de ${persona}.`;
          const form = await browser.postForm(`/processes/${SLUG}/amendments/${id}`, { intent: "justification", justification: text });
          if (write) expect(form.status, "justification").toBe(303);
          else if (!signedIn) expect(form.headers.get("location") ?? "", "justification → login").toMatch(/^\/login/);
          else expect(form.status, "justification").toBe(view ? (row.coauthor ? 400 : 403) : 404);
          expect(justificationOf(id)).toBe(write ? text : "Justificación inicial.");

          // HTTP collab token: the same decision as the socket's.
          const token = await browser.get(`/api/v1/collab-token?document=amendment-${id}`);
          expect(token.status, "collab token").toBe(!signedIn ? 401 : view ? 200 : 404);
          if (view && signedIn) expect(((await token.json()) as { access: string }).access).toBe(write ? "write" : "read");

          // WebSocket: refused, read-only (its write dropped) or writable (stored and echoed).
          const socket = await overWebSocket(persona, id);
          expect(socket.outcome, "socket").toBe(socketOutcome(persona, view, write));
        });
      });
    });
  }
});
