import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { documentDrafts, documentVersions, phases, processes, type PhaseKind, type ProcessKind } from "../../db/schema";
import { NotFoundError, ValidationError } from "../errors";
import { assertCan } from "../policies/can";
import { appendAudit } from "./audit";
import type { CurrentUser } from "./current-user";
import { validatePhaseSchedule, type PhaseInput } from "./phase-schedule";
import { currentPhase, sortPhases, type PhaseWindow } from "./phases";
import { slugify } from "./process-forms";

/** A process as the staff pages show and edit it. */
export interface ProcessForEditing {
  id: number;
  slug: string;
  kind: ProcessKind;
  title: string;
  summary: string;
  department: string;
  publishedAt: Date | null;
  phases: PhaseWindow[];
  currentPhase: PhaseWindow | null;
  latestVersion: { number: number; publishedAt: Date; contentHash: string } | null;
  draftUpdatedAt: Date | null;
}

/** Editable details of a process. */
export interface ProcessDetailsInput {
  title: string;
  /** Empty or missing: derived from the title. */
  slug?: string;
  summary?: string;
  department?: string;
}

/*
 * appendAudit is called with `db` inside `db.transaction`: better-sqlite3 has one connection
 * and runs the callback synchronously, so the audit row is part of the same transaction.
 */

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && "code" in error && (error as { code: unknown }).code === "SQLITE_CONSTRAINT_UNIQUE";
}

function slugFor(input: ProcessDetailsInput): string {
  const slug = input.slug?.trim() || slugify(input.title);
  // A title of only symbols gives no slug; ask for one instead of inventing it.
  if (!slug) throw new ValidationError({ slug: ["processAdmin.error.slugRequired"] });
  return slug;
}

/** One process by slug with everything the staff pages need. Throws NotFoundError. */
export function getProcessForEditing(db: Db, actor: CurrentUser | null, slug: string, now: Date): ProcessForEditing {
  assertCan(actor, "process.edit", null);
  const row = db
    .select({
      id: processes.id,
      slug: processes.slug,
      kind: processes.kind,
      title: processes.title,
      summary: processes.summary,
      department: processes.department,
      publishedAt: processes.publishedAt,
    })
    .from(processes)
    .where(eq(processes.slug, slug))
    .get();
  if (!row) throw new NotFoundError("process", slug);
  const windows = sortPhases(
    db.select({ kind: phases.kind, startsAt: phases.startsAt, endsAt: phases.endsAt }).from(phases).where(eq(phases.processId, row.id)).all(),
  );
  const latest = db
    .select({ number: documentVersions.number, publishedAt: documentVersions.publishedAt, contentHash: documentVersions.contentHash })
    .from(documentVersions)
    .where(eq(documentVersions.processId, row.id))
    .orderBy(desc(documentVersions.number))
    .limit(1)
    .get();
  const draft = db.select({ updatedAt: documentDrafts.updatedAt }).from(documentDrafts).where(eq(documentDrafts.processId, row.id)).get();
  return { ...row, phases: windows, currentPhase: currentPhase(windows, now), latestVersion: latest ?? null, draftUpdatedAt: draft?.updatedAt ?? null };
}

/**
 * Creates an unpublished process. The slug is unique by a database constraint; a taken slug
 * is a field error, not a crash. Audited as "process.create" in the same transaction.
 */
export function createProcess(db: Db, actor: CurrentUser | null, input: ProcessDetailsInput & { kind: ProcessKind }, now: Date): { id: number; slug: string } {
  assertCan(actor, "process.create", null);
  const slug = slugFor(input);
  try {
    return db.transaction((tx) => {
      const row = tx
        .insert(processes)
        .values({
          slug,
          kind: input.kind,
          title: input.title,
          summary: input.summary ?? "",
          department: input.department ?? "",
          publishedAt: null,
          createdBy: actor.id,
          createdAt: now,
        })
        .returning({ id: processes.id })
        .get();
      appendAudit(db, { actorId: actor.id, action: "process.create", targetType: "process", targetId: row.id, detail: { slug, kind: input.kind } }, now);
      return { id: row.id, slug };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError({ slug: ["processAdmin.error.slugTaken"] });
    throw error;
  }
}

/** Changes title, slug, summary and department. Audited as "process.update". */
export function updateProcess(db: Db, actor: CurrentUser | null, currentSlug: string, input: ProcessDetailsInput, now: Date): { slug: string } {
  assertCan(actor, "process.edit", null);
  const slug = slugFor(input);
  try {
    return db.transaction((tx) => {
      const row = tx.select({ id: processes.id }).from(processes).where(eq(processes.slug, currentSlug)).get();
      if (!row) throw new NotFoundError("process", currentSlug);
      tx.update(processes)
        .set({ slug, title: input.title, summary: input.summary ?? "", department: input.department ?? "" })
        .where(eq(processes.id, row.id))
        .run();
      appendAudit(db, { actorId: actor.id, action: "process.update", targetType: "process", targetId: row.id, detail: { slug, previousSlug: currentSlug } }, now);
      return { slug };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError({ slug: ["processAdmin.error.slugTaken"] });
    throw error;
  }
}

/**
 * Replaces the phase calendar of a process after checking it (rules in phase-schedule.ts).
 * Throws ValidationError with per-field errors; nothing is stored then. Audited.
 */
export function savePhases(db: Db, actor: CurrentUser | null, slug: string, inputs: readonly PhaseInput[], now: Date): PhaseWindow[] {
  assertCan(actor, "process.edit", null);
  const { windows, errors } = validatePhaseSchedule(inputs);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return db.transaction((tx) => {
    const row = tx.select({ id: processes.id }).from(processes).where(eq(processes.slug, slug)).get();
    if (!row) throw new NotFoundError("process", slug);
    tx.delete(phases).where(eq(phases.processId, row.id)).run();
    for (const w of windows) tx.insert(phases).values({ processId: row.id, kind: w.kind, startsAt: w.startsAt, endsAt: w.endsAt }).run();
    appendAudit(
      db,
      {
        actorId: actor.id,
        action: "process.phases",
        targetType: "process",
        targetId: row.id,
        detail: { phases: windows.map((w) => ({ kind: w.kind, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString() })) },
      },
      now,
    );
    return windows;
  });
}

/** Shows or hides a process to the public. Audited as "process.publish" / "process.unpublish". */
export function setProcessPublished(db: Db, actor: CurrentUser | null, slug: string, published: boolean, now: Date): void {
  assertCan(actor, "process.edit", null);
  db.transaction((tx) => {
    const row = tx.select({ id: processes.id, publishedAt: processes.publishedAt }).from(processes).where(eq(processes.slug, slug)).get();
    if (!row) throw new NotFoundError("process", slug);
    if ((row.publishedAt !== null) === published) return;
    tx.update(processes).set({ publishedAt: published ? now : null }).where(eq(processes.id, row.id)).run();
    appendAudit(db, { actorId: actor.id, action: published ? "process.publish" : "process.unpublish", targetType: "process", targetId: row.id }, now);
  });
}

export type { PhaseKind, PhaseInput };
