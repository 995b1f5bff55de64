import { eq } from "drizzle-orm";
import type { Db } from "../../../db/connection";
import { documentDrafts, processes } from "../../../db/schema";
import { NotFoundError } from "../../errors";
import { assertCan } from "../../policies/can";
import { appendAudit } from "../audit";
import type { CurrentUser } from "../current-user";
import { ImportError } from "./import/import-error";
import { withClauseIds } from "./reimport/apply-ids";
import type { Node as PMNode } from "prosemirror-model";
import { latestVersionDoc, matchAgainstLatest, type ReimportPreview } from "./reimport/reimport-preview";
import { parseDraftContent } from "./save-draft";
import { validateBudget } from "./validate-budget";

/**
 * Saves an imported document (the JSON the preview showed) as the process's draft, replacing
 * the working copy. The JSON comes back from the browser, so it is validated again exactly as
 * a browser-editor save is (schema, clause ids, attributes, kind, size) and budgets must add
 * up. When the process already has versions, the imported clauses are matched against the
 * latest one (with the editor's corrections from the preview, `fields`) and keep its clause
 * ids, so annotations, debates and amendments stay attached; `basedOn` is the version the
 * preview was matched against and must still be the latest (ReimportStaleError otherwise).
 * A browser editor still open on the old draft will get a conflict on its next save
 * (updatedAt moves forward), never silently overwrite the import. Audited as "document.import".
 * Returns the stored draft (with the kept ids), its new updatedAt (the revision a publish must
 * name), and the clause matching the preview shows (null before the first version).
 */
export function saveImportedDraft(
  db: Db,
  actor: CurrentUser | null,
  input: { slug: string; content: string; fileName: string; fields?: Iterable<[string, string]>; basedOn?: number | null },
  now: Date,
): { updatedAt: Date; doc: PMNode; reimport: ReimportPreview | null; idMap: ReadonlyMap<string, string> } {
  assertCan(actor, "process.edit", null);
  const process = db.select({ id: processes.id, kind: processes.kind }).from(processes).where(eq(processes.slug, input.slug)).get();
  if (!process) throw new NotFoundError("process", input.slug);
  const parsed = parseDraftContent(input.content, process.kind);
  const mismatches = validateBudget(parsed);
  if (mismatches.length > 0) throw new ImportError("budget_mismatch", null, { count: mismatches.length }, mismatches);
  const latest = latestVersionDoc(db, process.id);
  const matched = latest ? matchAgainstLatest(latest, parsed, input.fields ?? [], input.basedOn ?? null) : null;
  const doc = matched ? withClauseIds(parsed, matched.match.idMap) : parsed;
  const content = JSON.stringify(doc.toJSON());
  // The content came from the browser: ids it already had must not collide with kept ones.
  if (matched) parseDraftContent(content, process.kind);
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
      { actorId: actor.id, action: "document.import", targetType: "process", targetId: process.id, detail: {
          fileName: input.fileName.slice(0, 200),
          bytes: content.length,
          ...(matched && latest ? { matchedAgainst: latest.number, ...matched.match.summary } : {}),
        },
      },
      now,
    );
    return { updatedAt, doc, reimport: matched?.preview ?? null, idMap: matched?.match.idMap ?? new Map<string, string>() };
  });
}
