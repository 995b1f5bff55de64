import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../../server/i18n/format";
import { DiffEntry } from "../components/document/DiffView";
import { useI18n } from "../i18n/i18n";
import { mergesBetween } from "../../server/services/documents/clause-history";
import { diffView } from "../utils/diff-view.server";
import { lookupVersion } from "../utils/versions-api.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.process.title} (v${data.from.number} → v${data.to.number}) · Redacta` : "Redacta" },
];

/**
 * The comparison of two versions: summary counts, then the changed clauses as a redline
 * (default) or side by side (`?view=side`); `?all=1` also lists unchanged clauses. Plain links
 * switch between them, so the page works without JavaScript.
 */
export function loader({ params, request, context }: LoaderFunctionArgs) {
  const from = lookupVersion(context.app, params.slug, params.a);
  const to = lookupVersion(context.app, params.slug, params.b);
  if (!from.ok || !to.ok) throw new Response("Not Found", { status: 404 });
  const url = new URL(request.url);
  const mode = url.searchParams.get("view") === "side" ? "side" : "redline";
  const all = url.searchParams.get("all") === "1";
  const view = diffView(from.version.tree, to.version.tree, all);
  const budget = to.version.tree.find((c) => c.kind === "budget");
  return {
    process: { slug: from.process.slug, title: from.process.title },
    from: { number: from.version.number, publishedAt: from.version.publishedAt.toISOString() },
    to: { number: to.version.number, publishedAt: to.version.publishedAt.toISOString() },
    mode,
    all,
    currency: budget?.currency ?? "EUR",
    // Removed clauses whose text went into another in these versions say where it went.
    mergedInto: Object.fromEntries(mergesBetween(context.app.db, from.process.id, from.version.number, to.version.number)),
    ...view,
  } as const;
}

export default function DiffPage() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const base = `/processes/${data.process.slug}/v/${data.from.number}/diff/${data.to.number}`;
  const query = (mode: string, all: boolean) => `${base}?view=${mode}${all ? "&all=1" : ""}`;
  const s = data.summary;
  const counts: Array<[string, number]> = [
    ["modified", s.modified],
    ["added", s.added],
    ["removed", s.removed],
    ["moved", s.moved],
    ["renumbered", s.renumbered],
  ];
  return (
    <div className="page diff-page">
      <p className="reading__back">
        <Link to={`/processes/${data.process.slug}`}>{t("document.backToProcess")}</Link>
      </p>
      <header className="process-header">
        <h1>{t("document.diff.title", { from: data.from.number, to: data.to.number })}</h1>
        <p className="lead">{data.process.title}</p>
        <p className="muted">
          <Link to={`/processes/${data.process.slug}/v/${data.from.number}`}>{t("document.version", { number: data.from.number })}</Link> (
          {formatDate(locale, new Date(data.from.publishedAt))}) →{" "}
          <Link to={`/processes/${data.process.slug}/v/${data.to.number}`}>{t("document.version", { number: data.to.number })}</Link> (
          {formatDate(locale, new Date(data.to.publishedAt))})
        </p>
      </header>
      <section aria-labelledby="diff-summary-h" className="diff-summary">
        <h2 id="diff-summary-h" className="visually-hidden">
          {t("document.diff.summary")}
        </h2>
        <ul className="diff-summary__list">
          {counts.map(([key, n]) => (
            <li key={key} className={`diff-summary__item diff-summary__item--${key}`}>
              <strong>{n}</strong> {t(`document.diff.count.${key}`, { count: n })}
            </li>
          ))}
        </ul>
      </section>
      <nav className="diff-controls" aria-label={t("document.diff.controls")}>
        <p className="diff-controls__group">
          <span>{t("document.diff.view")}</span>{" "}
          <Link to={query("redline", data.all)} aria-current={data.mode === "redline" ? "page" : undefined} className="diff-toggle">
            {t("document.diff.redline")}
          </Link>
          <Link to={query("side", data.all)} aria-current={data.mode === "side" ? "page" : undefined} className="diff-toggle">
            {t("document.diff.side")}
          </Link>
        </p>
        <p className="diff-controls__group">
          <Link to={query(data.mode, !data.all)} className="diff-toggle diff-toggle--plain">
            {data.all ? t("document.diff.onlyChanges") : t("document.diff.showAll")}
          </Link>
        </p>
      </nav>
      <p className="diff-legend muted">
        {t("document.diff.legend")} <ins>{t("document.diff.legendInserted")}</ins> <del>{t("document.diff.legendDeleted")}</del>
      </p>
      {data.entries.length === 0 ? (
        <p className="notice">{t("document.diff.none")}</p>
      ) : (
        <div className={`diff-list diff-list--${data.mode}`}>
          {data.entries.map((entry) => (
            <DiffEntry
              key={`${entry.id}-${entry.status}`}
              entry={entry}
              mode={data.mode}
              linkTo={`/processes/${data.process.slug}/v/${data.to.number}`}
              currency={data.currency}
              mergedInto={entry.status === "removed" ? { slug: data.process.slug, merged: data.mergedInto[entry.id] ?? null } : null}
            />
          ))}
        </div>
      )}
    </div>
  );
}
