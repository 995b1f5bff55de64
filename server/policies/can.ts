import type { CurrentUser } from "../services/current-user";
import { ForbiddenError } from "../errors";
import type { StaffRole } from "../../db/schema";
import { mayViewAmendment, mayWriteAmendment, watchesDrafts, type AmendmentAccess } from "./amendment";
import { mayApply, mayReject, mayResubmit, mayViewProfile, type OrganizationStatus } from "./organization";
import { active, hasRole } from "./person";

/**
 * Every permission of Redacta, with the resource each needs. Adding an action here makes the
 * type checker demand a rule below, and the role × action matrix test lists it.
 */
export interface ActionResources {
  /** Read a process (published, or unpublished for staff who draft). */
  "process.view": { publishedAt: Date | null };
  /** See unpublished processes in lists. */
  "process.viewUnpublished": null;
  "process.create": null;
  "process.edit": null;
  /**
   * Replace the draft and publish versions through the integration API: editors and admins
   * calling with a bearer token (people with a browser session use the import and publish pages,
   * which show the preview before anything is stored).
   */
  "process.editViaApi": { via: "session" | "token" | null };
  /** Enter the staff area. */
  "admin.access": null;
  /** Mark a resident as verified (census checked). */
  "user.verify": null;
  /** Grant or revoke staff roles. */
  "user.assignRole": null;
  /** Block a user from participating. */
  "user.block": null;
  /**
   * Block this particular user: needs "user.block", never oneself (staff cannot lock
   * themselves out by mistake) and only admins may block an admin.
   */
  "user.blockTarget": { id: number; staffRoles: readonly StaffRole[] };
  /** Revoke this staff role from this user; an admin cannot drop their own admin role. */
  "user.revokeRole": { userId: number; role: StaffRole };
  /** Verify an organization so its members become representatives. */
  "organization.verify": null;
  /** Create organizations and manage their members. */
  "organization.manage": null;
  /** Apply for an organization account (the applicant becomes its first representative). */
  "organization.apply": null;
  /** Reject a pending application with a reason: server/policies/organization.ts. */
  "organization.reject": { status: OrganizationStatus };
  /** Correct a rejected application and resubmit it: its applicant (server/policies/organization.ts). */
  "organization.resubmit": { isApplicant: boolean; status: OrganizationStatus };
  /** See an organization's public profile: verified ones only, for everybody. */
  "organization.viewProfile": { status: OrganizationStatus };
  /** Read the audit log. */
  "audit.view": null;
  /** Read the mail outbox. */
  "outbox.view": null;
  /** Ask for an API bearer token. */
  "apiToken.create": null;
  /**
   * Annotate a published version. The phase window is checked by the service (server time,
   * binding staff too): this rule only says who may ever annotate.
   */
  "annotation.create": null;
  /** Read the body of a hidden annotation (others see a placeholder with the public reason). */
  "annotation.viewHidden": null;
  /** Re-attach an orphaned annotation to new words, or close it (audited). */
  "annotation.resolveOrphan": null;
  /** Replace the body of this annotation (its author only; the phase is checked by the service). */
  "annotation.update": { authorId: number };
  /** Delete this annotation: its author, or a moderator (kept for the audit, audited). */
  "annotation.delete": { authorId: number };
  /**
   * Comment in a clause debate. The phase window (debate or annotation open, server time,
   * binding staff too) is checked by the service.
   */
  "comment.create": null;
  /** Mark one's comment as the council's official answer. */
  "comment.official": null;
  /** Support a comment (once: a database constraint). */
  "comment.support": null;
  /** Report an annotation or a comment to moderators. */
  "content.flag": null;
  /**
   * See an annotation or a comment (a hidden one as its placeholder): whoever may see its
   * process. Every action on such a target checks this first and answers an invisible target
   * exactly like a missing one, so ids cannot be probed.
   */
  "content.view": { processPublishedAt: Date | null };
  /** See the moderation queue and the bodies of hidden comments. */
  "moderation.view": null;
  /** Hide flagged content with a public reason, dismiss flags (audited). */
  "moderation.act": null;
  /**
   * Start an amendment (or amend a submitted one further). The amendments phase window is
   * checked by the service (server time, binding staff too).
   */
  "amendment.create": null;
  /** File an amendment on behalf of this organization: its representatives (verified organization). */
  "amendment.onBehalf": { organizationId: number };
  /**
   * Manage a draft (edit its wording and justification, invite and remove co-authors, submit,
   * withdraw): its co-authors only. Whether the actor co-authors it is read by the service.
   */
  "amendment.manage": { isCoauthor: boolean };
  /** See this amendment (its page, API entry and live document): server/policies/amendment.ts. */
  "amendment.view": AmendmentAccess;
  /** Write into this amendment (wording, justification): server/policies/amendment.ts. */
  "amendment.write": AmendmentAccess;
  /** Follow a draft read-only (staff helping residents); never write words into it. */
  "amendment.watchDraft": null;
  /** Support a submitted amendment (once: a database constraint; never one's own). */
  "amendment.support": { isCoauthor: boolean };
  /**
   * File a formal submission: verified residents and representatives of a verified organization.
   * The annotation (allegations) phase is checked by the service (server time, binding staff too).
   */
  "submission.file": null;
  /** File in this organization's name: its members, once the organization is verified. */
  "submission.fileOnBehalf": { organizationId: number };
  /**
   * See everything of a submission (the filer's name, private attachments): its filer and
   * staff; everybody when it is public (an organization's, or a resident's signed publicly).
   */
  "submission.viewPrivate": { filedBy: number; isPublic: boolean };
  /**
   * Correct or withdraw a submission filed online: a resident's by its filer; an organization's
   * by whoever represents the organization now (any co-representative; not a former one, even
   * the one who filed it). Staff never: withdrawal is the filer's act, and paper ones have none.
   */
  "submission.amend": { filedBy: number; channel: "online" | "paper"; organizationId: number | null };
  /** Register a submission brought to the town hall on paper (audited). */
  "submission.registerPaper": null;
}

export type Action = keyof ActionResources;

type Rule<A extends Action> = (user: CurrentUser | null, resource: ActionResources[A]) => boolean;

const RULES: { [A in Action]: Rule<A> } = {
  "process.view": (user, process) => process.publishedAt !== null || (active(user) && hasRole(user, "editor", "admin")),
  "process.viewUnpublished": (user) => active(user) && hasRole(user, "editor", "admin"),
  "process.create": (user) => active(user) && hasRole(user, "editor", "admin"),
  "process.edit": (user) => active(user) && hasRole(user, "editor", "admin"),
  "process.editViaApi": (user, call) => active(user) && hasRole(user, "editor", "admin") && call.via === "token",
  "admin.access": (user) => active(user) && hasRole(user, "editor", "moderator", "admin"),
  "user.verify": (user) => active(user) && hasRole(user, "admin"),
  "user.assignRole": (user) => active(user) && hasRole(user, "admin"),
  "user.block": (user) => active(user) && hasRole(user, "moderator", "admin"),
  "user.blockTarget": (user, target) =>
    active(user) &&
    hasRole(user, "moderator", "admin") &&
    target.id !== user.id &&
    (!target.staffRoles.includes("admin") || hasRole(user, "admin")),
  "user.revokeRole": (user, target) => active(user) && hasRole(user, "admin") && !(target.userId === user.id && target.role === "admin"),
  "organization.verify": (user) => active(user) && hasRole(user, "admin"),
  "organization.manage": (user) => active(user) && hasRole(user, "admin"),
  "organization.apply": mayApply,
  "organization.reject": mayReject,
  "organization.resubmit": mayResubmit,
  "organization.viewProfile": mayViewProfile,
  "audit.view": (user) => active(user) && hasRole(user, "admin"),
  "outbox.view": (user) => active(user) && hasRole(user, "admin"),
  "apiToken.create": (user) => active(user),
  "annotation.create": (user) => active(user),
  "annotation.viewHidden": (user) => active(user) && hasRole(user, "moderator", "admin"),
  "annotation.resolveOrphan": (user) => active(user) && hasRole(user, "editor", "moderator", "admin"),
  "annotation.update": (user, annotation) => active(user) && annotation.authorId === user.id,
  "annotation.delete": (user, annotation) => active(user) && (annotation.authorId === user.id || hasRole(user, "moderator", "admin")),
  "comment.create": (user) => active(user),
  "comment.official": (user) => active(user) && hasRole(user, "editor", "moderator", "admin"),
  "comment.support": (user) => active(user),
  "content.flag": (user) => active(user),
  "content.view": (user, content) => RULES["process.view"](user, { publishedAt: content.processPublishedAt }),
  "moderation.view": (user) => active(user) && hasRole(user, "moderator", "admin"),
  "moderation.act": (user) => active(user) && hasRole(user, "moderator", "admin"),
  "amendment.create": (user) => active(user),
  "amendment.onBehalf": (user, org) => active(user) && user.organizations.some((o) => o.id === org.organizationId && o.verified),
  "amendment.manage": (user, amendment) => active(user) && amendment.isCoauthor,
  "amendment.view": mayViewAmendment,
  "amendment.write": mayWriteAmendment,
  "amendment.watchDraft": watchesDrafts,
  // Supports measure how far an amendment convinces people other than those who wrote it.
  "amendment.support": (user, amendment) => active(user) && !amendment.isCoauthor,
  "submission.file": (user) => active(user) && (user.verified || user.organizations.some((o) => o.verified)),
  "submission.fileOnBehalf": (user, org) => active(user) && user.organizations.some((o) => o.id === org.organizationId && o.verified),
  "submission.viewPrivate": (user, submission) =>
    submission.isPublic || (active(user) && (submission.filedBy === user.id || hasRole(user, "editor", "moderator", "admin"))),
  "submission.amend": (user, submission) =>
    active(user) &&
    submission.channel === "online" &&
    (submission.organizationId === null ? submission.filedBy === user.id : user.organizations.some((o) => o.id === submission.organizationId && o.verified)),
  "submission.registerPaper": (user) => active(user) && hasRole(user, "editor", "admin"),
};

/** The one permission check: may `user` (null = anonymous) do `action` on `resource`? */
export function can<A extends Action>(user: CurrentUser | null, action: A, resource: ActionResources[A]): boolean {
  return RULES[action](user, resource);
}

/** Every action name, for the permission matrix test. */
export const ACTIONS = Object.keys(RULES) as Action[];

/**
 * Services call this to re-check the permission the route already checked: a service reached
 * by another path (API, job, test) must not trust its caller. Throws ForbiddenError.
 */
export function assertCan<A extends Action>(user: CurrentUser | null, action: A, resource: ActionResources[A]): asserts user is CurrentUser {
  if (!can(user, action, resource)) throw new ForbiddenError(action);
}
