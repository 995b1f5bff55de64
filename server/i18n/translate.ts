import { CATALOG } from "./catalog";
import { DEFAULT_LOCALE, type Locale } from "./locales";

/** Values interpolated into `{name}` placeholders; `count` also selects the plural form. */
export type Params = Record<string, string | number>;

/** A translate function bound to one locale's messages. */
export type Translate = (key: string, params?: Params) => string;

const flattened = new Map<string, Record<string, string>>();

/**
 * Flattens a locale's namespaces (all, or the given ones) into `namespace.key` → message.
 * The result is cached: catalogs never change while the process runs.
 */
export function messagesFor(locale: Locale, namespaces?: readonly string[]): Record<string, string> {
  const cacheKey = `${locale}:${namespaces?.join(",") ?? "*"}`;
  const cached = flattened.get(cacheKey);
  if (cached) return cached;
  const out: Record<string, string> = {};
  const catalog = CATALOG[locale] ?? CATALOG[DEFAULT_LOCALE] ?? {};
  for (const [ns, messages] of Object.entries(catalog)) {
    if (namespaces && !namespaces.includes(ns)) continue;
    for (const [key, value] of Object.entries(messages)) out[`${ns}.${key}`] = value;
  }
  flattened.set(cacheKey, out);
  return out;
}

/**
 * Builds `t(key, params)`. With a numeric `count`, `key_one` / `key_other` (CLDR plural
 * categories of the locale) are tried before `key`. A missing key is a bug: it is reported
 * with console.error (which fails tests) and the key itself is shown.
 */
export function createTranslator(locale: Locale, messages: Record<string, string>): Translate {
  const plurals = new Intl.PluralRules(locale);
  return (key, params) => {
    let message: string | undefined;
    if (params && typeof params.count === "number") {
      message = messages[`${key}_${plurals.select(params.count)}`] ?? messages[`${key}_other`];
    }
    message ??= messages[key];
    if (message === undefined) {
      console.error(`Missing translation "${key}" for locale ${locale}`);
      return key;
    }
    if (!params) return message;
    return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? new Intl.NumberFormat(locale).format(value) : value;
    });
  };
}

/** Translator for server-side text (e-mails, error pages) in a given locale. */
export function serverTranslator(locale: Locale): Translate {
  return createTranslator(locale, messagesFor(locale));
}
