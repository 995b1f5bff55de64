import { eq } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { documentDrafts, processes } from "../../../db/schema";
import { NotFoundError } from "../../errors";
import { assertCan } from "../../policies/can";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { ImportError } from "./import/import-error";
import { parseDraftContent } from "./save-draft";
import { validateBudget } from "./validate-budget";

/**
 * Saves an imported document (the JSON the preview showed) as the process's draft, replacing
 * the working copy. The JSON comes back from the browser, so it is validated again exactly as
 * a browser-editor save is (schema, clause ids, attributes, kind, size) and budgets must add
 * up. A browser editor still open on the old draft will get a conflict on its next save
 * (updatedAt moves forward), never silently overwrite the import. Audited as "document.import".
 */
export function saveImportedDraft(
  db: Db,
  actor: CurrentUser | null,
  input: { slug: string; content: string; fileName: string },
  now: Date,
): { updatedAt: Date } {
  assertCan(actor, "process.edit", null);
  const process = db.select({ id: processes.id, kind: processes.kind }).from(processes).where(eq(processes.slug, input.slug)).get();
  if (!process) throw new NotFoundError("process", input.slug);
  const doc = parseDraftContent(input.content, process.kind);
  const mismatches = validateBudget(doc);
  if (mismatches.length > 0) throw new ImportError("budget_mismatch", null, { count: mismatches.length }, mismatches);
  const content = JSON.stringify(doc.toJSON());
  return db.transaction((tx) => {
    const current = tx.select({ updatedAt: documentDrafts.updatedAt }).from(documentDrafts).where(eq(documentDrafts.processId, process.id)).get();
    const updatedAt = new Date(Math.max(now.getTime(), (current?.updatedAt.getTime() ?? 0) + 1));
    tx.insert(documentDrafts)
      .values({ processId: process.id, content, updatedAt, updatedBy: actor.id })
      .onConflictDoUpdate({ target: documentDrafts.processId, set: { content, updatedAt, updatedBy: actor.id } })
      .run();
    // Same connection as tx (better-sqlite3 is synchronous): the entry is in the transaction.
    appendAudit(
      db,
      { actorId: actor.id, action: "document.import", targetType: "process", targetId: process.id, detail: { fileName: input.fileName.slice(0, 200), bytes: content.length } },
      now,
    );
    return { updatedAt };
  });
}
