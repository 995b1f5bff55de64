import type { OrganizationAmendment } from "../services/amendments/list";
import type { OrganizationProfile } from "../services/organization-profile";
import type { SubmissionView } from "../services/submissions/read";

/**
 * The wire shape of an organization's public profile: its public details, then one section per
 * contribution kind (formal submissions, amendments), each a list. The page renders sections by
 * `kind`; adding a kind means adding a member to `ContributionSection`, filling it in
 * `presentOrganizationProfile` and giving the page a component for it.
 */

/** A public amendment filed in the organization's name. */
export interface ProfileAmendment {
  summary: OrganizationAmendment;
  process: { slug: string; title: string };
}

/** One list of the organization's contributions. */
export type ContributionSection = { kind: "submissions"; items: SubmissionView[] } | { kind: "amendments"; items: ProfileAmendment[] };
export type ContributionKind = ContributionSection["kind"];

export interface OrganizationProfileView {
  organization: {
    slug: string;
    name: string;
    kind: string;
    registrationNumber: string | null;
    description: string;
    address: string;
    /** An http(s) URL (the application refuses any other scheme) or empty. */
    website: string;
    contactEmail: string;
    contactPhone: string;
    verifiedAt: string;
  };
  contributions: ContributionSection[];
}

/** The profile as the page receives it. */
export function presentOrganizationProfile(profile: OrganizationProfile): OrganizationProfileView {
  const o = profile.organization;
  return {
    organization: {
      slug: o.slug,
      name: o.name,
      kind: o.kind,
      registrationNumber: o.registrationNumber,
      description: o.description,
      address: o.address,
      // Checked again on the way out: a row written before the rule existed must not become a javascript: link.
      website: /^https?:\/\//i.test(o.website) ? o.website : "",
      contactEmail: o.contactEmail,
      contactPhone: o.contactPhone,
      verifiedAt: o.verifiedAt.toISOString(),
    },
    contributions: [
      { kind: "submissions", items: profile.submissions },
      { kind: "amendments", items: profile.amendments.map((a) => ({ summary: a, process: a.process })) },
    ],
  };
}
