import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { users } from "../../db/schema";
import type { Locale } from "../i18n/locales";

/** Remembers a person's language so e-mails and later sessions use it. */
export function setUserLocale(db: Db, userId: number, locale: Locale): void {
  db.update(users).set({ locale }).where(eq(users.id, userId)).run();
}
