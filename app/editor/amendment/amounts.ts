/**
 * Reads an amount in euros as people type it, in any of the site's locales ("1.234,56",
 * "1234,56", "1,234.56", "1234.5", "1 234,56 €") and returns integer cents, or null when it is
 * not a non-negative amount with at most two decimals.
 */
export function parseEuros(input: string): number | null {
  const text = input.replace(/[\s\u00a0\u202f€]/g, "");
  if (!/^\d[\d.,]*$/.test(text)) return null;
  const lastDot = text.lastIndexOf(".");
  const lastComma = text.lastIndexOf(",");
  let decimalAt = -1;
  if (lastDot >= 0 && lastComma >= 0) decimalAt = Math.max(lastDot, lastComma);
  else {
    const at = Math.max(lastDot, lastComma);
    const separator = text[at];
    // A single separator followed by one or two digits is the decimal point; repeated, or
    // followed by three digits, it groups thousands.
    if (at >= 0 && separator !== undefined && text.indexOf(separator) === at && text.length - at - 1 <= 2) decimalAt = at;
  }
  const integer = decimalAt >= 0 ? text.slice(0, decimalAt) : text;
  // Thousands groups must be whole groups of three ("12,3,4" is a typo, not 1234).
  if (!/^(\d+|\d{1,3}(\.\d{3})+|\d{1,3}(,\d{3})+)$/.test(integer)) return null;
  const whole = integer.replace(/[.,]/g, "");
  const fraction = decimalAt >= 0 ? text.slice(decimalAt + 1) : "";
  if (!/^\d{0,2}$/.test(fraction)) return null;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return Number.isSafeInteger(cents) ? cents : null;
}
