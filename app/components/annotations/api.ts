/**
 * The browser side of the annotations API (`/api/v1/processes/{slug}/annotations`): reading a
 * version's W3C AnnotationCollection page by page and posting one annotation with the session
 * cookie and the CSRF token.
 */

/** One annotation as the reading page shows it. */
export interface ShownAnnotation {
  id: string;
  author: string;
  created: string;
  body: string | null;
  hiddenReason: string | null;
  madeOnVersion: number;
  carryStatus: "made_here" | "carried" | "moved" | "orphaned";
  originalQuote: string;
  clauseId: string | null;
  exact: string | null;
  /** Code point offsets in the clause text; null for orphans. */
  start: number | null;
  end: number | null;
}

interface W3cItem {
  id: string;
  created: string;
  creator?: { name?: string };
  body?: { value?: string };
  target: { "redacta:clauseId"?: string; selector?: Array<{ type: string; exact?: string; start?: number; end?: number }> };
  "redacta:madeOnVersion": number;
  "redacta:carryStatus": ShownAnnotation["carryStatus"];
  "redacta:originalQuote": string;
  "redacta:hiddenReason"?: string;
}

interface W3cPage {
  items: W3cItem[];
  next?: string;
}

function toShown(item: W3cItem): ShownAnnotation {
  const quote = item.target.selector?.find((s) => s.type === "TextQuoteSelector");
  const position = item.target.selector?.find((s) => s.type === "TextPositionSelector");
  return {
    id: item.id,
    author: item.creator?.name ?? "",
    created: item.created,
    body: item.body?.value ?? null,
    hiddenReason: item["redacta:hiddenReason"] ?? null,
    madeOnVersion: item["redacta:madeOnVersion"],
    carryStatus: item["redacta:carryStatus"],
    originalQuote: item["redacta:originalQuote"],
    clauseId: item.target["redacta:clauseId"] ?? null,
    exact: quote?.exact ?? null,
    start: typeof position?.start === "number" ? position.start : null,
    end: typeof position?.end === "number" ? position.end : null,
  };
}

/** Most pages read (100 annotations each); a bound so a huge process cannot stall the page. */
const MAX_PAGES = 50;

/** Every annotation of a version, following the collection's pages. */
export async function fetchAnnotations(slug: string, version: number): Promise<ShownAnnotation[]> {
  const first = await fetch(`/api/v1/processes/${encodeURIComponent(slug)}/annotations?version=${version}`, { headers: { Accept: "application/ld+json" } });
  if (!first.ok) throw new Error(`Annotations of version ${version}: HTTP ${first.status}`);
  const collection = (await first.json()) as { first?: W3cPage };
  const out: ShownAnnotation[] = [];
  let page: W3cPage | undefined = collection.first;
  for (let n = 0; page && n < MAX_PAGES; n++) {
    out.push(...page.items.map(toShown));
    if (!page.next) break;
    // `next` is absolute with the server's origin; only its path and query are used.
    const next = new URL(page.next);
    const response = await fetch(`${next.pathname}${next.search}`, { headers: { Accept: "application/ld+json" } });
    if (!response.ok) throw new Error(`Annotations page: HTTP ${response.status}`);
    page = (await response.json()) as W3cPage;
  }
  return out;
}

/** What to post: the clause, the code point range, its quote and the comment. */
export interface NewAnnotation {
  clauseId: string;
  start: number;
  end: number;
  exact: string;
  body: string;
}

/** The outcome of a post: created, or the API's error code (e.g. `phase_closed`, `invalid_request`). */
export type PostResult = { ok: true } | { ok: false; status: number; code: string };

/** Posts an annotation as the signed-in person (cookie + X-CSRF-Token). */
export async function postAnnotation(slug: string, version: number, csrfToken: string, input: NewAnnotation): Promise<PostResult> {
  const response = await fetch(`/api/v1/processes/${encodeURIComponent(slug)}/annotations`, {
    method: "POST",
    headers: { "Content-Type": "application/ld+json", Accept: "application/ld+json", "X-CSRF-Token": csrfToken },
    body: JSON.stringify({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      motivation: "commenting",
      body: { type: "TextualBody", value: input.body, format: "text/plain" },
      target: {
        source: `/api/v1/processes/${encodeURIComponent(slug)}/versions/${version}`,
        "redacta:clauseId": input.clauseId,
        selector: [
          { type: "TextQuoteSelector", exact: input.exact },
          { type: "TextPositionSelector", start: input.start, end: input.end },
        ],
      },
    }),
  });
  if (response.ok) return { ok: true };
  const error = (await response.json().catch(() => ({}))) as { error?: { code?: string }; code?: string };
  return { ok: false, status: response.status, code: error.error?.code ?? error.code ?? "unknown" };
}

/** The numeric id at the end of an annotation's URL (`…/annotations/{id}`), or null. */
export function annotationNumber(url: string): number | null {
  const match = /\/annotations\/(\d+)$/.exec(url);
  return match?.[1] ? Number(match[1]) : null;
}

/** The outcome of a flag: stored, already flagged by this person (409), or refused with a translation key. */
export type FlagResult = { ok: true } | { ok: false; status: number; key: string };

/**
 * Flags an annotation through `POST /flags` (the same form endpoint the no-JS pages use). Its
 * success is a 303 back to the page; `redirect: "manual"` keeps the browser from loading that
 * page again, so an opaque redirect means "stored".
 */
export async function flagAnnotation(id: number, reason: string, csrfToken: string): Promise<FlagResult> {
  const body = new URLSearchParams({ targetType: "annotation", targetId: String(id), reason, redirectTo: window.location.pathname, _csrf: csrfToken });
  const response = await fetch("/flags", { method: "POST", body, redirect: "manual", headers: { "X-CSRF-Token": csrfToken, Accept: "application/json" } });
  if (response.type === "opaqueredirect" || response.ok) return { ok: true };
  const error = (await response.json().catch(() => ({}))) as { error?: { fields?: Record<string, string[]> } };
  const key = Object.values(error.error?.fields ?? {}).flat()[0];
  return { ok: false, status: response.status, key: key ?? "annotation.flag.failed" };
}
