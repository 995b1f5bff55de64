import { Link } from "@remix-run/react";
import type { PhaseKind, ProcessKind } from "../../server/services/processes";
import { formatDate } from "../../server/i18n/format";
import { useI18n } from "../i18n/i18n";
import { PhaseBadge } from "./PhaseBadge";

/** A process as a card in lists. */
export interface ProcessCardData {
  slug: string;
  kind: ProcessKind;
  title: string;
  summary: string;
  department: string;
  currentPhase: { kind: PhaseKind; endsAt: string } | null;
}

export function ProcessCard({ process }: { process: ProcessCardData }) {
  const { t, locale } = useI18n();
  return (
    <li className="card process-card">
      <p className="process-card__meta">
        <span className="badge">{t(`process.kind.${process.kind}`)}</span>
        <PhaseBadge kind={process.currentPhase?.kind ?? null} />
      </p>
      <h3 className="process-card__title">
        <Link to={`/processes/${process.slug}`}>{process.title}</Link>
      </h3>
      <p>{process.summary}</p>
      <p className="process-card__footer">
        <span>{process.department}</span>
        {process.currentPhase ? (
          <span>{t("process.phaseEnds", { date: formatDate(locale, new Date(process.currentPhase.endsAt)) })}</span>
        ) : null}
      </p>
    </li>
  );
}
