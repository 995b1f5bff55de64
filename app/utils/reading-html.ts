/** The two HTML fragments of a reading page. */
export interface ReadingHtml {
  toc: string;
  body: string;
}

/**
 * Where a loader puts the pre-rendered HTML so that server rendering sees it but the hydration
 * data does not: Remix serializes loader data with turbo-stream, which walks `Object.keys` and
 * so skips symbol-keyed properties. The browser gets the HTML once, in the page itself.
 */
export const READING_HTML = Symbol.for("redacta.readingHtml");

/** Loader data with the HTML attached out of band. */
export function withReadingHtml<T extends object>(data: T, html: ReadingHtml): T {
  Object.defineProperty(data, READING_HTML, { value: html, enumerable: false });
  return data;
}

/**
 * The HTML for rendering: from the server loader (symbol), from the client loader after a
 * client-side navigation (`html` property), or null at hydration (the DOM already has it).
 */
export function readingHtmlOf(data: object): ReadingHtml | null {
  const fromServer = (data as { [READING_HTML]?: ReadingHtml })[READING_HTML];
  if (fromServer) return fromServer;
  const fromClient = (data as { html?: ReadingHtml }).html;
  return fromClient ?? null;
}

/** Client loader helper: fetches the fragments of a version for a client-side navigation. */
export async function fetchReadingHtml(slug: string, version: number | null): Promise<ReadingHtml | undefined> {
  if (version === null) return undefined;
  const response = await fetch(`/processes/${encodeURIComponent(slug)}/v/${version}/html`, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Response("Not Found", { status: response.status });
  return (await response.json()) as ReadingHtml;
}
