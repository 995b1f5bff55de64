import type { Db } from "../../../db/connection";
import type { CurrentUser } from "../current-user";
import { listRegister, type RegisterFilter } from "./read";

/** One CSV field: quoted, quotes doubled, and a leading = + - @ neutralised (no formulas in spreadsheets). */
function field(value: string | number | null): string {
  const text = value === null ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The register of a process as CSV (RFC 4180, UTF-8 with BOM), what the viewer may see only. */
export function registerCsv(db: Db, viewer: CurrentUser | null, slug: string, filter: RegisterFilter, now: Date): string {
  const register = listRegister(db, viewer, slug, filter, now);
  const header = ["number", "filed_at", "channel", "organization", "filer", "title", "clauses", "attachments", "hash", "corrects", "withdrawn_at", "text"];
  const lines = register.rows.map((r) =>
    [
      r.number,
      r.filedAt.toISOString(),
      r.channel,
      r.organization?.name ?? "",
      r.filerName ?? "",
      r.title,
      r.clauseIds.join(" "),
      r.attachmentCount,
      r.contentHash,
      r.corrects ?? "",
      r.withdrawnAt ? r.withdrawnAt.toISOString() : "",
      r.body,
    ]
      .map(field)
      .join(","),
  );
  return `\uFEFF${[header.map(field).join(","), ...lines].join("\r\n")}\r\n`;
}
