import type { Translate } from "../../../server/i18n/translate";

/** What a title needs to name an amendment. */
export interface AmendmentNaming {
  id: number;
  kind: string;
  clauseLabel: string;
}

/**
 * Clause labels are Spanish legal labels ("Artículo 7", "Disposición adicional primera") in every
 * interface language; languages with gendered articles pick the form that agrees with the label.
 */
function gender(clauseLabel: string): "m" | "f" {
  return /^disposici/i.test(clauseLabel) ? "f" : "m";
}

/** A message naming a clause, in the form that agrees with its label (`key_m` / `key_f`). */
export function withClause(t: Translate, key: string, clauseLabel: string): string {
  return t(`${key}_${gender(clauseLabel)}`, { clause: clauseLabel });
}

/** "Enmienda 12 al Artículo 7", kind-specific ("… nuevo artículo tras el …", "supresión del …"). */
export function amendmentTitle(t: Translate, a: AmendmentNaming): string {
  if (a.kind === "budget") return t("amendments.title.budget", { number: a.id });
  const kind = a.kind === "add" || a.kind === "delete" ? a.kind : "modify";
  return t(`amendments.title.${kind}_${gender(a.clauseLabel)}`, { number: a.id, clause: a.clauseLabel });
}
