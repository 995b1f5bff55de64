import { formatMoney } from "../../../server/i18n/format";
import type { BudgetMismatch } from "../../../server/services/documents/import/import-error";
import { useI18n } from "../../i18n/i18n";

/** Where and why an import failed, as the action sends it. */
export interface ImportProblem {
  code: string;
  location: { unit: "line" | "paragraph"; number: number } | null;
  params: Record<string, string | number>;
  mismatches: BudgetMismatch[];
}

/** One translated sentence for an import problem: "Línea 14: se esperaba…". */
export function useImportProblemText(): (problem: ImportProblem) => string {
  const { t } = useI18n();
  return (problem) => {
    const reason = t(`processAdmin.importError.${problem.code}`, problem.params);
    if (!problem.location) return reason;
    const where = t(problem.location.unit === "line" ? "processAdmin.importError.atLine" : "processAdmin.importError.atParagraph", { number: String(problem.location.number) });
    return `${where}: ${reason}`;
  };
}

/** Each district (or the whole budget) whose lines do not add up, written out. */
export function MismatchList({ mismatches }: { mismatches: BudgetMismatch[] }) {
  const { t, locale } = useI18n();
  if (mismatches.length === 0) return null;
  return (
    <ul className="mismatch-list">
      {mismatches.map((m) => (
        <li key={`${m.scope}-${m.district}`}>
          {t(m.scope === "district" ? "processAdmin.budget.mismatchDistrict" : "processAdmin.budget.mismatchOverall", {
            district: m.district,
            declared: formatMoney(locale, m.declaredCents),
            actual: formatMoney(locale, m.actualCents),
          })}
        </li>
      ))}
    </ul>
  );
}
