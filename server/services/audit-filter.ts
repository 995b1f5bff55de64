import { isAuditAction, isAuditTargetKind, type AuditAction, type AuditTargetKind } from "./audit-actions";
import type { AuditFilter } from "./audit";

/**
 * The audit page's query string (`actor`, `action`, `type`, `target`, `from`, `to`, `page`) as a
 * filter. Days are calendar days in the council's time zone, the zone the page shows times in:
 * `from` includes its whole day, `to` too (the filter ends at the start of the next day).
 */

/** Longest text accepted in the actor and target searches. */
export const AUDIT_QUERY_MAX = 200;

/** The filter as typed, to refill the form. */
export interface AuditFilterValues {
  actor: string;
  action: AuditAction | "";
  type: AuditTargetKind | "";
  target: string;
  from: string;
  to: string;
}

/** The parsed filter, the values for the form, and field errors (message keys) when it is malformed. */
export interface ParsedAuditFilter {
  filter: AuditFilter;
  values: AuditFilterValues;
  errors: Partial<Record<keyof AuditFilterValues, string>>;
}

/** The instant a wall-clock time in `timeZone` falls on (UTC ms). */
function zonedToInstant(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day);
  const offsetAt = (instant: number): number => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
        .formatToParts(instant)
        .map((p) => [p.type, p.value]),
    );
    const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
    return wall - instant;
  };
  // Twice: the offset at the guess can differ from the offset at the answer across a DST change.
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

/** A YYYY-MM-DD day as the instant it starts in `timeZone`, or null if it is not a real day. */
export function dayStart(text: string, timeZone: string, daysLater = 0): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const later = new Date(Date.UTC(year, month - 1, day + daysLater));
  return new Date(zonedToInstant(later.getUTCFullYear(), later.getUTCMonth() + 1, later.getUTCDate(), timeZone));
}

/** Reads the filter from a query string. */
export function parseAuditFilter(params: URLSearchParams, page: number, timeZone = "Europe/Madrid"): ParsedAuditFilter {
  const text = (name: string) => (params.get(name) ?? "").trim();
  const errors: ParsedAuditFilter["errors"] = {};
  const actor = text("actor");
  const target = text("target");
  if (actor.length > AUDIT_QUERY_MAX) errors.actor = "admin.audit.error.tooLong";
  if (target.length > AUDIT_QUERY_MAX) errors.target = "admin.audit.error.tooLong";
  const actionText = text("action");
  const action = isAuditAction(actionText) ? actionText : "";
  if (actionText && !action) errors.action = "admin.audit.error.unknownAction";
  const typeText = text("type");
  const type = isAuditTargetKind(typeText) ? typeText : "";
  if (typeText && !type) errors.type = "admin.audit.error.unknownType";
  const from = text("from");
  const to = text("to");
  const fromDate = from ? dayStart(from, timeZone) : undefined;
  const before = to ? dayStart(to, timeZone, 1) : undefined;
  if (fromDate === null) errors.from = "admin.audit.error.badDate";
  if (before === null) errors.to = "admin.audit.error.badDate";
  if (fromDate && before && fromDate >= before) errors.to = "admin.audit.error.toBeforeFrom";
  return {
    values: { actor: actor.slice(0, AUDIT_QUERY_MAX), action, type, target: target.slice(0, AUDIT_QUERY_MAX), from, to },
    errors,
    filter: {
      actor: actor || undefined,
      action: action || undefined,
      targetType: type || undefined,
      target: target || undefined,
      from: fromDate ?? undefined,
      before: before ?? undefined,
      page,
    },
  };
}
