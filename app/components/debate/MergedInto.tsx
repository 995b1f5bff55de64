import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "../../i18n/i18n";

/** The clause another was merged into, as the pages receive it. */
export interface MergedIntoData {
  clauseId: string;
  label: string;
  heading: string;
  version: number;
}

// Stands for the link inside a translated sentence, so each language places it where it reads well.
const MARK = "\u0000";

/**
 * A translated sentence with a `{target}` placeholder, the placeholder rendered as a link to
 * the clause page of the clause the text was merged into ("Merged into Artículo 5. Tarifas…").
 */
export function MergedIntoSentence({ slug, merged, messageKey, params = {} }: { slug: string; merged: MergedIntoData; messageKey: string; params?: Record<string, string | number> }) {
  const t = useT();
  const [before = "", after = ""] = t(messageKey, { ...params, version: merged.version, target: MARK }).split(MARK);
  const name = [merged.label, merged.heading].filter(Boolean).join(". ") || merged.clauseId;
  const link: ReactNode = (
    <Link to={`/processes/${slug}/clauses/${encodeURIComponent(merged.clauseId)}`} className="merged-into">
      {name}
    </Link>
  );
  return (
    <>
      {before}
      {link}
      {after}
    </>
  );
}
