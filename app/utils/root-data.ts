import { useRouteLoaderData } from "@remix-run/react";
import type { Locale } from "../../server/i18n/locales";
import type { RoleName } from "../../server/services/current-user";

/** The signed-in person as every page may see them (no e-mail of others, no secrets). */
export interface ViewerSummary {
  id: number;
  name: string;
  email: string;
  roles: RoleName[];
}

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
