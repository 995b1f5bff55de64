import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database_ } from "../../db/connection";
import { documentVersions, phases, processes, type PhaseKind } from "../../db/schema";
import type { CurrentUser } from "./current-user";
import { findVisibleProcess, listVisibleProcesses } from "./processes";

const DAY = 86_400_000;
const NOW = new Date("2027-03-10T12:00:00Z");

const editor: CurrentUser = {
  id: 1,
  email: "editor@example.org",
  name: "Editor",
  locale: "es",
  verified: true,
  blocked: false,
  staffRoles: ["editor"],
  organizations: [],
};

let database: Database_;

/** A process with phase windows in days relative to NOW and the given version numbers. */
function addProcess(slug: string, published: boolean, createdDay: number, windows: Array<[PhaseKind, number, number]>, versions: number[]) {
  const { db } = database;
  const row = db
    .insert(processes)
    .values({
      slug,
      kind: "regulation",
      title: slug,
      publishedAt: published ? new Date(NOW.getTime() - DAY) : null,
      createdAt: new Date(NOW.getTime() + createdDay * DAY),
    })
    .returning({ id: processes.id })
    .get();
  for (const [kind, start, end] of windows) {
    db.insert(phases)
      .values({ processId: row.id, kind, startsAt: new Date(NOW.getTime() + start * DAY), endsAt: new Date(NOW.getTime() + end * DAY) })
      .run();
  }
  for (const number of versions) {
    db.insert(documentVersions)
      .values({ processId: row.id, number, content: "{}", contentHash: `sha256:${number}`, publishedAt: NOW })
      .run();
  }
}

beforeEach(() => {
  database = openDatabase(":memory:");
  // Inserted with phases out of natural order, to prove the list sorts them.
  addProcess("second", true, -5, [["final_vote", 5, 10], ["annotation", -3, 3], ["information", -10, -3]], [1, 3, 2]);
  addProcess("first", true, -9, [["debate", -1, 1]], []);
  addProcess("hidden-draft", false, -1, [["information", 0, 9]], [1]);
  addProcess("bare", true, -2, [], []);
});

afterEach(() => database.close());

describe("listVisibleProcesses", () => {
  it("lists published processes by creation date, with sorted phases, current phase and latest version", () => {
    const list = listVisibleProcesses(database.db, null, NOW);
    expect(list.map((p) => p.slug)).toEqual(["first", "second", "bare"]);
    const second = list[1];
    expect(second?.phases.map((p) => p.kind)).toEqual(["information", "annotation", "final_vote"]);
    expect(second?.currentPhase?.kind).toBe("annotation");
    expect(second?.latestVersion).toBe(3);
    expect(list[0]?.currentPhase?.kind).toBe("debate");
    expect(list[0]?.latestVersion).toBeNull();
    expect(list[2]).toMatchObject({ phases: [], currentPhase: null, latestVersion: null });
  });

  it("adds unpublished processes for editors, with their own phases and versions", () => {
    const list = listVisibleProcesses(database.db, editor, NOW);
    expect(list.map((p) => p.slug)).toEqual(["first", "second", "bare", "hidden-draft"]);
    expect(list[3]).toMatchObject({ publishedAt: null, latestVersion: 1, currentPhase: { kind: "information" } });
  });

  it("answers exactly what findVisibleProcess answers for each process", () => {
    for (const viewer of [null, editor]) {
      for (const summary of listVisibleProcesses(database.db, viewer, NOW)) {
        expect(findVisibleProcess(database.db, viewer, summary.slug, NOW)).toEqual(summary);
      }
    }
  });

  it("runs a fixed number of queries, however many processes there are (no N+1)", () => {
    for (let i = 0; i < 20; i++) addProcess(`extra-${i}`, true, i, [["debate", -1, 1]], [1]);
    // Count executions on the statement prototype: they happen whether a statement is new or cached.
    const statement = Object.getPrototypeOf(database.sqlite.prepare("select 1")) as Record<"all" | "get" | "run", () => unknown>;
    const spies = (["all", "get", "run"] as const).map((method) => vi.spyOn(statement, method));
    try {
      const list = listVisibleProcesses(database.db, null, NOW);
      expect(list).toHaveLength(23);
      expect(spies.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(3);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it("prepares its statements once per connection, not on every call", () => {
    listVisibleProcesses(database.db, null, NOW);
    listVisibleProcesses(database.db, editor, NOW);
    findVisibleProcess(database.db, null, "second", NOW);
    const prepare = vi.spyOn(database.sqlite, "prepare");
    listVisibleProcesses(database.db, null, NOW);
    listVisibleProcesses(database.db, editor, NOW);
    findVisibleProcess(database.db, null, "first", NOW);
    expect(prepare).not.toHaveBeenCalled();
  });

  it("sees rows written after its statements were prepared", () => {
    expect(listVisibleProcesses(database.db, null, NOW)).toHaveLength(3);
    addProcess("late", true, 1, [["results", -1, 1]], [1, 2]);
    const late = listVisibleProcesses(database.db, null, NOW).at(-1);
    expect(late).toMatchObject({ slug: "late", latestVersion: 2, currentPhase: { kind: "results" } });
    expect(findVisibleProcess(database.db, null, "late", NOW)).toEqual(late);
  });

  it("returns an empty list without further queries when nothing is visible", () => {
    const empty = openDatabase(":memory:");
    try {
      expect(listVisibleProcesses(empty.db, null, NOW)).toEqual([]);
    } finally {
      empty.close();
    }
  });
});
