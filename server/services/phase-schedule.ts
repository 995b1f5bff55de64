import { PHASE_KINDS, type PhaseKind } from "../../db/schema";
import type { PhaseWindow } from "./phases";

/**
 * The rules a process's phase calendar must follow (decided here, enforced on save):
 *
 * 1. Every phase is optional; a phase given needs both dates and ends after it starts.
 * 2. In the natural order (information → … → implementation) no phase starts before an
 *    earlier phase starts. Overlaps are allowed (annotation and amendments often run together).
 * 3. The final vote starts only when every contribution phase (debate, annotation, amendments)
 *    and consolidation have ended: people vote on a frozen text.
 * 4. Results start only when the final vote has ended: results stay hidden while voting runs.
 *
 * Errors are translation keys per field ("phases.<kind>.startsAt"/"endsAt").
 */

/** Phases that must be over before the final vote opens (rule 3). */
const BEFORE_VOTE: readonly PhaseKind[] = ["debate", "annotation", "amendments", "consolidation"];

/** One phase row as the form sends it, after date parsing (null = left empty or invalid). */
export interface PhaseInput {
  kind: PhaseKind;
  startsAt: Date | null;
  endsAt: Date | null;
  /** The raw values were present but not valid dates in the council's zone. */
  startInvalid?: boolean;
  endInvalid?: boolean;
}

/** Field errors keyed "phases.<kind>.startsAt" / "phases.<kind>.endsAt" → message keys. */
export type ScheduleErrors = Record<string, string[]>;

function add(errors: ScheduleErrors, field: string, key: string): void {
  (errors[field] ??= []).push(key);
}

/** Validates a phase calendar; returns the windows to store and the errors (empty when valid). */
export function validatePhaseSchedule(inputs: readonly PhaseInput[]): { windows: PhaseWindow[]; errors: ScheduleErrors } {
  const errors: ScheduleErrors = {};
  const windows: PhaseWindow[] = [];
  const byKind = new Map(inputs.map((i) => [i.kind, i]));
  for (const kind of PHASE_KINDS) {
    const input = byKind.get(kind);
    if (!input) continue;
    const field = `phases.${kind}`;
    if (input.startInvalid) add(errors, `${field}.startsAt`, "processAdmin.phases.error.invalidDate");
    if (input.endInvalid) add(errors, `${field}.endsAt`, "processAdmin.phases.error.invalidDate");
    if (input.startInvalid || input.endInvalid) continue;
    if (!input.startsAt && !input.endsAt) continue;
    if (!input.startsAt) add(errors, `${field}.startsAt`, "processAdmin.phases.error.startRequired");
    if (!input.endsAt) add(errors, `${field}.endsAt`, "processAdmin.phases.error.endRequired");
    if (!input.startsAt || !input.endsAt) continue;
    if (input.endsAt <= input.startsAt) {
      add(errors, `${field}.endsAt`, "processAdmin.phases.error.endBeforeStart");
      continue;
    }
    windows.push({ kind, startsAt: input.startsAt, endsAt: input.endsAt });
  }
  // Rules 2–4 compare complete windows, in natural order.
  for (let i = 1; i < windows.length; i += 1) {
    const phase = windows[i];
    const previous = windows[i - 1];
    if (!phase || !previous) continue;
    if (phase.startsAt < previous.startsAt) add(errors, `phases.${phase.kind}.startsAt`, "processAdmin.phases.error.startsBeforePrevious");
  }
  const vote = windows.find((w) => w.kind === "final_vote");
  if (vote) {
    const stillOpen = windows.filter((w) => BEFORE_VOTE.includes(w.kind) && w.endsAt > vote.startsAt);
    if (stillOpen.length > 0) add(errors, "phases.final_vote.startsAt", "processAdmin.phases.error.voteBeforeContributionsEnd");
    const results = windows.find((w) => w.kind === "results");
    if (results && results.startsAt < vote.endsAt) add(errors, "phases.results.startsAt", "processAdmin.phases.error.resultsBeforeVoteEnds");
  }
  return { windows, errors };
}
