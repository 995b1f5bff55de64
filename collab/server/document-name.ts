/** Document names are short, lowercase, URL-safe words: `draft-ordenanza-movilidad`, `amendment-42`. */
const NAME = /^[a-z0-9][a-z0-9-]{0,127}$/;

/**
 * Reads the document name from an upgrade URL (`/collab/{name}?…`), or null when the path is
 * not of that form or the name is not a valid document name. Percent-escapes are refused rather
 * than decoded: no valid name needs them, so a name has exactly one spelling.
 */
export function documentNameFromUrl(url: string | undefined): string | null {
  const path = (url ?? "").split("?")[0] ?? "";
  const prefix = "/collab/";
  if (!path.startsWith(prefix)) return null;
  const name = path.slice(prefix.length);
  return NAME.test(name) ? name : null;
}

/** The query parameters of an upgrade URL. */
export function queryOf(url: string | undefined): URLSearchParams {
  const raw = url ?? "";
  const at = raw.indexOf("?");
  return new URLSearchParams(at < 0 ? "" : raw.slice(at + 1));
}
