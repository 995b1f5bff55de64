import type { BenchTable } from "./types";

/** Numbers (and things like "1.234 ms" or "0.31×") align right; words align left. */
function isNumeric(cell: string): boolean {
  return /^[-+]?[\d.,]+(\s?\S{1,3})?$/.test(cell.trim());
}

/** Renders a table as aligned plain text with a rule under the header. */
export function formatTable(table: BenchTable): string {
  const widths = table.headers.map((h, col) => Math.max(h.length, ...table.rows.map((r) => (r[col] ?? "").length)));
  const numericColumn = table.headers.map((_h, col) => table.rows.length > 0 && table.rows.every((r) => isNumeric(r[col] ?? "")));
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (numericColumn[col] ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(table.headers), widths.map((w) => "-".repeat(w)).join("  "), ...table.rows.map(line)].join("\n");
}

/** 12345.6 → "12,346"; keeps tables readable without locale surprises. */
export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}
