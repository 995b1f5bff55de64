import type { ProcessSummary } from "../../server/services/processes";
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
