import { eq } from "drizzle-orm";
import type { Db } from "../../db/connection";
import { organizations, type OrganizationKind } from "../../db/schema";
import { NotFoundError } from "../errors";
import { can } from "../policies/can";
import { listOrganizationAmendments, type OrganizationAmendment } from "./amendments/list";
import type { CurrentUser } from "./current-user";
import { statusOf } from "./organization-applications";
import { submissionsByOrganization, type SubmissionView } from "./submissions/read";

/** What an organization's public profile shows about it (no applicant, no rejection history). */
export interface OrganizationPublicDetails {
  id: number;
  slug: string;
  name: string;
  kind: OrganizationKind;
  registrationNumber: string | null;
  description: string;
  address: string;
  website: string;
  contactEmail: string;
  contactPhone: string;
  verifiedAt: Date;
}

/**
 * Everything the profile lists, by contribution kind. Each kind is read by its own service
 * (amendments: amendments/list.ts, formal submissions: submissions/read.ts); a new kind adds a
 * list here and a section in server/presenters/organization.ts.
 */
export interface OrganizationProfile {
  organization: OrganizationPublicDetails;
  amendments: OrganizationAmendment[];
  submissions: SubmissionView[];
}

/**
 * A verified organization's public profile ("organization.viewProfile"). A pending or rejected
 * organization has none: NotFoundError, exactly as for an unknown slug, for everybody.
 */
export function loadOrganizationProfile(db: Db, viewer: CurrentUser | null, slug: string, now: Date): OrganizationProfile {
  const row = db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      kind: organizations.kind,
      registrationNumber: organizations.registrationNumber,
      description: organizations.description,
      address: organizations.address,
      website: organizations.website,
      contactEmail: organizations.contactEmail,
      contactPhone: organizations.contactPhone,
      verifiedAt: organizations.verifiedAt,
      rejectedAt: organizations.rejectedAt,
    })
    .from(organizations)
    .where(eq(organizations.slug, slug))
    .get();
  if (!row || !row.verifiedAt || !can(viewer, "organization.viewProfile", { status: statusOf(row) })) throw new NotFoundError("organization", slug);
  const { rejectedAt: _rejectedAt, verifiedAt, ...details } = row;
  return { organization: { ...details, verifiedAt }, amendments: listOrganizationAmendments(db, row.id), submissions: submissionsByOrganization(db, viewer, row.id, now) };
}
