import type { MetaDescriptor } from "@remix-run/node";
import type { RootData } from "./root-data";

/** The subset of Remix's meta `matches` this helper reads. */
interface MatchLike {
  id: string;
  data: unknown;
}

/**
 * A translated page title for a route's `meta` export. Meta functions cannot use hooks, so the
 * message comes from the root loader's data, which already carries the locale's messages.
 */
export function translatedTitle(matches: readonly MatchLike[], key: string): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as RootData | undefined;
  const title = root?.messages[key] ?? "Redacta";
  return [{ title: `${title} · Redacta` }];
}
