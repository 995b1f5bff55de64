import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../../server/i18n/format";
import { myParticipation } from "../../server/services/participation";
import { AmendmentBadges } from "../components/amendments/StatusBadge";
import { amendmentTitle } from "../components/amendments/labels";
import { useI18n } from "../i18n/i18n";
import { requireUser } from "../utils/guards.server";
import { translatedTitle } from "../utils/page-meta";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "participation.title");

/** "My participation": the signed-in person's submissions, amendments (drafts included), annotations, comments, supports and flags. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const p = myParticipation(context.app.db, user, context.app.now());
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    submissions: p.submissions.map((s) => ({ ...s, filedAt: s.filedAt.toISOString() })),
    amendments: p.amendments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString(), submittedAt: iso(a.submittedAt), withdrawnAt: iso(a.withdrawnAt) })),
    annotations: p.annotations.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    comments: p.comments.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    supports: p.supports.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })),
    flags: p.flags.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
  };
}

/** A section with its heading, count and list (or the empty sentence). */
function Section({ id, title, count, empty, children }: { id: string; title: string; count: number; empty: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="card participation__section">
      <h2 id={`${id}-heading`}>
        {title} <span className="muted participation__count">({count})</span>
      </h2>
      {count === 0 ? <p className="muted">{empty}</p> : <ul className="participation__list">{children}</ul>}
    </section>
  );
}

export default function MyParticipationPage() {
  const d = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const date = (iso: string) => <time dateTime={iso}>{formatDate(locale, new Date(iso))}</time>;
  return (
    <div className="page participation">
      <h1>{t("participation.title")}</h1>
      <p className="lead">{t("participation.lead")}</p>
      <nav aria-label={t("participation.jump")} className="participation__jump">
        <ul>
          {(["submissions", "amendments", "annotations", "comments", "supports", "flags"] as const).map((id) => (
            <li key={id}>
              <a href={`#${id}-heading`}>{t(`participation.${id}.heading`)}</a>
            </li>
          ))}
        </ul>
      </nav>

      <Section id="submissions" title={t("participation.submissions.heading")} count={d.submissions.length} empty={t("participation.submissions.empty")}>
        {d.submissions.map((s) => (
          <li key={s.number}>
            <Link to={s.href}>
              <strong>{s.number}</strong> · {s.title}
            </Link>
            {s.withdrawn ? <span className="badge badge--warn">{t("participation.submissions.withdrawn")}</span> : null}
            {s.correction ? <span className="badge">{t("participation.submissions.correction")}</span> : null}
            <p className="muted">
              {s.process.title} · {s.organization ? t("participation.submissions.forOrganization", { name: s.organization }) : t("participation.submissions.asMyself")} · {date(s.filedAt)}
            </p>
          </li>
        ))}
      </Section>

      <Section id="amendments" title={t("participation.amendments.heading")} count={d.amendments.length} empty={t("participation.amendments.empty")}>
        {d.amendments.map((a) => (
          <li key={a.id}>
            <Link to={a.href}>{amendmentTitle(t, a)}</Link> <AmendmentBadges status={a.status} kind={a.kind} />
            <p className="muted">
              {a.process.title} · {a.starter ? t("participation.amendments.started") : t("participation.amendments.joined")} · {date(a.submittedAt ?? a.createdAt)}
              {a.status !== "draft" ? ` · ${t("participation.supports.count", { count: a.supportCount })}` : null}
            </p>
          </li>
        ))}
      </Section>

      <Section id="annotations" title={t("participation.annotations.heading")} count={d.annotations.length} empty={t("participation.annotations.empty")}>
        {d.annotations.map((a) => (
          <li key={a.id}>
            <Link to={a.href}>
              <q>{a.quote}</q>
            </Link>{" "}
            <span className={`badge anno-status anno-status--${a.carryStatus}`}>{t(`annotation.status.${a.carryStatus}`)}</span>
            {a.hidden ? <span className="badge badge--warn">{t("participation.hidden")}</span> : null}
            <p className="participation__excerpt">{a.excerpt}</p>
            <p className="muted">
              {a.process.title} · {date(a.createdAt)}
            </p>
          </li>
        ))}
      </Section>

      <Section id="comments" title={t("participation.comments.heading")} count={d.comments.length} empty={t("participation.comments.empty")}>
        {d.comments.map((c) => (
          <li key={c.id}>
            <Link to={c.href}>{c.reply ? t("participation.comments.reply", { id: c.id }) : t("participation.comments.comment", { id: c.id })}</Link>
            {c.hidden ? <span className="badge badge--warn">{t("participation.hidden")}</span> : null}
            <p className="participation__excerpt">{c.excerpt}</p>
            <p className="muted">
              {c.process.title} · {date(c.createdAt)} · {t("participation.supports.count", { count: c.supportCount })}
            </p>
          </li>
        ))}
      </Section>

      <Section id="supports" title={t("participation.supports.heading")} count={d.supports.length} empty={t("participation.supports.empty")}>
        {d.supports.map((s) => (
          <li key={`${s.target}-${s.targetId}`}>
            <Link to={s.href}>{t(`participation.supports.${s.target}`, { id: s.targetId })}</Link>
            <p className="muted">
              {s.process.title} · {date(s.createdAt)}
            </p>
          </li>
        ))}
      </Section>

      <Section id="flags" title={t("participation.flags.heading")} count={d.flags.length} empty={t("participation.flags.empty")}>
        {d.flags.map((f) => (
          <li key={f.id}>
            {f.href ? <Link to={f.href}>{t(`participation.flags.${f.target}`, { id: f.targetId })}</Link> : t(`participation.flags.${f.target}`, { id: f.targetId })}{" "}
            <span className="badge">{t(`participation.flags.status.${f.status}`)}</span>
            <p className="participation__excerpt">{f.reason}</p>
            <p className="muted">{date(f.createdAt)}</p>
          </li>
        ))}
      </Section>
    </div>
  );
}
