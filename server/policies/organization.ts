import type { CurrentUser } from "../services/current-user";
import { active, hasRole } from "./person";

/**
 * The organization policy. An organization's status is derived from its row
 * (server/services/organization-applications.ts `statusOf`): verified once staff verify it,
 * rejected with a reason until the applicant corrects and resubmits it, else pending.
 */
export type OrganizationStatus = "pending" | "verified" | "rejected";

/** "organization.apply": any signed-in person who is not blocked. */
export const mayApply = (user: CurrentUser | null): boolean => active(user);

/** "organization.reject": admins, and only a pending application (a verified one is unverified instead). */
export const mayReject = (user: CurrentUser | null, org: { status: OrganizationStatus }): boolean =>
  active(user) && hasRole(user, "admin") && org.status === "pending";

/** "organization.resubmit": the applicant, after a rejection (a pending or verified one is not edited this way). */
export const mayResubmit = (user: CurrentUser | null, org: { isApplicant: boolean; status: OrganizationStatus }): boolean =>
  active(user) && org.isApplicant && org.status === "rejected";

/** "organization.viewProfile": a verified organization's profile is public; any other has none (404). */
export const mayViewProfile = (_user: CurrentUser | null, org: { status: OrganizationStatus }): boolean => org.status === "verified";
