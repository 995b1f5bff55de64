import type { Locale } from "./locales";

/** Intl locale tags used for formatting (Catalan dates, euro amounts as residents expect). */
const TAGS: Record<Locale, string> = { es: "es-ES", ca: "ca-ES", en: "en-GB", fr: "fr-FR" };

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

/** Intl formatters are costly to build and immutable: build each combination once. */
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, build: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A date as the locale writes it ("22 de noviembre de 2026"). Always in the council's zone. */
export function formatDate(locale: Locale, date: Date | number, timeZone = "Europe/Madrid"): string {
  return cached(`d:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(TAGS[locale], { dateStyle: "long", timeZone })).format(date);
}

/** Date and time, short form. */
export function formatDateTime(locale: Locale, date: Date | number, timeZone = "Europe/Madrid"): string {
  return cached(`dt:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(TAGS[locale], { dateStyle: "medium", timeStyle: "short", timeZone })).format(date);
}

/** Money from integer cents ("1.234,50 €" in Spanish, "€1,234.50" in English). */
export function formatMoney(locale: Locale, cents: number, currency = "EUR"): string {
  return cached(`m:${locale}:${currency}`, () => new Intl.NumberFormat(TAGS[locale], { style: "currency", currency })).format(cents / 100);
}

/** A plain number with the locale's grouping. */
export function formatNumber(locale: Locale, value: number): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(TAGS[locale])).format(value);
}
