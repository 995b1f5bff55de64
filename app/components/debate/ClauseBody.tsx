import type { Clause } from "../../../collab/schema/clauses";
import { formatMoney } from "../../../server/i18n/format";
import { useI18n } from "../../i18n/i18n";
import { Article, ClauseText, List, Table } from "../document/DocumentBody";

/**
 * The text of one clause as its debate page shows it, rendered with the reading page's own
 * components so an article looks the same in both places: an article with its paragraphs, lists
 * and tables; a paragraph or item with its words; a budget line with its code, programme,
 * description and amount; a district with its lines. Containers (chapters, sections) list what
 * they hold, each linked to its own debate.
 */
export function ClauseBody({ clause, currency, debateHref }: { clause: Clause; currency: string; debateHref: (clauseId: string) => string }) {
  const { t, locale } = useI18n();
  const money = (cents: number) => formatMoney(locale, cents, currency);
  switch (clause.kind) {
    case "article":
      return <Article clause={clause} level={3} />;
    case "paragraph":
    case "list_item":
      return (
        <p id={clause.anchor}>
          <ClauseText runs={clause.runs} />
        </p>
      );
    case "list":
      return <List clause={clause} />;
    case "table":
      return <Table clause={clause} />;
    case "budget_line":
      return (
        <dl className="clause-facts" id={clause.anchor}>
          <div>
            <dt>{t("document.budget.code")}</dt>
            <dd>{clause.code ?? clause.number}</dd>
          </div>
          <div>
            <dt>{t("document.budget.programme")}</dt>
            <dd>{clause.programme || clause.heading}</dd>
          </div>
          <div>
            <dt>{t("document.budget.description")}</dt>
            <dd>
              <ClauseText runs={clause.runs} />
            </dd>
          </div>
          <div>
            <dt>{t("document.budget.amount")}</dt>
            <dd className="clause-facts__amount">{money(clause.amountCents ?? 0)}</dd>
          </div>
        </dl>
      );
    case "budget_district":
    case "budget":
      return (
        <>
          <p className="clause-facts__amount">
            {t("document.budget.total")} {money(clause.totalCents ?? 0)}
          </p>
          <ContainedClauses clause={clause} debateHref={debateHref} money={money} />
        </>
      );
    default:
      return <ContainedClauses clause={clause} debateHref={debateHref} money={money} />;
  }
}

/** What a chapter, section, district or budget holds, each linked to its own debate. */
function ContainedClauses({ clause, debateHref, money }: { clause: Clause; debateHref: (clauseId: string) => string; money: (cents: number) => string }) {
  if (clause.children.length === 0) return null;
  return (
    <ul className="clause-children">
      {clause.children.map((child) => (
        <li key={child.id}>
          <a href={debateHref(child.id)}>{[child.label, child.heading].filter(Boolean).join(". ") || child.id}</a>
          {child.kind === "budget_line" ? ` · ${child.text} · ${money(child.amountCents ?? 0)}` : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * A clause's words without ids or permalinks, for pages that show several versions of it at
 * once (the history): its label and heading, then each paragraph, item and line inside it.
 */
export function PlainClause({ clause, currency }: { clause: Clause; currency: string }) {
  const { locale } = useI18n();
  const lines: JSX.Element[] = [];
  const walk = (node: Clause, depth: number) => {
    if (node.kind === "paragraph" || node.kind === "list_item" || node.kind === "table") {
      const number = node.kind === "list_item" ? `${node.number} ` : node.kind === "paragraph" && !node.preamble && depth > 0 ? `${node.number.split(".").pop()}. ` : "";
      lines.push(
        <p key={node.id} className={node.kind === "list_item" ? "dc__text--item" : undefined}>
          {number}
          {node.text}
        </p>,
      );
    } else if (node.kind === "budget_line") {
      lines.push(
        <p key={node.id}>
          {[node.code ?? node.number, node.programme, node.text, formatMoney(locale, node.amountCents ?? 0, currency)].filter(Boolean).join(" · ")}
        </p>,
      );
    } else if (depth > 0 && (node.label || node.heading)) {
      lines.push(
        <p key={node.id}>
          <strong>{[node.label, node.heading].filter(Boolean).join(". ")}</strong>
        </p>,
      );
    }
    node.children.forEach((child) => walk(child, depth + 1));
  };
  walk(clause, 0);
  return (
    <>
      {clause.label || clause.heading ? (
        <p>
          <strong>{[clause.label, clause.heading].filter(Boolean).join(". ")}</strong>
        </p>
      ) : null}
      {lines}
    </>
  );
}
