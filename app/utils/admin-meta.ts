import type { MetaDescriptor } from "@remix-run/node";
import type { RootData } from "./root-data";

/**
 * A translated title for a staff page's `meta` export. Meta functions cannot use hooks, so the
 * message comes from the root loader's data, which carries the locale's messages.
 */
export function staffTitle(matches: readonly { id: string; data: unknown }[], key: string): MetaDescriptor[] {
  const root = matches.find((m) => m.id === "root")?.data as RootData | undefined;
  const title = root?.messages[key];
  const area = root?.messages["admin.title"];
  return [{ title: [title, area, "Redacta"].filter(Boolean).join(" · ") }];
}
