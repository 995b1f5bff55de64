import { describe, expect, it } from "vitest";
import { fromZonedLocal, toZonedLocal } from "../../../server/services/council-time";
import { validatePhaseSchedule, type PhaseInput } from "../../../server/services/phase-schedule";

const d = (day: number) => new Date(Date.UTC(2026, 4, day));

describe("council time (Europe/Madrid)", () => {
  it("reads local winter and summer times as the right UTC instants", () => {
    expect(fromZonedLocal("2026-01-15T10:00")?.toISOString()).toBe("2026-01-15T09:00:00.000Z");
    expect(fromZonedLocal("2026-07-15T10:00")?.toISOString()).toBe("2026-07-15T08:00:00.000Z");
  });
  it("refuses the hour skipped when clocks go forward and malformed values", () => {
    expect(fromZonedLocal("2026-03-29T02:30")).toBeNull();
    expect(fromZonedLocal("2026-13-01T10:00")).toBeNull();
    expect(fromZonedLocal("mañana")).toBeNull();
  });
  it("takes the first occurrence of the repeated autumn hour", () => {
    expect(fromZonedLocal("2026-10-25T02:30")?.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });
  it("round-trips", () => {
    expect(toZonedLocal(new Date("2026-07-15T08:00:00Z"))).toBe("2026-07-15T10:00");
  });
});

describe("validatePhaseSchedule", () => {
  const p = (kind: PhaseInput["kind"], start: number | null, end: number | null): PhaseInput => ({
    kind,
    startsAt: start === null ? null : d(start),
    endsAt: end === null ? null : d(end),
  });

  it("accepts skipped phases and overlapping contribution phases", () => {
    const { windows, errors } = validatePhaseSchedule([p("information", 1, 5), p("annotation", 3, 10), p("amendments", 4, 12), p("final_vote", 12, 15), p("results", 15, 20)]);
    expect(errors).toEqual({});
    expect(windows.map((w) => w.kind)).toEqual(["information", "annotation", "amendments", "final_vote", "results"]);
  });

  it.each([
    ["end before start", [p("debate", 5, 5)], "phases.debate.endsAt", "processAdmin.phases.error.endBeforeStart"],
    ["half a window", [p("debate", 5, null)], "phases.debate.endsAt", "processAdmin.phases.error.endRequired"],
    ["start before the previous phase", [p("information", 5, 9), p("debate", 4, 9)], "phases.debate.startsAt", "processAdmin.phases.error.startsBeforePrevious"],
    ["vote while amendments are open", [p("amendments", 1, 10), p("final_vote", 9, 12)], "phases.final_vote.startsAt", "processAdmin.phases.error.voteBeforeContributionsEnd"],
    ["results during the vote", [p("final_vote", 1, 10), p("results", 9, 12)], "phases.results.startsAt", "processAdmin.phases.error.resultsBeforeVoteEnds"],
  ])("refuses %s", (_name, inputs, field, key) => {
    expect(validatePhaseSchedule(inputs).errors[field]).toContain(key);
  });
});
