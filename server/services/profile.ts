import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { users } from "../../db/schema";
import type { ProfileInput } from "./account-forms";

/** Changes a person's display name (already validated by ProfileSchema). */
export function updateProfile(db: Db, userId: number, input: ProfileInput): void {
  db.update(users).set({ name: input.name.trim() }).where(eq(users.id, userId)).run();
}
