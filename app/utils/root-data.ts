import { useRouteLoaderData } from "@remix-run/react";
import type { Locale } from "../../server/i18n/locales";
import type { ViewerSummary } from "../../server/presenters/viewer";

export type { ViewerSummary };

/** What the root loader sends to every page. */
export interface RootData {
  locale: Locale;
  messages: Record<string, string>;
  csrfToken: string;
  viewer: ViewerSummary | null;
}

/** The root loader's data from any component (null only while an error boundary renders without it). */
export function useRootData(): RootData | undefined {
  return useRouteLoaderData<RootData>("root");
}

/** The signed-in person, or null. */
export function useViewer(): ViewerSummary | null {
  return useRootData()?.viewer ?? null;
}
