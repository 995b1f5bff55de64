import { can } from "../policies/can";
import type { CurrentUser } from "../services/current-user";

/** The signed-in person as every page may see them (no e-mail of others, no secrets). */
export interface ViewerSummary {
  id: number;
  name: string;
  email: string;
  /** What the site header offers; decided by server/policies, never from role names in components. */
  abilities: { adminAccess: boolean };
}

/** The root loader's viewer, or null for anonymous visitors. */
export function presentViewer(user: CurrentUser | null): ViewerSummary | null {
  if (!user) return null;
  return { id: user.id, name: user.name, email: user.email, abilities: { adminAccess: can(user, "admin.access", null) } };
}
