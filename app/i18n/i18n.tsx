import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Locale } from "../../server/i18n/locales";
import { createTranslator, type Translate } from "../../server/i18n/translate";

interface I18nValue {
  locale: Locale;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Provides the request's locale and its messages (sent by the root loader) to every component. */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Record<string, string>; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: createTranslator(locale, messages) }), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The translate function and locale of the current page. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n() used outside <I18nProvider>");
  return value;
}

/** Shortcut for `useI18n().t`. */
export function useT(): Translate {
  return useI18n().t;
}
