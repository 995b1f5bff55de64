import type { AppContext } from "../../server/context";
import { listVisibleProcesses, type ProcessSummary } from "../../server/services/processes";
import type { ProcessCardData } from "../components/ProcessCard";

/** Serializable card data for a process (dates as ISO strings). */
export function toProcessCard(p: ProcessSummary): ProcessCardData {
  return {
    slug: p.slug,
    kind: p.kind,
    title: p.title,
    summary: p.summary,
    department: p.department,
    currentPhase: p.currentPhase ? { kind: p.currentPhase.kind, endsAt: p.currentPhase.endsAt.toISOString() } : null,
  };
}

/** Cards for the processes the current viewer may see now (the home page and /processes list the same). */
export function visibleProcessCards(app: AppContext): ProcessCardData[] {
  const { db, user, now } = app;
  return listVisibleProcesses(db, user, now()).map(toProcessCard);
}
