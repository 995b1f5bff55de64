import type { StaffRole } from "../../db/schema";
import type { CurrentUser } from "../services/current-user";

/** A signed-in person who is not blocked. */
export const active = (user: CurrentUser | null): user is CurrentUser => user !== null && !user.blocked;

/** Whether the person holds one of these staff roles. */
export function hasRole(user: CurrentUser, ...roles: StaffRole[]): boolean {
  return roles.some((role) => user.staffRoles.includes(role));
}
