import type { AmendmentStatus } from "../../db/schema";

/**
 * THE amendment access table: who may see (view) and write into an amendment, per persona,
 * amendment state and co-authorship. Written out by hand, never computed from the rules. The
 * unit permission matrix checks `can()` against it, and the integration test
 * tests/integration/amendment-access.test.ts checks the real server against the same rows over
 * HTTP (the page, the justification form, the collab-token endpoint) and over real WebSocket
 * connections (refused, read-only, writable) — so HTTP and WebSocket cannot drift apart.
 */

/** In the order of the unit permission matrix's PERSONAS. */
export const ACCESS_PERSONAS = ["anonymous", "resident", "verified", "representative", "unverifiedOrgMember", "editor", "moderator", "admin", "blockedAdmin"] as const;
export type AccessPersona = (typeof ACCESS_PERSONAS)[number];

/** The amendment states that decide access: a withdrawn amendment is public only if it had been submitted. */
export const AMENDMENT_STATES = {
  draft: { status: "draft", submitted: false },
  submitted: { status: "submitted", submitted: true },
  withdrawnDraft: { status: "withdrawn", submitted: false },
  withdrawnSubmitted: { status: "withdrawn", submitted: true },
} as const satisfies Record<string, { status: AmendmentStatus; submitted: boolean }>;
export type AmendmentState = keyof typeof AMENDMENT_STATES;

type Nine = readonly [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean];

/** One row: an amendment state, whether the persona co-authors it, and what each persona may do. */
export interface AmendmentAccessRow {
  state: AmendmentState;
  coauthor: boolean;
  view: Nine;
  write: Nine;
}

const _ = false;
const Y = true;

// An anonymous "co-author" cannot exist; its column in the co-author rows documents that the
// rule would still refuse (the integration test skips it).
// prettier-ignore
export const AMENDMENT_ACCESS: readonly AmendmentAccessRow[] = [
  //                                                   anon resid verif repr  uOrg  edit  mod   admin blockedAdmin
  { state: "draft",              coauthor: false, view: [_,   _,    _,    _,    _,    Y,    Y,    Y,    _], write: [_, _, _, _, _, _, _, _, _] },
  { state: "draft",              coauthor: true,  view: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _], write: [_, Y, Y, Y, Y, Y, Y, Y, _] },
  { state: "submitted",          coauthor: false, view: [Y,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    Y], write: [_, _, _, _, _, _, _, _, _] },
  { state: "submitted",          coauthor: true,  view: [Y,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    Y], write: [_, _, _, _, _, _, _, _, _] },
  { state: "withdrawnDraft",     coauthor: false, view: [_,   _,    _,    _,    _,    Y,    Y,    Y,    _], write: [_, _, _, _, _, _, _, _, _] },
  { state: "withdrawnDraft",     coauthor: true,  view: [_,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    _], write: [_, _, _, _, _, _, _, _, _] },
  { state: "withdrawnSubmitted", coauthor: false, view: [Y,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    Y], write: [_, _, _, _, _, _, _, _, _] },
  { state: "withdrawnSubmitted", coauthor: true,  view: [Y,   Y,    Y,    Y,    Y,    Y,    Y,    Y,    Y], write: [_, _, _, _, _, _, _, _, _] },
];

/** What a live-document connection should get, derived from a row: who cannot sign in is refused before any policy runs. */
export type SocketOutcome = "unauthenticated" | "unknown" | "read" | "write";

/** The WebSocket expectation of one persona in one row. */
export function socketOutcome(persona: AccessPersona, view: boolean, write: boolean): SocketOutcome {
  if (persona === "anonymous" || persona === "blockedAdmin") return "unauthenticated";
  if (write) return "write";
  return view ? "read" : "unknown";
}
