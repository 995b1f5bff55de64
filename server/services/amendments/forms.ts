import { z } from "zod";

/**
 * The zod schemas of the amendment pages' forms (clause page "propose", the amendment page's
 * buttons and panels, the join page), each shared by the form (Conform, in the browser) and the
 * action (the authoritative parse). This module imports nothing but zod: it ships to the browser.
 * Messages are translation keys of the "amendments" namespace. The services check every rule
 * again (phase, co-authorship, limits); these schemas only shape the input.
 */

/** Repeated from db/schema/amendments.ts because this module ships to the browser. */
export const AMENDMENT_KIND_NAMES = ["modify", "add", "delete", "budget"] as const;
export const AMENDMENT_STATUS_NAMES = ["draft", "submitted", "withdrawn"] as const;
/** The kinds a person picks on an article's page (a budget has only "budget"). */
export const CLAUSE_KIND_NAMES = ["modify", "add", "delete"] as const;

/** Longest justification, in code points (an emoji counts once). */
export const JUSTIFICATION_MAX = 5000;

/** The "on behalf of" select's value for filing as oneself. */
export const ON_BEHALF_MYSELF = "myself";

const id = z.coerce.number({ invalid_type_error: "amendments.error.invalid" }).int().positive();

const justification = z
  .string({ required_error: "amendments.error.justificationRequired" })
  .trim()
  .min(1, "amendments.error.justificationRequired")
  .refine((text) => [...text].length <= JUSTIFICATION_MAX, "amendments.error.justificationTooLong");

/**
 * Starting an amendment: on an article's page (modify / add / delete) or on a budget (budget).
 * `onBehalfOf` is an organization id the person represents, or "myself".
 */
export const StartAmendmentSchema = z.object({
  intent: z.literal("amend"),
  kind: z.enum(AMENDMENT_KIND_NAMES, { required_error: "amendments.error.kindRequired", invalid_type_error: "amendments.error.kindRequired", message: "amendments.error.kindRequired" }),
  justification,
  onBehalfOf: z.preprocess((v) => (v === undefined || v === "" || v === ON_BEHALF_MYSELF ? undefined : v), id.optional()),
});
export type StartAmendmentInput = z.infer<typeof StartAmendmentSchema>;

/** Editing a draft's justification (co-authors). */
export const JustificationSchema = z.object({ intent: z.literal("justification"), justification });

/** Adding a member of the amendment's organization as a co-author. */
export const AddMemberSchema = z.object({
  intent: z.literal("addMember"),
  userId: z.coerce.number({ invalid_type_error: "amendments.error.memberRequired" }).int("amendments.error.memberRequired").positive("amendments.error.memberRequired"),
});

/**
 * The amendment page's buttons that carry no text: support, amend further, submit, withdraw,
 * create an invite link, revoke one (inviteId), remove a co-author (userId) and leave.
 */
export const AmendmentButtonSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("support") }),
  z.object({ intent: z.literal("amendFurther") }),
  z.object({ intent: z.literal("submit") }),
  z.object({ intent: z.literal("withdraw") }),
  z.object({ intent: z.literal("invite") }),
  z.object({ intent: z.literal("leave") }),
  z.object({ intent: z.literal("removeCoauthor"), userId: id }),
  z.object({ intent: z.literal("revokeInvite"), inviteId: id }),
]);

/** Every form of /processes/:slug/amendments/:id, by intent. */
export const AmendmentPageSchema = z.union([JustificationSchema, AddMemberSchema, AmendmentButtonSchema]);

/** /amendments/join/:token: the confirm button (the token is in the path). */
export const JoinAmendmentSchema = z.object({ intent: z.literal("join") });

/** The process-level list's query: an optional status filter (anything else means "all"). */
export const AmendmentListQuerySchema = z.object({
  status: z.enum(AMENDMENT_STATUS_NAMES).optional().catch(undefined),
});
