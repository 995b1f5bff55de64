import { renderToStaticMarkup } from "react-dom/server";
import type { AppContext } from "../../server/context";
import type { Locale } from "../../server/i18n/locales";
import { messagesFor } from "../../server/i18n/translate";
import { can } from "../../server/policies/can";
import { SqliteCollabStore } from "../../db/collab-store";
import { budgetParticipation } from "../../server/services/documents/budget-participation";
import { summarizeBudget, type BudgetSummary } from "../../server/services/documents/budget-summary";
import { listVersions, loadVersion, type LoadedVersion } from "../../server/services/documents/versions";
import { isPhaseOpen, phaseStatus } from "../../server/services/phases";
import { findVisibleProcess, type ProcessSummary } from "../../server/services/processes";
import { documentTitle } from "../../collab/schema/clauses";
import { BudgetView, type BudgetLinks } from "../components/document/BudgetView";
import { DocumentBody, TableOfContents } from "../components/document/DocumentBody";
import { I18nProvider } from "../i18n/i18n";
import { withReadingHtml } from "./reading-html";

/**
 * Server side of the reading view. A published version never changes, so its rendered HTML
 * (table of contents + text) is produced once per version and locale by plain React components
 * and kept in a small cache; each request then only serializes a string (a budget's tables, a
 * few dozen rows, are rendered per request with the viewer's counts). The editor and ProseMirror never reach the reader's browser.
 */

const HTML_CACHE_LIMIT = 48;
const htmlCache = new Map<string, { toc: string; body: string }>();

/**
 * Renders (or takes from the cache) the table of contents and text of a version. A budget's
 * tables are rendered on every call after the cached text: with `links`, each line carries the
 * viewer's own counts and links (see BudgetView), which no cache shared between viewers may hold.
 */
export function renderVersionHtml(version: LoadedVersion, locale: Locale, links: BudgetLinks | null = null): { toc: string; body: string } {
  const key = `${version.id}:${version.contentHash}:${locale}`;
  const messages = messagesFor(locale);
  const wrap = (node: JSX.Element) =>
    renderToStaticMarkup(
      <I18nProvider locale={locale} messages={messages}>
        {node}
      </I18nProvider>,
    );
  let cached = htmlCache.get(key);
  if (!cached) {
    cached = { toc: wrap(<TableOfContents tree={version.tree} />), body: wrap(<DocumentBody tree={version.tree} />) };
    htmlCache.set(key, cached);
    if (htmlCache.size > HTML_CACHE_LIMIT) {
      const oldest = htmlCache.keys().next().value;
      if (oldest !== undefined) htmlCache.delete(oldest);
    }
  }
  const budget = summarizeBudget(version.tree);
  if (!budget) return cached;
  return { toc: cached.toc, body: cached.body + wrap(<BudgetView budget={budget} links={links} />) };
}

/**
 * The links and counts beside the lines of a version's budget for the viewer (null when the
 * document has no budget). Counted once per page: see budgetParticipation.
 */
export function budgetLinksFor(app: AppContext, process: ProcessSummary, version: LoadedVersion): BudgetLinks | null {
  const budget = summarizeBudget(version.tree);
  if (!budget) return null;
  const participation = budgetParticipation(app.db, app.user, new SqliteCollabStore(app.db, app.now), process, budget, version.number, app.now());
  return { slug: process.slug, ...participation };
}

/** A version as the switcher lists it (dates as ISO strings). */
export interface VersionItem {
  number: number;
  publishedAt: string;
  changelog: string;
}

/** Process data every reading page shows. */
export function processHeader(process: ProcessSummary, at: Date) {
  return {
    slug: process.slug,
    kind: process.kind,
    title: process.title,
    summary: process.summary,
    department: process.department,
    latestVersion: process.latestVersion,
    currentPhase: process.currentPhase?.kind ?? null,
    phases: process.phases.map((p) => ({
      kind: p.kind,
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
      status: phaseStatus(p, at),
    })),
  };
}

/** The budget check shown to staff only: whether the lines add up, per district and overall. */
export interface BudgetCheck {
  balanced: boolean;
  currency: string;
  declaredCents: number;
  linesCents: number;
  districts: Array<{ name: string; declaredCents: number; linesCents: number; balanced: boolean }>;
}

function budgetCheck(summary: BudgetSummary | null): BudgetCheck | null {
  if (!summary) return null;
  return {
    balanced: summary.balanced,
    currency: summary.currency,
    declaredCents: summary.declaredCents,
    linesCents: summary.linesCents,
    districts: summary.districts.map((d) => ({ name: d.name, declaredCents: d.declaredCents, linesCents: d.linesCents, balanced: d.balanced })),
  };
}

/**
 * Everything a reading page needs for one process and version (the latest when `number` is
 * null). Throws 404 when the process is hidden from the viewer or the version does not exist.
 */
export function loadReading(app: AppContext, slug: string, number: number | null) {
  const at = app.now();
  const process = findVisibleProcess(app.db, app.user, slug, at);
  if (!process) throw new Response("Not Found", { status: 404 });
  const versions = listVersions(app.db, process.id);
  const wanted = number ?? versions[0]?.number ?? null;
  const version = wanted === null ? null : loadVersion(app.db, process.id, wanted);
  if (number !== null && !version) throw new Response("Not Found", { status: 404 });
  const html = version ? renderVersionHtml(version, app.locale, budgetLinksFor(app, process, version)) : { toc: "", body: "" };
  const data = {
    process: processHeader(process, at),
    versions: versions.map((v) => ({ number: v.number, publishedAt: v.publishedAt.toISOString(), changelog: v.changelog })),
    version: version
      ? {
          number: version.number,
          publishedAt: version.publishedAt.toISOString(),
          changelog: version.changelog,
          contentHash: version.contentHash,
          title: documentTitle(version.doc),
          latest: version.number === versions[0]?.number,
        }
      : null,
    // Whether the page offers annotating: the server decides (phase by server time, latest
    // version, policy); the API checks all of it again on every POST.
    annotating: {
      open: version !== null && version.number === versions[0]?.number && isPhaseOpen(process.phases, "annotation", at),
      allowed: can(app.user, "annotation.create", null),
      signedIn: app.user !== null,
    },
    budgetCheck: version && can(app.user, "process.edit", null) ? budgetCheck(summarizeBudget(version.tree)) : null,
  };
  return withReadingHtml(data, html);
}

/** The data type of reading pages. */
export type ReadingData = ReturnType<typeof loadReading>;
