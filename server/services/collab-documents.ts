import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { amendments, processes } from "../../db/schema";
import { COLLAB_TOKEN_TTL_MS, signCollabToken } from "../../collab/server/collab-token";
import { DocumentRegistry, type Access } from "../../collab/server/document-registry";
import { can } from "../policies/can";
import { amendmentAccess } from "./amendments/common";
import type { CurrentUser } from "./current-user";

/**
 * The documents Redacta edits together, and who may do what with each. Families are added here
 * as features need them (amendments: `amendment-{id}`); each decides through policies/can.ts.
 *
 * `draft-{processSlug}`: the editors' working copy of a process's document. Editors and admins
 * write ("process.edit"); other staff (moderators) follow it read-only ("admin.access");
 * everyone else is refused. A slug that names no process is an unknown document.
 *
 * `amendment-{id}`: an amendment's wording, decided by the same two rules as its HTTP page
 * (server/policies/amendment.ts): "amendment.write" → write, else "amendment.view" → read, else
 * unknown — exactly as an id that names no amendment, so the socket reveals no more than the
 * page's 404. A draft: its co-authors write; staff follow it read-only — they may help
 * residents but never write words into a citizen's proposal. Once submitted (or withdrawn after
 * being submitted) it is frozen and public: any signed-in person reads, nobody writes. A draft
 * withdrawn before submission stays private: co-authors and staff read. Whoever cannot sign in
 * (anonymous, blocked) is refused before this runs, by the authenticate hook.
 */
export function createCollabDocuments(db: Db): DocumentRegistry<CurrentUser> {
  return new DocumentRegistry<CurrentUser>().register({
    name: "draft",
    pattern: /^draft-([a-z0-9][a-z0-9-]*)$/,
    access(user, match) {
      const slug = match[1] ?? "";
      const process = db.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
      if (!process) return "unknown";
      if (can(user, "process.edit", null)) return "write";
      if (can(user, "admin.access", null)) return "read";
      return null;
    },
  }).register({
    name: "amendment",
    pattern: /^amendment-([1-9][0-9]{0,15})$/,
    access(user, match) {
      const id = Number(match[1]);
      const amendment = db.select({ id: amendments.id, status: amendments.status, submittedAt: amendments.submittedAt }).from(amendments).where(eq(amendments.id, id)).get();
      if (!amendment) return "unknown";
      const access = amendmentAccess(db, amendment, user);
      if (can(user, "amendment.write", access)) return "write";
      if (can(user, "amendment.view", access)) return "read";
      // Like the HTTP page's 404: a private draft is indistinguishable from a missing id.
      return "unknown";
    },
  });
}

/** A signed collab token, or why none was issued. */
export type CollabTokenResult =
  | { ok: true; token: string; document: string; access: Access; expiresAt: Date }
  | { ok: false; reason: "unknown" | "forbidden" };

/**
 * Issues a five-minute token for `document` if `user` may open it, bound to the credential
 * (session or API token, see services/credentials.ts) the request came with. The token only
 * proves who asked; permission and the credential are checked again when the socket opens, so
 * a role revoked or a logout in between counts.
 */
export function issueCollabToken(
  documents: DocumentRegistry<CurrentUser>,
  secret: Buffer,
  user: CurrentUser,
  document: string,
  binding: string,
  now: Date,
): CollabTokenResult {
  const access = user.blocked ? null : documents.access(user, document);
  if (access === "unknown") return { ok: false, reason: "unknown" };
  if (access === null) return { ok: false, reason: "forbidden" };
  const exp = now.getTime() + COLLAB_TOKEN_TTL_MS;
  return { ok: true, token: signCollabToken(secret, { userId: user.id, document, exp, binding }), document, access, expiresAt: new Date(exp) };
}
