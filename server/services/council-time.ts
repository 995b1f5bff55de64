/**
 * The council's wall-clock time. Staff type phase dates as they read them on the town hall's
 * clock (Europe/Madrid, with its summer time); the database stores UTC instants. Pure Intl,
 * no time-zone library.
 */

/** The zone in which staff enter and read dates. */
export const COUNCIL_TIME_ZONE = "Europe/Madrid";

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

function parts(date: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  const formatter = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  for (const p of formatter.formatToParts(date)) if (p.type !== "literal") out[p.type] = Number(p.value);
  return out;
}

/** The zone's offset from UTC at an instant, in ms (Madrid: +1 h in winter, +2 h in summer). */
function offsetAt(utcMs: number, timeZone: string): number {
  const p = parts(new Date(utcMs), timeZone);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** An instant as a `datetime-local` value ("2026-03-29T10:00") on the zone's clock. */
export function toZonedLocal(date: Date, timeZone = COUNCIL_TIME_ZONE): string {
  const p = parts(date, timeZone);
  const pad = (n: number | undefined, w = 2) => String(n ?? 0).padStart(w, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The instant a `datetime-local` value ("YYYY-MM-DDTHH:mm") names on the zone's clock, or null
 * when it is malformed or does not exist there (the hour skipped when clocks go forward). In
 * the repeated hour in autumn, the first (summer-time) occurrence is taken.
 */
export function fromZonedLocal(value: string, timeZone = COUNCIL_TIME_ZONE): Date | null {
  const m = LOCAL_PATTERN.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(naive)) return null;
  // Try both offsets around the instant; keep the earliest candidate that reads back the same.
  const candidates = [naive - offsetAt(naive - 86_400_000, timeZone), naive - offsetAt(naive + 86_400_000, timeZone), naive - offsetAt(naive, timeZone)];
  const valid = candidates.filter((t) => toZonedLocal(new Date(t), timeZone) === value).sort((a, b) => a - b);
  return valid.length > 0 ? new Date(valid[0] ?? 0) : null;
}
