import { asc, isNotNull } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { organizations } from "../../../db/schema";

/** Organizations staff may pick on the paper form: verified ones only (a pending or rejected application has no public name to file under). */
export function listOrganizationsForPaper(db: Db): Array<{ id: number; name: string }> {
  return db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(isNotNull(organizations.verifiedAt)).orderBy(asc(organizations.name)).all();
}
