import { z } from "zod";

/**
 * The zod schemas of the staff-area forms. Each is shared by the form (Conform, in the browser)
 * and the action (the authoritative check), so this module imports nothing but zod.
 * Error messages are translation keys of the "admin" namespace.
 */

/** The staff roles, repeated here because this module ships to the browser (db/ may not). */
export const STAFF_ROLE_NAMES = ["editor", "moderator", "admin"] as const;

const id = z.number({ required_error: "admin.error.missingId", invalid_type_error: "admin.error.missingId" }).int().positive();

/** One button on a row of /admin/users. `role` only for the role intents. */
export const UserActionSchema = z
  .object({
    intent: z.enum(["verify", "unverify", "grantRole", "revokeRole", "block", "unblock"], {
      required_error: "admin.error.unknownIntent",
      invalid_type_error: "admin.error.unknownIntent",
    }),
    userId: id,
    role: z.enum(STAFF_ROLE_NAMES, { invalid_type_error: "admin.error.unknownRole" }).optional(),
  })
  .refine((v) => (v.intent !== "grantRole" && v.intent !== "revokeRole") || v.role !== undefined, {
    path: ["role"],
    message: "admin.error.unknownRole",
  });

/** Longest organization name and slug, and description. */
export const ORG_NAME_MAX = 120;
export const ORG_SLUG_MAX = 60;
export const ORG_DESCRIPTION_MAX = 1000;

/** Creating an organization. */
export const CreateOrganizationSchema = z.object({
  intent: z.literal("create"),
  name: z
    .string({ required_error: "admin.organizations.error.nameRequired" })
    .trim()
    .min(1, "admin.organizations.error.nameRequired")
    .max(ORG_NAME_MAX, "admin.organizations.error.nameTooLong"),
  slug: z
    .string({ required_error: "admin.organizations.error.slugRequired" })
    .trim()
    .max(ORG_SLUG_MAX, "admin.organizations.error.slugTooLong")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "admin.organizations.error.slugInvalid"),
  description: z.string().trim().max(ORG_DESCRIPTION_MAX, "admin.organizations.error.descriptionTooLong").optional(),
});

/** Adding a member to an organization by the e-mail of their account. */
export const AddMemberSchema = z.object({
  intent: z.literal("addMember"),
  organizationId: id,
  email: z
    .string({ required_error: "admin.organizations.error.emailRequired" })
    .trim()
    .max(254, "admin.organizations.error.emailInvalid")
    .email("admin.organizations.error.emailInvalid"),
});

/** Verifying, un-verifying, or removing a member (buttons with hidden fields). */
export const OrganizationActionSchema = z
  .object({
    intent: z.enum(["verify", "unverify", "removeMember"], { required_error: "admin.error.unknownIntent", invalid_type_error: "admin.error.unknownIntent" }),
    organizationId: id,
    userId: id.optional(),
  })
  .refine((v) => v.intent !== "removeMember" || v.userId !== undefined, { path: ["userId"], message: "admin.error.missingId" });
