import { Link } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import { formatDate, formatMoney } from "../../../server/i18n/format";
import { useI18n } from "../../i18n/i18n";
import { readingHtmlOf, type ReadingHtml } from "../../utils/reading-html";
import type { ReadingData, VersionItem } from "../../utils/reading.server";
import { StaticHtml } from "./StaticHtml";
import { PhaseBadge } from "../PhaseBadge";
import { PhaseTimeline } from "../PhaseTimeline";

/** The versions of a document with dates and changelogs, and a form to compare two of them. */
export function VersionSwitcher({ slug, versions, current }: { slug: string; versions: VersionItem[]; current: number }) {
  const { t, locale } = useI18n();
  const older = versions.find((v) => v.number < current)?.number ?? versions[versions.length - 1]?.number ?? current;
  return (
    <details className="versions">
      <summary>{t("document.versions.title", { count: versions.length })}</summary>
      <ol className="versions__list" reversed>
        {versions.map((v) => (
          <li key={v.number} aria-current={v.number === current ? "page" : undefined}>
            <Link to={`/processes/${slug}/v/${v.number}`} className="versions__link">
              {t("document.version", { number: v.number })}
            </Link>{" "}
            <span className="muted">{formatDate(locale, new Date(v.publishedAt))}</span>
            {v.number === current ? <span className="badge">{t("document.versions.current")}</span> : null}
            {v.changelog ? <p className="versions__changelog">{v.changelog}</p> : null}
          </li>
        ))}
      </ol>
      {versions.length > 1 ? (
        <form method="get" action={`/processes/${slug}/compare`} className="versions__compare">
          <div className="field">
            <label htmlFor="compare-a">{t("document.compare.from")}</label>
            <select id="compare-a" name="a" defaultValue={String(older)}>
              {versions.map((v) => (
                <option key={v.number} value={v.number}>
                  {t("document.version", { number: v.number })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="compare-b">{t("document.compare.to")}</label>
            <select id="compare-b" name="b" defaultValue={String(current === older ? (versions[0]?.number ?? current) : current)}>
              {versions.map((v) => (
                <option key={v.number} value={v.number}>
                  {t("document.version", { number: v.number })}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--quiet">
            {t("document.compare.submit")}
          </button>
        </form>
      ) : null}
    </details>
  );
}

function BudgetCheckNotice({ check }: { check: NonNullable<ReadingData["budgetCheck"]> }) {
  const { t, locale } = useI18n();
  const money = (cents: number) => formatMoney(locale, cents, check.currency);
  return (
    <div className={`notice budget-check ${check.balanced ? "budget-check--ok" : "budget-check--bad"}`} role="status">
      <p>
        <strong>{check.balanced ? t("document.budgetCheck.ok") : t("document.budgetCheck.bad")}</strong>{" "}
        {t("document.budgetCheck.totals", { declared: money(check.declaredCents), lines: money(check.linesCents) })}
      </p>
      {check.balanced ? null : (
        <ul>
          {check.districts
            .filter((d) => !d.balanced)
            .map((d) => (
              <li key={d.name}>{t("document.budgetCheck.district", { district: d.name, declared: money(d.declaredCents), lines: money(d.linesCents) })}</li>
            ))}
        </ul>
      )}
    </div>
  );
}

// The annotation layer is its own chunk, fetched after hydration: readers' first load stays light.
const AnnotationLayer = lazy(() => import("../annotations/AnnotationLayer"));

/**
 * How to annotate (server-rendered, so the login link works before any script runs) and, once
 * hydrated, the lazily loaded annotation layer working on the document HTML.
 */
function Annotations({ slug, version, latest, annotating }: { slug: string; version: number; latest: boolean; annotating: ReadingData["annotating"] }) {
  const t = useI18n().t;
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const loginHref = `/login?redirectTo=${encodeURIComponent(`/processes/${slug}`)}`;
  return (
    <>
      {annotating.open ? (
        <p className="anno-hint">
          {annotating.allowed ? t("annotation.hint") : annotating.signedIn ? t("annotation.notAllowed") : <Link to={loginHref}>{t("annotation.loginToComment")}</Link>}
        </p>
      ) : null}
      {hydrated ? (
        <Suspense fallback={null}>
          <AnnotationLayer slug={slug} version={version} latest={latest} open={annotating.open} allowed={annotating.allowed} signedIn={annotating.signedIn} loginHref={loginHref} />
        </Suspense>
      ) : null}
    </>
  );
}

/**
 * A reading page: process header, optionally the phase timeline, the version bar (number,
 * date, changelog, other versions, downloads) and the document with its table of contents.
 */
export function ReadingPage({ data, showTimeline, extra }: { data: ReadingData & { html?: ReadingHtml }; showTimeline: boolean; extra?: ReactNode }) {
  const { t, locale } = useI18n();
  const { process, version } = data;
  const html = readingHtmlOf(data);
  return (
    <div className="page reading">
      <header className="process-header">
        <p className="process-header__meta">
          <span className="badge">{t(`process.kind.${process.kind}`)}</span>
          <PhaseBadge kind={process.currentPhase} />
        </p>
        <h1>{process.title}</h1>
        <p className="lead">{process.summary}</p>
        <p className="muted">{t("process.department", { department: process.department })}</p>
      </header>
      {showTimeline ? (
        <section aria-labelledby="timeline-heading" className="reading__timeline">
          <h2 id="timeline-heading">{t("process.timeline.title")}</h2>
          <PhaseTimeline phases={process.phases} current={process.currentPhase} />
        </section>
      ) : (
        <p className="reading__back">
          <Link to={`/processes/${process.slug}`}>{t("document.backToProcess")}</Link>
        </p>
      )}
      {extra}
      {version ? (
        <>
          <div className="version-bar">
            <p className="version-bar__id">
              <strong>{t("document.version", { number: version.number })}</strong>{" "}
              <span>{t("document.publishedOn", { date: formatDate(locale, new Date(version.publishedAt)) })}</span>
              {version.latest ? null : (
                <>
                  {" · "}
                  <strong className="version-bar__old">{t("document.notLatest")}</strong>{" "}
                  <Link to={`/processes/${process.slug}`}>{t("document.readLatest")}</Link>
                </>
              )}
            </p>
            {version.changelog ? <p className="version-bar__changelog">{version.changelog}</p> : null}
            <p className="version-bar__downloads">
              <a href={`/processes/${process.slug}/v/${version.number}/markdown`} download>
                {t("document.download.markdown")}
              </a>
              <a href={`/processes/${process.slug}/v/${version.number}/docx`} download>
                {t("document.download.docx")}
              </a>
              <a href={`/api/v1/processes/${process.slug}/versions/${version.number}/akn`}>{t("document.download.akn")}</a>
              <a href={`/api/v1/processes/${process.slug}/versions/${version.number}`}>{t("document.download.json")}</a>
            </p>
            <VersionSwitcher slug={process.slug} versions={data.versions} current={version.number} />
          </div>
          {data.budgetCheck ? <BudgetCheckNotice check={data.budgetCheck} /> : null}
          <div className="reading__layout" key={`${process.slug}:${version.number}`}>
            <StaticHtml as="aside" id="reading-toc" className="reading__toc" html={html?.toc ?? null} />
            <div className="reading__doc">
              <h2 className="doc-title">{version.title}</h2>
              <Annotations slug={process.slug} version={version.number} latest={version.latest} annotating={data.annotating} />
              <StaticHtml id="reading-doc" className="doc" html={html?.body ?? null} />
              <div id="anno-after" />
              <p className="doc-hash muted">
                {t("document.contentHash")} <code>{version.contentHash}</code>
              </p>
            </div>
          </div>
        </>
      ) : (
        <p className="notice">{t("document.noVersion")}</p>
      )}
    </div>
  );
}
