import { Link } from "@remix-run/react";
import { useT } from "../../i18n/i18n";

/** What a register row shows (the page's loader builds it from the presenter). */
export interface SubmissionListItem {
  number: string;
  title: string;
  filedAt: string;
  filedAtText: string;
  channel: "online" | "paper";
  filer: string | null;
  organization: { slug: string; name: string } | null;
  clauses: Array<{ id: string; label: string; href: string }>;
  excerpt: string;
  withdrawn: boolean;
  corrects: string | null;
  attachmentCount: number;
}

/** A list of registered submissions (the register, a clause page). */
export function SubmissionList({ items, headingLevel }: { items: SubmissionListItem[]; headingLevel: 2 | 3 }) {
  const t = useT();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol className="submission-list">
      {items.map((s) => (
        <li key={s.number} className="card submission-list__item">
          <Heading className="submission-list__title">
            <Link to={`/submissions/${s.number}`}>{s.title}</Link>
          </Heading>
          <p className="muted">
            <strong>{s.number}</strong> · <time dateTime={s.filedAt}>{s.filedAtText}</time> · {t(`submissions.channel.${s.channel}`)}
            {s.withdrawn ? ` · ${t("submissions.status.withdrawnBadge")}` : ""}
          </p>
          <p>
            {t("submissions.register.filer")}: {s.organization ? s.organization.name : (s.filer ?? t("submissions.anonymous"))}
          </p>
          {s.corrects ? <p className="muted">{t("submissions.corrects", { number: s.corrects })}</p> : null}
          {s.clauses.length > 0 ? (
            <ul className="submission-list__clauses">
              {s.clauses.map((c) => (
                <li key={c.id}>
                  <Link to={c.href}>{c.label}</Link>
                </li>
              ))}
            </ul>
          ) : null}
          <p>{s.excerpt}</p>
        </li>
      ))}
    </ol>
  );
}
