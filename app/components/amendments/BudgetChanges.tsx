import type { AmountsDiff } from "../../../server/services/amendments/wording-diff";
import { formatMoney } from "../../../server/i18n/format";
import { useId } from "react";
import { useI18n } from "../../i18n/i18n";
import type { Locale } from "../../../server/i18n/locales";

/** Props of BudgetChanges. */
export interface BudgetChangesProps {
  diff: AmountsDiff;
  /** Announce the totals status politely when it changes (the live editor). */
  live?: boolean;
}

/** A signed amount ("+200,00 €", "−50,00 €"); zero has no sign. */
export function signedMoney(locale: Locale, cents: number): string {
  if (cents === 0) return formatMoney(locale, 0);
  return `${cents > 0 ? "+" : "−"}${formatMoney(locale, Math.abs(cents))}`;
}

/**
 * The money a budget amendment moves: changed lines with old, new and change; per-district and
 * overall totals; and whether totals stay the same (the rule checked on submit), stated in words
 * and with a ✓/⚠ glyph rather than colour alone.
 */
export function BudgetChanges({ diff, live = false }: BudgetChangesProps) {
  const { t, locale } = useI18n();
  const ids = useId();
  const money = (cents: number) => formatMoney(locale, cents);
  const changed = diff.lines.filter((l) => l.deltaCents !== 0);
  const problems: string[] = [];
  for (const d of diff.districts) {
    if (d.deltaCents !== 0) problems.push(t("amendment-editor.budget.districtChanges", { district: d.district, delta: signedMoney(locale, d.deltaCents) }));
  }
  if (diff.total.deltaCents !== 0) problems.push(t("amendment-editor.budget.totalChanges", { delta: signedMoney(locale, diff.total.deltaCents) }));
  if (diff.invalidLineIds.length > 0) problems.push(t("amendment-editor.budget.invalid", { count: diff.invalidLineIds.length }));
  return (
    <div className="budget-changes">
      <div className={`budget-changes__status ${problems.length === 0 ? "budget-changes__status--ok" : "budget-changes__status--problem"}`} role={live ? "status" : undefined}>
        {problems.length === 0 ? (
          <p>{t("amendment-editor.budget.totalsUnchanged")}</p>
        ) : (
          <ul>
            {problems.map((p) => (
              <li key={p}>
                <span aria-hidden="true">⚠ </span>
                {p}
              </li>
            ))}
          </ul>
        )}
      </div>
      {changed.length === 0 ? (
        <p className="muted">{t("amendment-editor.budget.noChanges")}</p>
      ) : (
        // Focusable so a keyboard can scroll a table wider than a phone.
        <div className="table-wrap" role="region" tabIndex={0} aria-labelledby={`${ids}-lines`}>
          <table className="data budget-changes__lines">
            <caption id={`${ids}-lines`}>{t("amendment-editor.budget.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("amendment-editor.budget.code")}</th>
                <th scope="col">{t("amendment-editor.budget.line")}</th>
                <th scope="col">{t("amendment-editor.budget.district")}</th>
                <th scope="col" className="num">{t("amendment-editor.budget.old")}</th>
                <th scope="col" className="num">{t("amendment-editor.budget.new")}</th>
                <th scope="col" className="num">{t("amendment-editor.budget.delta")}</th>
              </tr>
            </thead>
            <tbody>
              {changed.map((line) => (
                <tr key={line.id}>
                  <td>{line.code}</td>
                  <th scope="row">{line.text || line.programme}</th>
                  <td>{line.district}</td>
                  <td className="num">{money(line.oldCents)}</td>
                  <td className="num">{money(line.newCents)}</td>
                  <td className={`num budget-delta budget-delta--${line.deltaCents > 0 ? "up" : "down"}`}>{signedMoney(locale, line.deltaCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-wrap" role="region" tabIndex={0} aria-labelledby={`${ids}-districts`}>
        <table className="data budget-changes__districts">
          <caption id={`${ids}-districts`}>{t("amendment-editor.budget.districtsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("amendment-editor.budget.district")}</th>
              <th scope="col" className="num">{t("amendment-editor.budget.old")}</th>
              <th scope="col" className="num">{t("amendment-editor.budget.new")}</th>
              <th scope="col" className="num">{t("amendment-editor.budget.delta")}</th>
            </tr>
          </thead>
          <tbody>
            {diff.districts.map((d) => (
              <tr key={d.districtId ?? d.district}>
                <th scope="row">{d.district}</th>
                <td className="num">{money(d.oldCents)}</td>
                <td className="num">{money(d.newCents)}</td>
                <td className="num">{signedMoney(locale, d.deltaCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("amendment-editor.budget.total")}</th>
              <td className="num">{money(diff.total.oldCents)}</td>
              <td className="num">{money(diff.total.newCents)}</td>
              <td className="num">{signedMoney(locale, diff.total.deltaCents)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

export default BudgetChanges;
