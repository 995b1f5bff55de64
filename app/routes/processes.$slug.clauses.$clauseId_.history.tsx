import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../../server/i18n/format";
import { clauseHistory } from "../../server/services/documents/clause-history";
import { parseVersionNumber } from "../../server/services/documents/versions";
import { PlainClause } from "../components/debate/ClauseBody";
import { MergedIntoSentence } from "../components/debate/MergedInto";
import { DiffEntry } from "../components/document/DiffView";
import { useI18n } from "../i18n/i18n";
import { budgetClauseOf } from "../utils/amendment-pages.server";
import { diffView } from "../utils/diff-view.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.title} · ${d.process.title} · Redacta` : "Redacta" }];

/**
 * One clause across every published version: what happened to it in each (introduced, changed,
 * unchanged, removed), its text in each, and the word diff between any two versions chosen
 * with `?from=&to=` (a plain GET form, so it works without JavaScript). By default the diff
 * compares the version in force with the one before it.
 */
export function loader({ params, request, context }: LoaderFunctionArgs) {
  const { db, now, user } = context.app;
  const history = runService(() => clauseHistory(db, user, params.slug ?? "", params.clauseId ?? "", now()));
  const url = new URL(request.url);
  const numbers = history.entries.map((e) => e.number);
  const pick = (name: string, fallback: number) => {
    const n = parseVersionNumber(url.searchParams.get(name) ?? undefined);
    return n !== null && numbers.includes(n) ? n : fallback;
  };
  const inForce = history.version.number;
  const to = pick("to", inForce);
  const from = pick("from", Math.max(1, Math.min(to - 1, inForce - 1)));
  const clauseAt = (n: number) => history.entries.find((e) => e.number === n)?.clause ?? null;
  const a = clauseAt(from);
  const b = clauseAt(to);
  const { entries: diff } = diffView(a ? [a] : [], b ? [b] : [], false);
  const c = history.clause;
  return {
    process: { slug: history.process.slug, title: history.process.title },
    clause: { id: c.id, anchor: c.anchor },
    title: [c.label, c.heading].filter(Boolean).join(". ") || c.id,
    inForce,
    introducedIn: history.introducedIn,
    removedIn: history.removedIn,
    mergedInto: history.mergedInto,
    currency: budgetClauseOf(history.version.tree)?.currency ?? "EUR",
    entries: history.entries.map((e) => ({ number: e.number, publishedAt: e.publishedAt.toISOString(), status: e.status, clause: e.clause, mergedInto: e.mergedInto })),
    from,
    to,
    diff,
  };
}

export default function ClauseHistoryPage() {
  const d = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const debate = `/processes/${d.process.slug}/clauses/${encodeURIComponent(d.clause.id)}`;
  return (
    <div className="page clause-history">
      <p>
        <Link to={debate}>{t("debate.history.back")}</Link>
      </p>
      <p className="muted">{d.process.title}</p>
      <h1>{t("debate.history.title", { label: d.title })}</h1>
      <p>
        {t("debate.history.introducedIn", { version: d.introducedIn })}
        {d.removedIn !== null && d.mergedInto ? (
          <>
            {" "}
            <MergedIntoSentence slug={d.process.slug} merged={d.mergedInto} messageKey="debate.history.mergedInto" />
          </>
        ) : null}
        {d.removedIn !== null && !d.mergedInto ? ` ${t("debate.history.removedIn", { version: d.removedIn })}` : null}
      </p>

      <section aria-labelledby="history-versions-heading">
        <h2 id="history-versions-heading">{t("debate.history.versions")}</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("debate.history.version")}</th>
                <th scope="col">{t("debate.history.published")}</th>
                <th scope="col">{t("debate.history.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.entries.map((e) => (
                <tr key={e.number}>
                  <th scope="row">
                    {e.clause ? (
                      <Link to={`/processes/${d.process.slug}/v/${e.number}#${d.clause.anchor}`}>{t("document.version", { number: e.number })}</Link>
                    ) : (
                      t("document.version", { number: e.number })
                    )}
                  </th>
                  <td>
                    <time dateTime={e.publishedAt}>{formatDate(locale, new Date(e.publishedAt))}</time>
                  </td>
                  <td>{e.mergedInto ? <MergedIntoSentence slug={d.process.slug} merged={e.mergedInto} messageKey="debate.history.statusName.merged" /> : t(`debate.history.statusName.${e.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="history-compare-heading">
        <h2 id="history-compare-heading">{t("debate.history.compare")}</h2>
        <Form method="get" className="clause-history__pick">
          <label>
            {t("debate.history.from")}{" "}
            <select name="from" defaultValue={String(d.from)}>
              {d.entries.map((e) => (
                <option key={e.number} value={e.number}>
                  {t("document.version", { number: e.number })}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("debate.history.to")}{" "}
            <select name="to" defaultValue={String(d.to)}>
              {d.entries.map((e) => (
                <option key={e.number} value={e.number}>
                  {t("document.version", { number: e.number })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            {t("debate.history.compareSubmit")}
          </button>
        </Form>
        <p className="muted" role="status">
          {t("debate.history.comparing", { from: d.from, to: d.to })}
        </p>
        {d.diff.length === 0 ? <p>{t("debate.history.noChange")}</p> : null}
        <div className="diff-list">
          {d.diff.map((entry) => (
            <DiffEntry key={entry.id} entry={entry} mode="redline" linkTo={null} currency={d.currency} />
          ))}
        </div>
      </section>

      <section aria-labelledby="history-texts-heading">
        <h2 id="history-texts-heading">{t("debate.history.texts")}</h2>
        {d.entries.map((e) => (
          <details key={e.number} className="clause-history__text" open={e.number === d.inForce}>
            <summary>
              {t("document.version", { number: e.number })} · {e.mergedInto ? t("debate.history.statusName.merged", { target: e.mergedInto.label }) : t(`debate.history.statusName.${e.status}`)}
            </summary>
            {e.clause ? (
              <div className="debate__clause-text doc-text">
                <PlainClause clause={e.clause} currency={d.currency} />
              </div>
            ) : (
              <p className="muted">{t("debate.history.absent")}</p>
            )}
          </details>
        ))}
      </section>
    </div>
  );
}
