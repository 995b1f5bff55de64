import type { SubmissionResult } from "@conform-to/react";
import { Link, useLocation } from "@remix-run/react";
import { useT } from "../../i18n/i18n";
import { AmendmentList, type AmendmentListItem } from "./AmendmentList";
import { withClause } from "./labels";
import { ProposeAmendmentForm, PROPOSE_FORM_ID } from "./ProposeAmendmentForm";

/** Whether and how the page offers "propose an amendment" (decided by the server). */
export interface ProposingData {
  open: boolean;
  kinds: string[];
  signedIn: boolean;
  allowed: boolean;
  organizations: Array<{ id: number; name: string }>;
}

/**
 * The clause page's "Amendments" section: the clause's amendments with their changes, and while
 * the amendments phase is open, the form to propose one (or a sign-in link).
 */
export function AmendmentsSection({ items, proposing, lastResult, clauseLabel }: { items: AmendmentListItem[]; proposing: ProposingData; lastResult: SubmissionResult<string[]> | undefined; clauseLabel: string }) {
  const t = useT();
  const location = useLocation();
  const publicCount = items.filter((a) => a.status !== "draft").length;
  return (
    <section aria-labelledby="amendments-heading" className="amendments-section">
      <h2 id="amendments-heading">{t("amendments.section.heading")}</h2>
      <p className="muted">{t("amendments.section.count", { count: publicCount })}</p>
      {items.length === 0 ? <p>{t("amendments.section.empty")}</p> : <AmendmentList items={items} />}
      {proposing.open && proposing.kinds.length > 0 ? (
        <div className="card amendment-propose-card" id={PROPOSE_FORM_ID + "-card"}>
          <h3>{proposing.kinds.includes("budget") ? t("amendments.propose.budgetHeading") : withClause(t, "amendments.propose.heading", clauseLabel)}</h3>
          {proposing.allowed ? (
            <ProposeAmendmentForm kinds={proposing.kinds} organizations={proposing.organizations} lastResult={lastResult} />
          ) : proposing.signedIn ? (
            <p>{t("amendments.propose.notAllowed")}</p>
          ) : (
            <p>
              {t("amendments.propose.signIn")} <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>{t("amendments.propose.signInLink")}</Link>
            </p>
          )}
        </div>
      ) : null}
      {!proposing.open && proposing.kinds.length > 0 ? <p className="muted">{t("amendments.propose.closed")}</p> : null}
    </section>
  );
}
