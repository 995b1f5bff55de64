import { z } from "zod";

/**
 * The zod schemas of the process-administration forms, shared by the form (Conform, in the
 * browser) and the action (the authoritative check); this module imports nothing but zod.
 * Error messages are translation keys of the "processAdmin" namespace.
 */

/** Repeated from db/schema because this module ships to the browser. */
export const PROCESS_KIND_NAMES = ["regulation", "budget"] as const;
export const PHASE_KIND_NAMES = ["information", "debate", "annotation", "amendments", "consolidation", "final_vote", "results", "implementation"] as const;

export const TITLE_MAX = 200;
export const SLUG_MAX = 80;
export const SUMMARY_MAX = 2000;
export const DEPARTMENT_MAX = 200;
export const CHANGELOG_MAX = 4000;

/** URL-safe slug: lowercase words joined by hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const details = {
  title: z
    .string({ required_error: "processAdmin.error.titleRequired" })
    .trim()
    .min(1, "processAdmin.error.titleRequired")
    .max(TITLE_MAX, "processAdmin.error.titleTooLong"),
  slug: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(SLUG_MAX, "processAdmin.error.slugTooLong").regex(SLUG_PATTERN, "processAdmin.error.slugInvalid").optional(),
  ),
  summary: z.preprocess(emptyToUndefined, z.string().trim().max(SUMMARY_MAX, "processAdmin.error.summaryTooLong").optional()),
  department: z.preprocess(emptyToUndefined, z.string().trim().max(DEPARTMENT_MAX, "processAdmin.error.departmentTooLong").optional()),
};

/** /admin/processes/new. The slug may be left empty: it is then derived from the title. */
export const CreateProcessSchema = z.object({
  kind: z.enum(PROCESS_KIND_NAMES, { required_error: "processAdmin.error.kindRequired", invalid_type_error: "processAdmin.error.kindRequired" }),
  ...details,
});

/** The details form of /admin/processes/:slug (the kind is fixed once the process exists). */
export const EditProcessSchema = z.object({ intent: z.literal("details"), ...details });

const localDateTime = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "processAdmin.phases.error.invalidDate")
    .optional(),
);
const phaseWindow = z.object({ startsAt: localDateTime, endsAt: localDateTime }).optional();

/** The phase calendar form: `phases.<kind>.startsAt|endsAt` as datetime-local values (Madrid time). */
export const PhasesSchema = z.object({
  intent: z.literal("phases"),
  phases: z
    .object(Object.fromEntries(PHASE_KIND_NAMES.map((kind) => [kind, phaseWindow])) as Record<(typeof PHASE_KIND_NAMES)[number], typeof phaseWindow>)
    .optional(),
});

/** Publish / unpublish the process itself (not a document version). */
export const VisibilitySchema = z.object({ intent: z.enum(["publish", "unpublish"]) });

/** /admin/processes/:slug/publish: publishing the draft as the next version. */
export const PublishVersionSchema = z.object({
  changelog: z
    .string({ required_error: "processAdmin.publish.error.changelogRequired" })
    .trim()
    .min(1, "processAdmin.publish.error.changelogRequired")
    .max(CHANGELOG_MAX, "processAdmin.publish.error.changelogTooLong"),
  /** The latest version number the editor saw (0 when none); a stale value is a conflict. */
  baseVersion: z.number({ required_error: "processAdmin.publish.error.stale", invalid_type_error: "processAdmin.publish.error.stale" }).int().min(0),
  /** The draft revision (updatedAt, ms) the page showed; a different one is a conflict. */
  draftUpdatedAt: z.number({ invalid_type_error: "processAdmin.publish.error.stale" }).int().min(0).optional(),
  /** The checkbox confirming a draft that keeps no article of the latest version. */
  confirmDropAll: z.boolean().optional(),
});

/** Derives a slug from a title: "Ordenanza de Movilidad (2027)" → "ordenanza-de-movilidad-2027". */
export function slugify(title: string): string {
  return title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/, "");
}
