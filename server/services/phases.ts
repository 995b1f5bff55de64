import { PHASE_KINDS, type PhaseKind } from "../../db/schema";

/** A phase window as services and pages use it. */
export interface PhaseWindow {
  kind: PhaseKind;
  startsAt: Date;
  endsAt: Date;
}

/** Where a phase stands relative to server time. */
export type PhaseStatus = "upcoming" | "open" | "closed";

/** Phases in their natural order (information first, implementation last). */
export function sortPhases<T extends { kind: PhaseKind }>(phases: T[]): T[] {
  return [...phases].sort((a, b) => PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind));
}

/** The status of one phase at `now` (start inclusive, end exclusive). */
export function phaseStatus(phase: PhaseWindow, now: Date): PhaseStatus {
  if (now < phase.startsAt) return "upcoming";
  if (now >= phase.endsAt) return "closed";
  return "open";
}

/**
 * The current phase: of the phases open now, the latest in the natural order (phases may
 * overlap, e.g. annotation and amendments). Null between phases or when none is open.
 */
export function currentPhase(phases: PhaseWindow[], now: Date): PhaseWindow | null {
  const open = sortPhases(phases).filter((p) => phaseStatus(p, now) === "open");
  return open.at(-1) ?? null;
}

/** Whether the phase of this kind is open now; the server's single answer to "may one still…?" */
export function isPhaseOpen(phases: PhaseWindow[], kind: PhaseKind, now: Date): boolean {
  const phase = phases.find((p) => p.kind === kind);
  return phase !== undefined && phaseStatus(phase, now) === "open";
}
