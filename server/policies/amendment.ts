import type { AmendmentStatus } from "../../db/schema";
import type { CurrentUser } from "../services/current-user";
import { active, hasRole } from "./person";

/**
 * The amendment policy: who may see an amendment and who may write into it. The HTTP pages and
 * API (server/services/amendments), the collaboration server's upgrade and its re-checks
 * (server/services/collab-documents.ts) and the page's abilities (server/presenters/amendment.ts)
 * all ask these two rules through `can`, so HTTP and WebSocket cannot decide differently.
 */

/** What the policy needs to know about one amendment and the person asking. */
export interface AmendmentAccess {
  status: AmendmentStatus;
  /** Set once it was submitted: a submitted amendment stays public after it is withdrawn. */
  submittedAt: Date | null;
  /** Whether the person co-authors it (db/queries/amendment-authors.ts). */
  isCoauthor: boolean;
}

/** "amendment.watchDraft": staff may follow private drafts read-only, to help residents; they never write into them. */
export const watchesDrafts = (user: CurrentUser | null): boolean => active(user) && hasRole(user, "editor", "moderator", "admin");

/** A private amendment (never submitted) is seen by its co-authors and by staff watching. */
const seesPrivate = (user: CurrentUser | null, amendment: AmendmentAccess): boolean => (active(user) && amendment.isCoauthor) || watchesDrafts(user);

function unreachable(status: never): never {
  throw new RangeError(`Unknown amendment status ${String(status)}`);
}

/**
 * "amendment.view". Submitted: public (anyone, signed in or not). Withdrawn: public if it had
 * been submitted, else as private as a draft. Draft: co-authors and staff watching.
 */
export function mayViewAmendment(user: CurrentUser | null, amendment: AmendmentAccess): boolean {
  switch (amendment.status) {
    case "submitted":
      return true;
    case "withdrawn":
      return amendment.submittedAt !== null || seesPrivate(user, amendment);
    case "draft":
      return seesPrivate(user, amendment);
    default:
      return unreachable(amendment.status);
  }
}

/**
 * "amendment.write": change the wording (live document) or the justification. Only a draft, and
 * only its co-authors who are not blocked; a submitted or withdrawn text is frozen for everyone.
 */
export function mayWriteAmendment(user: CurrentUser | null, amendment: AmendmentAccess): boolean {
  switch (amendment.status) {
    case "draft":
      return active(user) && amendment.isCoauthor;
    case "submitted":
    case "withdrawn":
      return false;
    default:
      return unreachable(amendment.status);
  }
}
