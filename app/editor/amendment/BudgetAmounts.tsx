import { useId, useMemo, useState } from "react";
import type * as Y from "yjs";
import { formatMoney } from "../../../server/i18n/format";
import type { BudgetLine } from "../../../server/services/amendments/wording-diff";
import { useI18n } from "../../i18n/i18n";
import { parseEuros } from "./amounts";

interface BudgetAmountsProps {
  lines: BudgetLine[];
  /** Proposed amounts as last seen in the shared map (null until synced). */
  amounts: Record<string, number> | null;
  /** The shared map; null until synced. */
  map: Y.Map<number> | null;
  readOnly: boolean;
}

/** One line's amount field: shows the shared value, and while focused what the person types. */
function AmountInput({ line, cents, map, readOnly, errorId }: { line: BudgetLine; cents: number; map: Y.Map<number> | null; readOnly: boolean; errorId: string }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<string | null>(null);
  const plain = useMemo(() => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }), [locale]);
  const invalid = draft !== null && parseEuros(draft) === null;
  const label = t("amendment-editor.budget.amountLabel", { line: `${line.code} ${line.text || line.programme}`.trim() });
  return (
    <>
      <input
        className="amount-input"
        type="text"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        readOnly={readOnly || map === null}
        value={draft ?? plain.format(cents / 100)}
        onFocus={() => setDraft(plain.format(cents / 100))}
        onBlur={() => setDraft(null)}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          const parsed = parseEuros(text);
          // Every valid keystroke is shared at once; an invalid one waits for a valid amount.
          if (parsed !== null && map && !readOnly && map.get(line.id) !== parsed) map.set(line.id, parsed);
        }}
      />
      {invalid ? (
        <span id={errorId} className="field__error">
          {t("amendment-editor.budget.amountInvalid")}
        </span>
      ) : null}
      <span className="amount-input__shown" aria-hidden="true">
        {formatMoney(locale, cents)}
      </span>
    </>
  );
}

/**
 * The budget's lines with a field per proposed amount, bound to the shared map (changes by
 * co-authors appear live), grouped by district with live totals.
 */
export function BudgetAmounts({ lines, amounts, map, readOnly }: BudgetAmountsProps) {
  const { t, locale } = useI18n();
  const ids = useId();
  const districts = useMemo(() => {
    const groups = new Map<string, { district: string; lines: BudgetLine[] }>();
    for (const line of lines) {
      const key = line.districtId ?? line.district;
      const group = groups.get(key) ?? { district: line.district, lines: [] };
      group.lines.push(line);
      groups.set(key, group);
    }
    return [...groups.entries()];
  }, [lines]);
  const amountOf = (line: BudgetLine) => {
    const value = amounts?.[line.id];
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : line.amountCents;
  };
  return (
    <section className="budget-amounts" aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{t("amendment-editor.budget.amountsTitle")}</h3>
      <p className="field__hint">{t("amendment-editor.budget.amountsHint")}</p>
      {/* Focusable so a keyboard can scroll a table wider than a phone. */}
      <div className="table-wrap" role="region" tabIndex={0} aria-labelledby={`${ids}-title`}>
        <table className="data budget-amounts__table">
          <thead>
            <tr>
              <th scope="col">{t("amendment-editor.budget.code")}</th>
              <th scope="col">{t("amendment-editor.budget.line")}</th>
              <th scope="col" className="num">{t("amendment-editor.budget.old")}</th>
              <th scope="col" className="num">{t("amendment-editor.budget.new")}</th>
            </tr>
          </thead>
          {districts.map(([key, { district, lines: group }], d) => (
            <tbody key={key}>
              <tr className="budget-amounts__district">
                <th scope="colgroup" colSpan={4}>{district}</th>
              </tr>
              {group.map((line, i) => (
                <tr key={line.id}>
                  <td>{line.code}</td>
                  <th scope="row">{line.text || line.programme}</th>
                  <td className="num">{formatMoney(locale, line.amountCents)}</td>
                  <td className="num">
                    <AmountInput line={line} cents={amountOf(line)} map={map} readOnly={readOnly} errorId={`${ids}-err-${d}-${i}`} />
                  </td>
                </tr>
              ))}
              <tr className="budget-amounts__total">
                <th scope="row" colSpan={2}>{t("amendment-editor.budget.districtTotal", { district })}</th>
                <td className="num">{formatMoney(locale, group.reduce((n, l) => n + l.amountCents, 0))}</td>
                <td className="num">{formatMoney(locale, group.reduce((n, l) => n + amountOf(l), 0))}</td>
              </tr>
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}
