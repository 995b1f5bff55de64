import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../../server/i18n/format";
import { presentOrganizationProfile, type ContributionKind, type ContributionSection } from "../../server/presenters/organization";
import { loadOrganizationProfile } from "../../server/services/organization-profile";
import { AmendmentList, type AmendmentListItem } from "../components/amendments/AmendmentList";
import { SubmissionList, type SubmissionListItem } from "../components/submissions/SubmissionList";
import { useI18n, useT } from "../i18n/i18n";
import { toListItem } from "../utils/amendment-pages.server";
import { submissionListItem } from "../utils/submission-pages.server";
import type { AppContext } from "../../server/context";
import { getUser } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.organization.name} · Redacta` : "Redacta" }];

/** A verified organization's public profile: its details and its public contributions. Anything else: 404. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const app = context.app;
  const profile = runService(() => loadOrganizationProfile(app.db, getUser(context), params.slug ?? "", app.now()));
  const view = presentOrganizationProfile(profile);
  return {
    organization: view.organization,
    sections: view.contributions.map((section) => listSection(app, section)),
  };
}

/** A section as the page renders it: each kind as its own lists elsewhere show it. */
function listSection(app: AppContext, section: ContributionSection): { kind: "submissions"; items: SubmissionListItem[] } | { kind: "amendments"; items: AmendmentListItem[] } {
  switch (section.kind) {
    case "submissions":
      return { kind: "submissions", items: section.items.map((s) => submissionListItem(app, s)) };
    case "amendments":
      return { kind: "amendments", items: section.items.map((a) => ({ ...toListItem(a.process.slug, a.summary, null), processTitle: a.process.title })) };
  }
}

type PageSection = ReturnType<typeof listSection>;

function SubmissionsSection({ section }: { section: PageSection }) {
  const t = useT();
  if (section.kind !== "submissions") return null;
  return (
    <section className="card org-profile__section" aria-labelledby="org-section-submissions">
      <h2 id="org-section-submissions">{t("organizations.section.submissions")}</h2>
      {section.items.length === 0 ? <p className="muted">{t("organizations.section.submissionsEmpty")}</p> : <SubmissionList items={section.items} headingLevel={3} />}
    </section>
  );
}

function AmendmentsSection({ section }: { section: PageSection }) {
  const t = useT();
  if (section.kind !== "amendments") return null;
  return (
    <section className="card org-profile__section" aria-labelledby="org-section-amendments">
      <h2 id="org-section-amendments">{t("organizations.section.amendments")}</h2>
      {section.items.length === 0 ? <p className="muted">{t("organizations.section.amendmentsEmpty")}</p> : <AmendmentList items={section.items} headingLevel={3} />}
    </section>
  );
}

/** One component per contribution kind (a kind added to the presenter needs one here). */
const SECTIONS: Record<ContributionKind, (props: { section: PageSection }) => JSX.Element | null> = {
  submissions: SubmissionsSection,
  amendments: AmendmentsSection,
};

export default function OrganizationProfilePage() {
  const { organization: o, sections } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div className="page org-profile">
      <header className="org-profile__head">
        <h1>{o.name}</h1>
        <p className="org-profile__badges">
          <span className="badge badge--phase">{t(`organizations.kind.${o.kind}`)}</span>{" "}
          <span className="muted">{t("organizations.profile.verifiedOn", { date: formatDate(locale, new Date(o.verifiedAt)) })}</span>
        </p>
      </header>
      {o.description ? <p className="lead org-profile__description">{o.description}</p> : null}
      <section className="card" aria-labelledby="org-details">
        <h2 id="org-details">{t("organizations.profile.details")}</h2>
        <dl className="account-facts">
          {o.registrationNumber ? (
            <>
              <dt>{t("organizations.field.registrationNumber")}</dt>
              <dd>{o.registrationNumber}</dd>
            </>
          ) : null}
          {o.address ? (
            <>
              <dt>{t("organizations.field.address")}</dt>
              <dd>{o.address}</dd>
            </>
          ) : null}
          {o.website ? (
            <>
              <dt>{t("organizations.profile.website")}</dt>
              <dd>
                <a href={o.website} rel="nofollow noopener noreferrer" className="org-profile__web">
                  {o.website}
                </a>
              </dd>
            </>
          ) : null}
          {o.contactEmail ? (
            <>
              <dt>{t("organizations.profile.contact")}</dt>
              <dd>
                <a href={`mailto:${o.contactEmail}`}>{o.contactEmail}</a>
                {o.contactPhone ? <> · {o.contactPhone}</> : null}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {sections.map((section) => {
        const Section = SECTIONS[section.kind];
        return <Section key={section.kind} section={section} />;
      })}
      <p>
        <Link to="/processes">{t("organizations.profile.processes")}</Link>
      </p>
    </div>
  );
}
