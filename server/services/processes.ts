import { asc, desc, eq, isNotNull, max, sql, type SQL } from "drizzle-orm";
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

const summaryColumns = {
  id: processes.id,
  slug: processes.slug,
  kind: processes.kind,
  title: processes.title,
  summary: processes.summary,
  department: processes.department,
  publishedAt: processes.publishedAt,
};

/** The three queries of a process list, for one visibility filter. */
function prepareList(db: Db, visible: SQL | undefined) {
  return {
    processes: db.select(summaryColumns).from(processes).where(visible).orderBy(asc(processes.createdAt)).prepare(),
    // Joined on the same visibility filter rather than `IN (ids)`: no bound-parameter limit.
    phases: db
      .select({ processId: phases.processId, kind: phases.kind, startsAt: phases.startsAt, endsAt: phases.endsAt })
      .from(phases)
      .innerJoin(processes, eq(processes.id, phases.processId))
      .where(visible)
      .prepare(),
    latestVersions: db
      .select({ processId: documentVersions.processId, number: max(documentVersions.number) })
      .from(documentVersions)
      .innerJoin(processes, eq(processes.id, documentVersions.processId))
      .where(visible)
      .groupBy(documentVersions.processId)
      .prepare(),
  };
}

function prepareQueries(db: Db) {
  return {
    published: prepareList(db, isNotNull(processes.publishedAt)),
    all: prepareList(db, undefined),
    bySlug: db
      .select(summaryColumns)
      .from(processes)
      .where(eq(processes.slug, sql.placeholder("slug")))
      .prepare(),
    phasesOf: db
      .select({ kind: phases.kind, startsAt: phases.startsAt, endsAt: phases.endsAt })
      .from(phases)
      .where(eq(phases.processId, sql.placeholder("processId")))
      .prepare(),
    latestVersion: db
      .select({ number: documentVersions.number })
      .from(documentVersions)
      .where(eq(documentVersions.processId, sql.placeholder("processId")))
      .orderBy(desc(documentVersions.number))
      .limit(1)
      .prepare(),
  };
}

/*
 * Drizzle builds the SQL text of a query on every call, which costs about ten times what
 * SQLite takes to run these small queries (bench: ~150 µs vs ~10 µs each). The home page and
 * the process list run them on every view, so they are prepared once per connection.
 */
const preparedByDb = new WeakMap<Db, ReturnType<typeof prepareQueries>>();

function queries(db: Db): ReturnType<typeof prepareQueries> {
  let prepared = preparedByDb.get(db);
  if (!prepared) {
    prepared = prepareQueries(db);
    preparedByDb.set(db, prepared);
  }
  return prepared;
}

/**
 * Processes the viewer may see: published ones, plus unpublished ones for staff who can edit.
 * Three queries whatever the number of processes (processes, their phases, their latest
 * version numbers) — this runs on every home page view.
 */
export function listVisibleProcesses(db: Db, viewer: CurrentUser | null, now: Date): ProcessSummary[] {
  const list = can(viewer, "process.viewUnpublished", null) ? queries(db).all : queries(db).published;
  const rows = list.processes.all();
  if (rows.length === 0) return [];

  const windowsByProcess = new Map<number, PhaseWindow[]>();
  for (const { processId, ...window } of list.phases.all()) {
    const windows = windowsByProcess.get(processId);
    if (windows) windows.push(window);
    else windowsByProcess.set(processId, [window]);
  }
  const latestByProcess = new Map(list.latestVersions.all().map((v) => [v.processId, v.number] as const));

  return rows.map((row) => {
    const windows = sortPhases(windowsByProcess.get(row.id) ?? []);
    return { ...row, phases: windows, currentPhase: currentPhase(windows, now), latestVersion: latestByProcess.get(row.id) ?? null };
  });
}

/** One process by slug if the viewer may see it; null when missing or hidden (callers answer 404). */
export function findVisibleProcess(db: Db, viewer: CurrentUser | null, slug: string, now: Date): ProcessSummary | null {
  const q = queries(db);
  const row = q.bySlug.get({ slug });
  if (!row || !can(viewer, "process.view", { publishedAt: row.publishedAt })) return null;
  const windows = sortPhases(q.phasesOf.all({ processId: row.id }));
  const latestVersion = q.latestVersion.get({ processId: row.id })?.number ?? null;
  return { ...row, phases: windows, currentPhase: currentPhase(windows, now), latestVersion };
}
