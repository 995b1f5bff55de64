import { asc, desc, eq, isNotNull, max } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { documentVersions, phases, processes, type ProcessKind } from "../../db/schema";
import { can } from "../policies/can";

export type { PhaseKind, ProcessKind } from "../../db/schema";
import type { CurrentUser } from "./current-user";
import { currentPhase, sortPhases, type PhaseWindow } from "./phases";

/** A process as lists and the API show it. */
export interface ProcessSummary {
  id: number;
  slug: string;
  kind: ProcessKind;
  title: string;
  summary: string;
  department: string;
  publishedAt: Date | null;
  phases: PhaseWindow[];
  currentPhase: PhaseWindow | null;
  latestVersion: number | null;
}

function phasesOf(db: Db, processId: number): PhaseWindow[] {
  return sortPhases(
    db
      .select({ kind: phases.kind, startsAt: phases.startsAt, endsAt: phases.endsAt })
      .from(phases)
      .where(eq(phases.processId, processId))
      .all(),
  );
}

function latestVersionNumber(db: Db, processId: number): number | null {
  return (
    db
      .select({ number: documentVersions.number })
      .from(documentVersions)
      .where(eq(documentVersions.processId, processId))
      .orderBy(desc(documentVersions.number))
      .limit(1)
      .get()?.number ?? null
  );
}

const summaryColumns = {
  id: processes.id,
  slug: processes.slug,
  kind: processes.kind,
  title: processes.title,
  summary: processes.summary,
  department: processes.department,
  publishedAt: processes.publishedAt,
};

/**
 * Processes the viewer may see: published ones, plus unpublished ones for staff who can edit.
 * Three queries whatever the number of processes (processes, their phases, their latest
 * version numbers) — this runs on every home page view.
 */
export function listVisibleProcesses(db: Db, viewer: CurrentUser | null, now: Date): ProcessSummary[] {
  const includeDrafts = can(viewer, "process.viewUnpublished", null);
  const visible = includeDrafts ? undefined : isNotNull(processes.publishedAt);
  const rows = db.select(summaryColumns).from(processes).where(visible).orderBy(asc(processes.createdAt)).all();
  if (rows.length === 0) return [];

  // Joined on the same visibility filter rather than `IN (ids)`: no bound-parameter limit.
  const windowsByProcess = new Map<number, PhaseWindow[]>();
  const phaseRows = db
    .select({ processId: phases.processId, kind: phases.kind, startsAt: phases.startsAt, endsAt: phases.endsAt })
    .from(phases)
    .innerJoin(processes, eq(processes.id, phases.processId))
    .where(visible)
    .all();
  for (const { processId, ...window } of phaseRows) {
    const list = windowsByProcess.get(processId);
    if (list) list.push(window);
    else windowsByProcess.set(processId, [window]);
  }
  const latestByProcess = new Map(
    db
      .select({ processId: documentVersions.processId, number: max(documentVersions.number) })
      .from(documentVersions)
      .innerJoin(processes, eq(processes.id, documentVersions.processId))
      .where(visible)
      .groupBy(documentVersions.processId)
      .all()
      .map((v) => [v.processId, v.number] as const),
  );

  return rows.map((row) => {
    const windows = sortPhases(windowsByProcess.get(row.id) ?? []);
    return { ...row, phases: windows, currentPhase: currentPhase(windows, now), latestVersion: latestByProcess.get(row.id) ?? null };
  });
}

/** One process by slug if the viewer may see it; null when missing or hidden (callers answer 404). */
export function findVisibleProcess(db: Db, viewer: CurrentUser | null, slug: string, now: Date): ProcessSummary | null {
  const row = db.select(summaryColumns).from(processes).where(eq(processes.slug, slug)).get();
  if (!row || !can(viewer, "process.view", { publishedAt: row.publishedAt })) return null;
  const windows = phasesOf(db, row.id);
  return { ...row, phases: windows, currentPhase: currentPhase(windows, now), latestVersion: latestVersionNumber(db, row.id) };
}
