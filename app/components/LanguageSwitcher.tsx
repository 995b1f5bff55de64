import { Form, useLocation } from "@remix-run/react";
import { LOCALES, LOCALE_NAMES } from "../../server/i18n/locales";
import { useI18n } from "../i18n/i18n";
import { CsrfInput } from "./CsrfInput";

/**
 * Language choice as a plain form (works without JavaScript); with JavaScript, choosing a
 * language submits at once.
 */
export function LanguageSwitcher() {
  const { locale, t } = useI18n();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switcher" reloadDocument>
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-select" className="visually-hidden">
        {t("common.language.label")}
      </label>
      <select
        id="language-select"
        name="locale"
        defaultValue={locale}
        onChange={(event) => event.currentTarget.form?.requestSubmit()}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit">{t("common.language.apply")}</button>
      </noscript>
    </Form>
  );
}
