import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { users } from "../../db/schema";
import { loadCurrentUser, type CurrentUser } from "../../server/services/current-user";
import type { AttachmentStore } from "../../server/services/submissions/attachment-store";
import type { StagedUpload } from "../../server/services/submissions/uploads";

/** A demo account as the services see it. */
export function demoUser(db: Db, email: string): CurrentUser {
  const id = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()?.id;
  const user = id !== undefined ? loadCurrentUser(db, id) : null;
  if (!user) throw new RangeError(`no demo account ${email}`);
  return user;
}

/** Writes bytes to the store's staging area as the HTTP layer would have. */
export function stage(store: AttachmentStore, fileName: string, bytes: Buffer): StagedUpload {
  const path = store.stagingPath();
  writeFileSync(path, bytes);
  return { field: "attachments", fileName, path, size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** The first bytes of a Linux executable (ELF), padded: what "setup.pdf" really is in the bad-input test. */
export function elfBytes(): Buffer {
  const b = Buffer.alloc(4096, 0);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]).copy(b);
  return b;
}

/** A tiny valid PNG (1×1). */
export const PNG_1PX = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
