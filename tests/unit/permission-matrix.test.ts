import { describe, expect, it } from "vitest";
import { ACTIONS, can, type Action, type ActionResources } from "../../server/policies/can";
import type { CurrentUser } from "../../server/services/current-user";
import { ACCESS_PERSONAS, AMENDMENT_ACCESS, AMENDMENT_STATES } from "../support/amendment-access";

/**
 * The role × action matrix, written out by hand. It is deliberately NOT computed from the
 * rules: a change to a rule must be a visible change to this table. Adding an action to
 * server/policies/can.ts without a row here fails the coverage test below.
 */

const PERSONAS = [
  "anonymous",
  "resident",
  "verified",
  "representative",
  "unverifiedOrgMember",
  "editor",
  "moderator",
  "admin",
  "blockedAdmin",
] as const;
type Persona = (typeof PERSONAS)[number];

function person(id: number, overrides: Partial<CurrentUser>): CurrentUser {
  return {
    id,
    email: `p${id}@example.org`,
    name: `Person ${id}`,
    locale: "es",
    verified: false,
    blocked: false,
    staffRoles: [],
    organizations: [],
    ...overrides,
  };
}

const USERS: Record<Persona, CurrentUser | null> = {
  anonymous: null,
  resident: person(1, {}),
  verified: person(2, { verified: true }),
  representative: person(3, { verified: true, organizations: [{ id: 1, slug: "bici", name: "Bici", verified: true }] }),
  unverifiedOrgMember: person(4, { organizations: [{ id: 2, slug: "comercio", name: "Comercio", verified: false }] }),
  editor: person(5, { verified: true, staffRoles: ["editor"] }),
  moderator: person(6, { verified: true, staffRoles: ["moderator"] }),
  admin: person(7, { verified: true, staffRoles: ["admin"] }),
  blockedAdmin: person(8, { verified: true, blocked: true, staffRoles: ["admin"] }),
};

/** The id of no persona above: "someone else". */
const OTHER = 99;

interface Case<A extends Action = Action> {
  action: A;
  /** What the row is about, when an action needs more than one row. */
  label?: string;
  /** The resource, possibly depending on who acts (e.g. "oneself"). */
  resource: (user: CurrentUser | null) => ActionResources[A];
  /** Allowed? In the order of PERSONAS. */
  allowed: readonly [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean];
}

function row<A extends Action>(c: Case<A>): Case {
  return c as unknown as Case;
}

const _ = false;
const Y = true;

// prettier-ignore
const MATRIX: Case[] = [
  //                                                                                         anon resid verif repr  uOrg  edit  mod   admin blockedAdmin
  row({ action: "process.view", label: "published", resource: () => ({ publishedAt: new Date(0) }), allowed: [Y,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    Y] }),
  row({ action: "process.view", label: "unpublished", resource: () => ({ publishedAt: null }),      allowed: [_,   _,    _,    _,    _,    Y,    _,    Y,    _] }),
  row({ action: "process.viewUnpublished", resource: () => null,                                   allowed: [_,   _,    _,    _,    _,    Y,    _,    Y,    _] }),
  row({ action: "process.create", resource: () => null,                                            allowed: [_,   _,    _,    _,    _,    Y,    _,    Y,    _] }),
  row({ action: "process.edit", resource: () => null,                                              allowed: [_,   _,    _,    _,    _,    Y,    _,    Y,    _] }),
  row({ action: "process.editViaApi", label: "with a bearer token", resource: () => ({ via: "token" }), allowed: [_, _, _, _, _, Y, _, Y, _] }),
  row({ action: "process.editViaApi", label: "with the session cookie", resource: () => ({ via: "session" }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "admin.access", resource: () => null,                                              allowed: [_,   _,    _,    _,    _,    Y,    Y,    Y,    _] }),
  row({ action: "user.verify", resource: () => null,                                               allowed: [_,   _,    _,    _,    _,    _,    _,    Y,    _] }),
  row({ action: "user.assignRole", resource: () => null,                                           allowed: [_,   _,    _,    _,    _,    _,    _,    Y,    _] }),
  row({ action: "user.block", resource: () => null,                                                allowed: [_,   _,    _,    _,    _,    _,    Y,    Y,    _] }),
  row({ action: "user.blockTarget", label: "a resident", resource: () => ({ id: OTHER, staffRoles: [] }),          allowed: [_, _, _, _, _, _, Y, Y, _] }),
  row({ action: "user.blockTarget", label: "a moderator", resource: () => ({ id: OTHER, staffRoles: ["moderator"] }), allowed: [_, _, _, _, _, _, Y, Y, _] }),
  row({ action: "user.blockTarget", label: "an admin", resource: () => ({ id: OTHER, staffRoles: ["admin"] }),     allowed: [_, _, _, _, _, _, _, Y, _] }),
  row({ action: "user.blockTarget", label: "oneself", resource: (u) => ({ id: u?.id ?? OTHER, staffRoles: u?.staffRoles ?? [] }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "user.revokeRole", label: "someone's editor role", resource: () => ({ userId: OTHER, role: "editor" }), allowed: [_, _, _, _, _, _, _, Y, _] }),
  row({ action: "user.revokeRole", label: "another admin's admin role", resource: () => ({ userId: OTHER, role: "admin" }), allowed: [_, _, _, _, _, _, _, Y, _] }),
  row({ action: "user.revokeRole", label: "own admin role", resource: (u) => ({ userId: u?.id ?? OTHER, role: "admin" }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "user.revokeRole", label: "own moderator role", resource: (u) => ({ userId: u?.id ?? OTHER, role: "moderator" }), allowed: [_, _, _, _, _, _, _, Y, _] }),
  row({ action: "organization.verify", resource: () => null,                                       allowed: [_,   _,    _,    _,    _,    _,    _,    Y,    _] }),
  row({ action: "organization.manage", resource: () => null,                                       allowed: [_,   _,    _,    _,    _,    _,    _,    Y,    _] }),
  row({ action: "organization.apply", resource: () => null,                                        allowed: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _] }),
  row({ action: "organization.reject", label: "a pending application", resource: () => ({ status: "pending" }),   allowed: [_, _, _, _, _, _, _, Y, _] }),
  row({ action: "organization.reject", label: "a verified organization", resource: () => ({ status: "verified" }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "organization.reject", label: "an already rejected one", resource: () => ({ status: "rejected" }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "organization.resubmit", label: "their own rejected application", resource: () => ({ isApplicant: true, status: "rejected" }), allowed: [_, Y, Y, Y, Y, Y, Y, Y, _] }),
  row({ action: "organization.resubmit", label: "their own pending application", resource: () => ({ isApplicant: true, status: "pending" }),   allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "organization.resubmit", label: "someone else's rejected application", resource: () => ({ isApplicant: false, status: "rejected" }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "organization.viewProfile", label: "verified", resource: () => ({ status: "verified" }), allowed: [Y, Y, Y, Y, Y, Y, Y, Y, Y] }),
  row({ action: "organization.viewProfile", label: "pending", resource: () => ({ status: "pending" }),   allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "organization.viewProfile", label: "rejected", resource: () => ({ status: "rejected" }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "audit.view", resource: () => null,                                                allowed: [_,   _,    _,    _,    _,    _,    _,    Y,    _] }),
  row({ action: "outbox.view", resource: () => null,                                               allowed: [_,   _,    _,    _,    _,    _,    _,    Y,    _] }),
  row({ action: "apiToken.create", resource: () => null,                                           allowed: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _] }),
  row({ action: "annotation.create", resource: () => null,                                         allowed: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _] }),
  row({ action: "annotation.viewHidden", resource: () => null,                                     allowed: [_,   _,    _,    _,    _,    _,    Y,    Y,    _] }),
  row({ action: "annotation.resolveOrphan", resource: () => null,                                  allowed: [_,   _,    _,    _,    _,    Y,    Y,    Y,    _] }),
  row({ action: "annotation.update", label: "own annotation", resource: (u) => ({ authorId: u?.id ?? OTHER }),   allowed: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _] }),
  row({ action: "annotation.update", label: "someone else's", resource: () => ({ authorId: OTHER }),            allowed: [_,   _,    _,    _,    _,    _,    _,    _,    _] }),
  row({ action: "annotation.delete", label: "own annotation", resource: (u) => ({ authorId: u?.id ?? OTHER }),   allowed: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _] }),
  row({ action: "annotation.delete", label: "someone else's", resource: () => ({ authorId: OTHER }),            allowed: [_,   _,    _,    _,    _,    _,    Y,    Y,    _] }),
  row({ action: "comment.create", resource: () => null,                                            allowed: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _] }),
  row({ action: "comment.official", resource: () => null,                                          allowed: [_,   _,    _,    _,    _,    Y,    Y,    Y,    _] }),
  row({ action: "comment.support", resource: () => null,                                           allowed: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _] }),
  row({ action: "content.flag", resource: () => null,                                              allowed: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _] }),
  row({ action: "content.view", label: "in a published process", resource: () => ({ processPublishedAt: new Date(0) }), allowed: [Y, Y, Y, Y, Y, Y, Y, Y, Y] }),
  row({ action: "content.view", label: "in an unpublished process", resource: () => ({ processPublishedAt: null }), allowed: [_, _, _, _, _, Y, _, Y, _] }),
  row({ action: "moderation.view", resource: () => null,                                           allowed: [_,   _,    _,    _,    _,    _,    Y,    Y,    _] }),
  row({ action: "moderation.act", resource: () => null,                                            allowed: [_,   _,    _,    _,    _,    _,    Y,    Y,    _] }),
  row({ action: "amendment.create", resource: () => null,                                          allowed: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _] }),
  row({ action: "amendment.onBehalf", label: "a verified organization they represent", resource: () => ({ organizationId: 1 }), allowed: [_, _, _, Y, _, _, _, _, _] }),
  row({ action: "amendment.onBehalf", label: "an unverified organization they belong to", resource: () => ({ organizationId: 2 }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "amendment.onBehalf", label: "an organization of someone else", resource: () => ({ organizationId: 3 }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "amendment.manage", label: "as a co-author", resource: () => ({ isCoauthor: true }), allowed: [_, Y, Y, Y, Y, Y, Y, Y, _] }),
  row({ action: "amendment.manage", label: "someone else's", resource: () => ({ isCoauthor: false }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "amendment.watchDraft", resource: () => null,                                      allowed: [_,   _,    _,    _,    _,    Y,    Y,    Y,    _] }),
  row({ action: "amendment.support", label: "someone else's", resource: () => ({ isCoauthor: false }), allowed: [_, Y, Y, Y, Y, Y, Y, Y, _] }),
  row({ action: "amendment.support", label: "one's own", resource: () => ({ isCoauthor: true }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "submission.file", resource: () => null,                                           allowed: [_,   _,    Y,    Y,    _,    Y,    Y,    Y,    _] }),
  row({ action: "submission.fileOnBehalf", label: "a verified organization they represent", resource: () => ({ organizationId: 1 }), allowed: [_, _, _, Y, _, _, _, _, _] }),
  row({ action: "submission.fileOnBehalf", label: "an unverified organization they belong to", resource: () => ({ organizationId: 2 }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "submission.fileOnBehalf", label: "an organization of someone else", resource: () => ({ organizationId: 3 }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "submission.viewPrivate", label: "a public submission", resource: () => ({ filedBy: OTHER, isPublic: true }), allowed: [Y, Y, Y, Y, Y, Y, Y, Y, Y] }),
  row({ action: "submission.viewPrivate", label: "someone else's private one", resource: () => ({ filedBy: OTHER, isPublic: false }), allowed: [_, _, _, _, _, Y, Y, Y, _] }),
  row({ action: "submission.viewPrivate", label: "one's own private one", resource: (u) => ({ filedBy: u?.id ?? OTHER, isPublic: false }), allowed: [_, Y, Y, Y, Y, Y, Y, Y, _] }),
  row({ action: "submission.amend", label: "one's own, filed online", resource: (u) => ({ filedBy: u?.id ?? OTHER, channel: "online", organizationId: null }), allowed: [_, Y, Y, Y, Y, Y, Y, Y, _] }),
  row({ action: "submission.amend", label: "one registered on paper", resource: (u) => ({ filedBy: u?.id ?? OTHER, channel: "paper", organizationId: null }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "submission.amend", label: "someone else's", resource: () => ({ filedBy: OTHER, channel: "online", organizationId: null }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "submission.amend", label: "an organization's they represent, filed by a co-representative", resource: () => ({ filedBy: OTHER, channel: "online", organizationId: 1 }), allowed: [_, _, _, Y, _, _, _, _, _] }),
  row({ action: "submission.amend", label: "an organization's they filed but no longer represent", resource: (u) => ({ filedBy: u?.id ?? OTHER, channel: "online", organizationId: 3 }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "submission.amend", label: "an unverified organization's they belong to", resource: (u) => ({ filedBy: u?.id ?? OTHER, channel: "online", organizationId: 2 }), allowed: [_, _, _, _, _, _, _, _, _] }),
  row({ action: "submission.registerPaper", resource: () => null,                                  allowed: [_,   _,    _,    _,    _,    Y,    _,    Y,    _] }),
  // amendment.view / amendment.write: every persona × state × co-authorship, from the one table
  // the HTTP + WebSocket integration test also runs (tests/support/amendment-access.ts).
  ...AMENDMENT_ACCESS.flatMap((r) => {
    const { status, submitted } = AMENDMENT_STATES[r.state];
    const resource = () => ({ status, submittedAt: submitted ? new Date(0) : null, isCoauthor: r.coauthor });
    const label = `${r.state}, ${r.coauthor ? "as a co-author" : "someone else's"}`;
    return [row({ action: "amendment.view", label, resource, allowed: r.view }), row({ action: "amendment.write", label, resource, allowed: r.write })];
  }),
];

describe("permission matrix", () => {
  it("lists the personas in the same order as the shared amendment access table", () => {
    expect([...ACCESS_PERSONAS]).toEqual([...PERSONAS]);
  });

  it("has at least one row for every action in ACTIONS, and no row for an unknown action", () => {
    const covered = new Set(MATRIX.map((c) => c.action));
    const missing = ACTIONS.filter((a) => !covered.has(a));
    expect(missing, "actions without a row in the matrix").toEqual([]);
    const unknown = [...covered].filter((a) => !ACTIONS.includes(a));
    expect(unknown, "rows for actions that no longer exist").toEqual([]);
  });

  for (const c of MATRIX) {
    PERSONAS.forEach((persona, i) => {
      const expected = c.allowed[i];
      it(`${persona} ${expected ? "may" : "may not"} ${c.action}${c.label ? ` (${c.label})` : ""}`, () => {
        const user = USERS[persona];
        expect(can(user, c.action, c.resource(user))).toBe(expected);
      });
    });
  }
});
