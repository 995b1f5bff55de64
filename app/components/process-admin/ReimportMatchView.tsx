import { formatMoney } from "../../../server/i18n/format";
import type { ClauseMatch } from "../../../server/services/documents/reimport/match-clauses";
import type { PairCandidate, ReimportPreview } from "../../../server/services/documents/reimport/reimport-preview";
import { useI18n } from "../../i18n/i18n";
import { Parts } from "../document/DiffView";

const STATUSES = ["unchanged", "modified", "moved", "new", "removed"] as const;
const PAIRABLE = new Set(["article", "budget_line", "paragraph"]);

function rowLabel(row: ClauseMatch): string {
  const label = row.newLabel ?? row.oldLabel ?? "";
  return row.heading ? `${label}. ${row.heading}` : label;
}

function PairSelect({ row, candidates }: { row: ClauseMatch; candidates: readonly PairCandidate[] }) {
  const { t } = useI18n();
  if (!row.newId || !PAIRABLE.has(row.kind)) return null;
  const id = `match-${row.newId}`;
  return (
    <div className="reimport__pair">
      <label htmlFor={id}>{t("processAdmin.import.match.pairLabel")}</label>
      <select id={id} name={`match.${row.newId}`} defaultValue={row.oldId ?? "new"}>
        <option value="new">{t("processAdmin.import.match.asNew")}</option>
        {candidates
          .filter((c) => c.group === row.group)
          .map((c) => (
            <option key={c.id} value={c.id}>
              {c.heading ? `${c.label}. ${c.heading}` : c.label}
            </option>
          ))}
      </select>
    </div>
  );
}

/**
 * The identity part of a re-import preview: every clause labelled unchanged / modified /
 * moved / new / removed with its word diff, and for each imported unit a select to pair it
 * with another clause of the latest version or make it new. Rendered inside the confirm form,
 * so "Update matching" and "Save" both post the selects.
 */
export function ReimportMatchView({ reimport }: { reimport: ReimportPreview }) {
  const { t, locale } = useI18n();
  const rows = reimport.clauses.filter((r) => r.kind !== "paragraph" || r.status !== "unchanged");
  return (
    <div className="reimport">
      <h3 id="reimport-title">{t("processAdmin.import.match.title", { number: String(reimport.versionNumber) })}</h3>
      <p>{t("processAdmin.import.match.help")}</p>
      <ul className="reimport__summary" aria-label={t("processAdmin.import.match.summaryLabel")}>
        {STATUSES.map((s) => (
          <li key={s} className={`reimport__badge reimport__badge--${s}`} data-status={s}>
            {t(`processAdmin.import.match.status.${s}`)}: <strong>{reimport.summary[s]}</strong>
          </li>
        ))}
      </ul>
      <ol className="reimport__rows">
        {rows.map((row) => (
          <li key={`${row.oldId ?? ""}:${row.newId ?? ""}`} className={`reimport__row reimport__row--${row.status}`} data-status={row.status} data-old-id={row.oldId ?? undefined}>
            <p className="reimport__head">
              <span className={`reimport__badge reimport__badge--${row.status}`}>{t(`processAdmin.import.match.status.${row.status}`)}</span>{" "}
              <strong>{rowLabel(row)}</strong>
              {row.status !== "new" && row.status !== "removed" && row.oldLabel !== row.newLabel ? (
                <span className="reimport__was"> {t("processAdmin.import.match.was", { label: row.oldLabel ?? "" })}</span>
              ) : null}
              {row.reason === "manual" ? <span className="reimport__was"> · {t("processAdmin.import.match.manual")}</span> : null}
            </p>
            {row.splitFrom ? <p className="reimport__note">{t("processAdmin.import.match.splitFrom", { label: reimport.candidates.find((c) => c.id === row.splitFrom)?.label ?? "" })}</p> : null}
            {row.mergedInto ? (
              <p className="reimport__note">
                {t("processAdmin.import.match.mergedInto", { label: row.mergedIntoLabel ?? reimport.clauses.find((c) => c.newId === row.mergedInto)?.newLabel ?? "" })}
              </p>
            ) : null}
            {row.headingParts ? (
              <p className="reimport__diff">
                <Parts parts={row.headingParts} show="both" />
              </p>
            ) : null}
            {row.textParts ? (
              <p className="reimport__diff">
                <Parts parts={row.textParts} show="both" />
              </p>
            ) : null}
            {row.kind === "budget_line" && row.oldAmountCents !== undefined && row.newAmountCents !== undefined && row.oldAmountCents !== row.newAmountCents ? (
              <p className="reimport__diff">
                {formatMoney(locale, row.oldAmountCents)} → {formatMoney(locale, row.newAmountCents)}
              </p>
            ) : null}
            <PairSelect row={row} candidates={reimport.candidates} />
          </li>
        ))}
      </ol>
    </div>
  );
}
