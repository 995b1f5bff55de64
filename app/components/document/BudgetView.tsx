import { formatMoney } from "../../../server/i18n/format";
import type { BudgetSummary } from "../../../server/services/documents/budget-summary";
import type { BudgetParticipation } from "../../../server/services/documents/budget-participation";
import { useI18n } from "../../i18n/i18n";

/** Where a budget's lines link to, with the viewer's counts (absent: the lines show no links). */
export interface BudgetLinks extends BudgetParticipation {
  slug: string;
}

/**
 * The links under a budget line: its debate and its amendments with their counts, and while the
 * amendments phase is open, "propose a change" (the proposal form on the line's own page). Plain
 * links, so they work before any script runs and by keyboard; the line's code is in each
 * link's accessible name, as a links list read out of the table must still say which line.
 */
function LineLinks({ links, line }: { links: BudgetLinks; line: { id: string; code: string } }) {
  const t = useI18n().t;
  const counts = links.lines[line.id] ?? { comments: 0, amendments: 0 };
  const page = `/processes/${links.slug}/clauses/${encodeURIComponent(line.id)}`;
  const which = <span className="visually-hidden"> · {line.code}</span>;
  return (
    <ul className="budget__links">
      <li>
        <a href={page} data-count={counts.comments} className="budget__link budget__link--debate">
          {t("document.budget.debateLink", { count: counts.comments })}
          {which}
        </a>
      </li>
      <li>
        <a href={`${page}#amendments-heading`} data-count={counts.amendments} className="budget__link budget__link--amendments">
          {t("document.budget.amendmentsLink", { count: counts.amendments })}
          {which}
        </a>
      </li>
      {links.proposeOpen ? (
        <li>
          <a href={`${page}#propose-amendment-card`} className="budget__link budget__link--propose">
            {t("document.budget.proposeLink")}
            {which}
          </a>
        </li>
      ) : null}
    </ul>
  );
}

/**
 * A budget as residents read it: one accessible table of lines per district with the district
 * total, the overall total, and a bar chart of the districts drawn as server-rendered SVG with
 * the amounts written next to the bars (the chart never relies on colour or on hovering). With
 * `links`, each line links to its debate and amendments (see LineLinks).
 */
export function BudgetView({ budget, links = null }: { budget: BudgetSummary; links?: BudgetLinks | null }) {
  const { t, locale } = useI18n();
  const money = (cents: number) => formatMoney(locale, cents, budget.currency);
  return (
    <div className="budget" id={`ppto-${budget.id}`}>
      <BudgetChart budget={budget} />
      {budget.districts.map((d) => (
        <section key={d.id} className="budget__district" id={d.anchor} aria-labelledby={`${d.anchor}-h`}>
          <h2 id={`${d.anchor}-h`}>
            {d.name}{" "}
            <a className="pl" href={`#${d.anchor}`} aria-label={t("document.permalink", { label: d.name })}>
              ¶
            </a>
          </h2>
          <div className="table-wrap">
            <table className="data budget__table">
              <caption className="visually-hidden">{t("document.budget.caption", { district: d.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("document.budget.code")}</th>
                  <th scope="col">{t("document.budget.programme")}</th>
                  <th scope="col">{t("document.budget.description")}</th>
                  <th scope="col" className="num">
                    {t("document.budget.amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.lines.map((line) => (
                  <tr key={line.id} id={line.anchor}>
                    <th scope="row" className="budget__code">
                      {line.code}{" "}
                      <a className="pl" href={`#${line.anchor}`} aria-label={t("document.permalink", { label: line.code })}>
                        ¶
                      </a>
                    </th>
                    <td className="budget__programme">{line.programme}</td>
                    <td className="budget__desc">
                      {line.description}
                      {links ? <LineLinks links={links} line={line} /> : null}
                    </td>
                    <td className="num">{money(line.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    {t("document.budget.districtTotal", { district: d.name })}
                  </th>
                  <td className="num">{money(d.linesCents)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      ))}
      <p className="budget__total">
        <span>{t("document.budget.total")}</span> <strong>{money(budget.linesCents)}</strong>
      </p>
    </div>
  );
}

/** Horizontal bars, one per district, with the amount and share written as text. */
export function BudgetChart({ budget }: { budget: BudgetSummary }) {
  const { t, locale } = useI18n();
  const max = Math.max(1, ...budget.districts.map((d) => d.linesCents));
  const total = Math.max(1, budget.linesCents);
  const rowHeight = 44;
  const height = budget.districts.length * rowHeight + 8;
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  return (
    <figure className="budget-chart">
      <figcaption id="budget-chart-caption">{t("document.budget.chartTitle")}</figcaption>
      <svg role="img" aria-labelledby="budget-chart-caption" viewBox={`0 0 600 ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        {budget.districts.map((d, i) => {
          const y = i * rowHeight + 4;
          const width = Math.max(2, Math.round((d.linesCents / max) * 270));
          return (
            <g key={d.id}>
              <text x="0" y={y + 26} className="budget-chart__name">
                {d.name}
              </text>
              <rect x="130" y={y + 8} width={width} height="26" rx="3" className="budget-chart__bar" />
              <text x={136 + width} y={y + 26} className="budget-chart__value">
                {formatMoney(locale, d.linesCents, budget.currency)} ({percent.format(d.linesCents / total)})
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
