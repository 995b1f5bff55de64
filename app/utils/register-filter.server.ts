import { fromZonedLocal } from "../../server/services/council-time";
import type { RegisterFilter } from "../../server/services/submissions/read";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The register's filters from a query string (organization, clause, from/until council days, page). */
export function registerFilterOf(url: URL): RegisterFilter & { raw: Record<string, string> } {
  const get = (name: string) => (url.searchParams.get(name) ?? "").trim().slice(0, 100);
  const raw = { organization: get("organization"), clause: get("clause"), from: get("from"), until: get("until") };
  const from = DAY.test(raw.from) ? fromZonedLocal(`${raw.from}T00:00`) : null;
  const untilDay = DAY.test(raw.until) ? fromZonedLocal(`${raw.until}T00:00`) : null;
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  return {
    raw,
    organization: raw.organization || undefined,
    clause: raw.clause || undefined,
    from: from ?? undefined,
    // "Until" includes the whole day.
    until: untilDay ? new Date(untilDay.getTime() + 24 * 60 * 60 * 1000) : undefined,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}
