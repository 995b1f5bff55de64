import { z } from "zod";

/**
 * The zod schema of the clause debate page's forms, shared by the page and its action; imports
 * nothing but zod (it ships to the browser). Messages are translation keys of "debate".
 * The body's length is checked in code points by the service (the authoritative 5,000 limit);
 * the cap here only stops absurd input before it reaches the service.
 */

/** Repeated from db/schema because this module ships to the browser. */
export const STANCE_NAMES = ["for", "against", "neutral"] as const;
export const SORT_NAMES = ["most_supported", "newest", "oldest"] as const;
/** Longest comment in code points; also the textarea's maxLength hint (UTF-16 units, so looser). */
export const BODY_MAX = 5000;
export const REASON_MAX = 1000;

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const id = z.coerce.number().int().positive();
/** Which form on the page was sent (one per reply and flag), so errors show next to it. */
const formKey = z.string().max(40).regex(/^[a-z0-9-]+$/);

/** Every form of /processes/:slug/clauses/:clauseId, by intent. */
export const DebateActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("comment"),
    formKey,
    // Not trimmed: line breaks and spacing are the author's; the service refuses blank bodies.
    body: z.string({ required_error: "debate.error.bodyRequired" }).min(1, "debate.error.bodyRequired").max(BODY_MAX * 2, "debate.error.bodyTooLong"),
    stance: z.preprocess(emptyToUndefined, z.enum(STANCE_NAMES, { invalid_type_error: "debate.error.stanceInvalid", message: "debate.error.stanceInvalid" }).optional()),
    parentId: z.preprocess(emptyToUndefined, id.optional()),
    official: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
  }),
  z.object({ intent: z.literal("support"), formKey, commentId: id }),
  z.object({
    intent: z.literal("flag"),
    formKey,
    commentId: id,
    reason: z.string({ required_error: "debate.error.reasonRequired" }).trim().min(1, "debate.error.reasonRequired").max(REASON_MAX, "debate.error.reasonTooLong"),
  }),
]);

/** The moderation queue's buttons: hide with a public reason, dismiss the flags, block the author. */
export const ModerationActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("hide"),
    targetType: z.enum(["annotation", "comment"]),
    targetId: id,
    reason: z.string({ required_error: "debate.error.reasonRequired" }).trim().min(1, "debate.error.reasonRequired").max(REASON_MAX, "debate.error.reasonTooLong"),
  }),
  z.object({ intent: z.literal("dismiss"), targetType: z.enum(["annotation", "comment"]), targetId: id }),
  z.object({ intent: z.literal("block"), targetType: z.enum(["annotation", "comment"]), targetId: id }),
]);

/**
 * POST /flags: flag an annotation or a comment from any page (e.g. the reading view's annotation
 * threads). `redirectTo` is where to come back to (a same-site path, checked by the route).
 */
export const FlagFormSchema = z.object({
  targetType: z.enum(["annotation", "comment"]),
  targetId: id,
  reason: z.string({ required_error: "debate.error.reasonRequired" }).trim().min(1, "debate.error.reasonRequired").max(REASON_MAX, "debate.error.reasonTooLong"),
  redirectTo: z.string().max(2000).optional(),
});
