/**
 * Parses an amount as Spanish documents write it — "12.500,00 €", "1.250.000 €", "12500,5",
 * "EUR 300" — into whole cents. Dots group thousands, the comma marks decimals (at most two).
 * Returns null for anything else, so the caller can name the line; never guesses.
 */
export function parseAmountCents(raw: string): number | null {
  const text = raw
    .replace(/[\u00a0\u202f\s]+/g, "")
    .replace(/^(€|eur)/i, "")
    .replace(/(€|eur|euros)$/i, "");
  const match = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const euros = Number((match[1] ?? "").replace(/\./g, ""));
  const cents = Number((match[2] ?? "0").padEnd(2, "0"));
  const total = euros * 100 + cents;
  return Number.isSafeInteger(total) ? total : null;
}

/** Formats cents the Spanish way ("12.500,00 €") for error messages about the source file. */
export function formatCentsEs(cents: number): string {
  return `${new Intl.NumberFormat("es-ES", { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true }).format(cents / 100)} €`;
}
