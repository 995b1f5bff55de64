import { eq } from "drizzle-orm";
import { buildBudget, buildRegulation } from "../../../collab/schema/outline";
import type { Db } from "../../../db/connection";
import { documentDrafts, processes, users, type ProcessKind } from "../../../db/schema";
import { NotFoundError } from "../../errors";
import { assertCan } from "../../policies/can";
import type { CurrentUser } from "../current-user";

/** What the browser editor starts from. */
export interface DraftForEditing {
  process: { slug: string; title: string; kind: ProcessKind };
  /** ProseMirror JSON of the working copy (a one-article or one-line skeleton when there is none yet). */
  content: unknown;
  /** The draft's updatedAt in ms, sent back on save for conflict detection; null when no draft exists. */
  updatedAt: number | null;
  /** Who saved it last, for the "last saved by" line. */
  updatedByName: string | null;
}

/** A minimal valid document of the process's kind, so a process without a draft can be written from scratch. */
function skeleton(kind: ProcessKind, title: string): unknown {
  const doc =
    kind === "budget"
      ? buildBudget({ title, totalCents: 0, districts: [{ name: "", totalCents: 0, lines: [{ code: "", programme: "", description: "", amountCents: 0 }] }] })
      : buildRegulation({ title, chapters: [], provisions: [{ heading: "", paragraphs: [""] }] });
  return doc.toJSON();
}

/** Loads the editors' working copy of a process for the browser editor. Throws ForbiddenError / NotFoundError. */
export function loadDraftForEditing(db: Db, actor: CurrentUser | null, slug: string): DraftForEditing {
  assertCan(actor, "process.edit", null);
  const process = db
    .select({ id: processes.id, slug: processes.slug, title: processes.title, kind: processes.kind })
    .from(processes)
    .where(eq(processes.slug, slug))
    .get();
  if (!process) throw new NotFoundError("process", slug);
  const draft = db
    .select({ content: documentDrafts.content, updatedAt: documentDrafts.updatedAt, updatedByName: users.name })
    .from(documentDrafts)
    .leftJoin(users, eq(users.id, documentDrafts.updatedBy))
    .where(eq(documentDrafts.processId, process.id))
    .get();
  const info = { slug: process.slug, title: process.title, kind: process.kind };
  if (!draft) return { process: info, content: skeleton(process.kind, process.title), updatedAt: null, updatedByName: null };
  return { process: info, content: JSON.parse(draft.content) as unknown, updatedAt: draft.updatedAt.getTime(), updatedByName: draft.updatedByName };
}
