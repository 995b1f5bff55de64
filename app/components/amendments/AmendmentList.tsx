import { Link } from "@remix-run/react";
import { formatDate } from "../../../server/i18n/format";
import type { AmountsDiff, WordingDiff } from "../../../server/services/amendments/wording-diff";
import { useI18n } from "../../i18n/i18n";
import { AmendmentChanges } from "./AmendmentChanges";
import { amendmentTitle } from "./labels";
import { AmendmentBadges } from "./StatusBadge";

/** One amendment as list pages receive it (the diff computed by the loader, dates as ISO strings). */
export interface AmendmentListItem {
  id: number;
  href: string;
  kind: string;
  status: string;
  clauseLabel: string;
  justification: string;
  authors: string[];
  organization: string | null;
  /** The organization's public profile slug (verified organizations only). */
  organizationProfile: string | null;
  /** The process's title, on lists that span processes (an organization's profile). */
  processTitle?: string;
  supportCount: number;
  submittedAt: string | null;
  /** What it changes, once frozen (null for a draft: its words are still being written). */
  wording: WordingDiff | null;
  amounts: AmountsDiff | null;
}

/**
 * Amendments with their status, kind, authors, supports and what they change. Drafts (only
 * their co-authors ever receive them) say so in words.
 */
export function AmendmentList({ items, headingLevel = 3 }: { items: AmendmentListItem[]; headingLevel?: 2 | 3 }) {
  const { t, locale } = useI18n();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol className="amendment-list">
      {items.map((a) => (
        <li key={a.id} className={`amendment-item amendment-item--${a.status}`} id={`amendment-${a.id}`}>
          <article aria-labelledby={`amendment-${a.id}-title`}>
            <header className="amendment-item__head">
              <Heading id={`amendment-${a.id}-title`} className="amendment-item__title">
                <Link to={a.href}>{amendmentTitle(t, { id: a.id, kind: a.kind, clauseLabel: a.clauseLabel })}</Link>
              </Heading>
              <AmendmentBadges status={a.status} kind={a.kind} />
            </header>
            {a.status === "draft" ? <p className="notice amendment-item__draft">{t("amendments.list.draftNote")}</p> : null}
            <p className="amendment-item__by muted">
              {a.organization ? t("amendments.byOrganization", { names: a.authors.join(", "), organization: a.organization }) : t("amendments.by", { names: a.authors.join(", ") })}
              {a.processTitle ? <> · {a.processTitle}</> : null}
              {a.organization && a.organizationProfile ? (
                <>
                  {" · "}
                  <Link to={`/organizations/${a.organizationProfile}`}>{t("amendments.organizationProfile", { organization: a.organization })}</Link>
                </>
              ) : null}
              {a.submittedAt ? <> · {t("amendments.submittedOn", { date: formatDate(locale, new Date(a.submittedAt)) })}</> : null}
            </p>
            <p className="amendment-item__justification">{a.justification}</p>
            {a.status !== "draft" ? <AmendmentChanges wording={a.wording} amounts={a.amounts} kind={a.kind} compact /> : null}
            <p className="amendment-item__supports">
              <strong>{t("amendments.supports", { count: a.supportCount })}</strong> · <Link to={a.href}>{t("amendments.list.open")}<span className="visually-hidden"> {a.id}</span></Link>
            </p>
          </article>
        </li>
      ))}
    </ol>
  );
}
