import type { NAMESPACES } from "./catalog";

export type Namespace = (typeof NAMESPACES)[number];

/** What every page may show: header, footer, error pages, process cards and documents. */
const PUBLIC: Namespace[] = ["common", "errors", "process", "document", "annotation", "debate"];
const ACCOUNTS: Namespace[] = ["auth", "account", "organizations"];
const STAFF: Namespace[] = ["admin", "processAdmin", "editor", ...ACCOUNTS];

/**
 * The translation namespaces a page needs, by its path. Pages receive only these (a reader's
 * page does not carry the staff area's strings); the root loader revalidates when a
 * navigation crosses into a section that needs other ones.
 */
export function namespacesForPath(pathname: string): Namespace[] {
  const path = pathname.endsWith(".data") ? pathname.slice(0, -".data".length) : pathname;
  if (path === "/admin" || path.startsWith("/admin/")) return [...PUBLIC, ...STAFF, "submissions"];
  if (/^\/(login|signup|logout|forgot-password|reset-password|account)(\/|$)/.test(path)) return [...PUBLIC, ...ACCOUNTS];
  // Amendment pages and clause pages show tracked changes (and, for co-authors, the live editor).
  if (/^\/processes\/[^/]+\/(amendments|clauses)(\/|$)/.test(path)) return [...PUBLIC, "amendment-editor", "amendments", "submissions"];
  // The register, the filing form, receipts and the public verification page.
  if (/^\/processes\/[^/]+\/submissions(\/|$)/.test(path) || /^\/submissions\//.test(path)) return [...PUBLIC, "submissions"];
  if (/^\/organizations\/[^/]+\/?$/.test(path)) return [...PUBLIC, "organizations", "submissions", "amendments", "amendment-editor"];
  if (/^\/amendments\/join\//.test(path)) return [...PUBLIC, "amendments"];
  if (/^\/me\/participation\/?$/.test(path)) return [...PUBLIC, "amendments", "participation"];
  return PUBLIC;
}
