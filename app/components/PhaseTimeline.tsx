import type { PhaseKind } from "../../server/services/processes";
import { formatDate } from "../../server/i18n/format";
import { useI18n } from "../i18n/i18n";

/** One phase as the timeline shows it. */
export interface TimelinePhase {
  kind: PhaseKind;
  startsAt: string;
  endsAt: string;
  status: "upcoming" | "open" | "closed";
}

/**
 * The phases of a process as an ordered list. The state of each phase is written out
 * ("open now", "closed"), not conveyed by colour alone.
 */
export function PhaseTimeline({ phases, current }: { phases: TimelinePhase[]; current: PhaseKind | null }) {
  const { t, locale } = useI18n();
  return (
    <ol className="timeline" aria-label={t("process.timeline.label")}>
      {phases.map((phase) => (
        <li
          key={phase.kind}
          className={`timeline__phase timeline__phase--${phase.status}${phase.kind === current ? " timeline__phase--current" : ""}`}
          aria-current={phase.kind === current ? "step" : undefined}
        >
          <span className="timeline__name">{t(`process.phase.${phase.kind}`)}</span>
          <span className="timeline__dates">
            {formatDate(locale, new Date(phase.startsAt))} – {formatDate(locale, new Date(phase.endsAt))}
          </span>
          <span className="timeline__status">{t(`process.phaseStatus.${phase.status}`)}</span>
        </li>
      ))}
    </ol>
  );
}
