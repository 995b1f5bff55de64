import { describe, expect, it } from "vitest";
import { CATALOG, NAMESPACES } from "../../server/i18n/catalog";
import { formatMoney } from "../../server/i18n/format";
import { LOCALES, negotiateLocale } from "../../server/i18n/locales";
import { createTranslator, messagesFor } from "../../server/i18n/translate";
import { allowConsoleErrors } from "../support/fail-on-console-error";

describe("translation catalog", () => {
  const reference = messagesFor("es");

  it.each(LOCALES)("%s defines exactly the keys Spanish defines, none empty", (locale) => {
    const messages = messagesFor(locale);
    expect(Object.keys(messages).sort()).toEqual(Object.keys(reference).sort());
    for (const [key, value] of Object.entries(messages)) expect(value.trim(), key).not.toBe("");
  });

  it.each(LOCALES)("%s uses the same {placeholders} as Spanish in every message", (locale) => {
    const messages = messagesFor(locale);
    const names = (m: string) => [...m.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    for (const [key, value] of Object.entries(reference)) expect(names(messages[key] ?? ""), key).toEqual(names(value));
  });

  it("has every namespace for every locale", () => {
    for (const locale of LOCALES) expect(Object.keys(CATALOG[locale] ?? {}).sort()).toEqual([...NAMESPACES].sort());
  });
});

describe("createTranslator", () => {
  const t = createTranslator("en", { "x.hello": "Hello {name}", "x.items_one": "{count} item", "x.items_other": "{count} items" });

  it("interpolates and picks plural forms", () => {
    expect(t("x.hello", { name: "Ana" })).toBe("Hello Ana");
    expect(t("x.items", { count: 1 })).toBe("1 item");
    expect(t("x.items", { count: 1200 })).toBe("1,200 items");
  });

  it("reports a missing key loudly and shows the key", () => {
    allowConsoleErrors(1);
    expect(t("x.missing")).toBe("x.missing");
  });
});

describe("negotiateLocale", () => {
  it.each([
    [undefined, null, "es"],
    ["ca", "en-GB,en;q=0.9", "ca"],
    [undefined, "fr-FR,fr;q=0.9,en;q=0.8", "fr"],
    [undefined, "de-DE,de;q=0.9,en;q=0.5", "en"],
    [undefined, "en;q=0,ca;q=0.3", "ca"],
    ["xx", "pt-BR", "es"],
    [undefined, ";;;q=abc,,", "es"],
  ])("cookie %s, Accept-Language %s → %s", (cookie, header, expected) => {
    expect(negotiateLocale(cookie, header)).toBe(expected);
  });
});

describe("formatMoney", () => {
  it("formats cents per locale", () => {
    // Spanish groups thousands only from five digits on (RAE/CLDR): 1234,50 € but 12.345,60 €.
    expect(formatMoney("es", 123450)).toMatch(/^1234,50\s€$/);
    expect(formatMoney("es", 1234560)).toMatch(/^12\.345,60\s€$/);
    expect(formatMoney("en", 123450)).toBe("€1,234.50");
    expect(formatMoney("fr", 123450)).toMatch(/^1\s234,50\s€$/);
  });
});
