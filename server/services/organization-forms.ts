import { z } from "zod";

/**
 * The zod schemas of the organization application (apply, correct and resubmit) and of the staff
 * review (reject with a reason). Each is shared by the form (Conform, in the browser) and the
 * action (the authoritative parse), so this module imports nothing but zod. Messages are
 * translation keys of the "organizations" namespace; the services check every rule again.
 */

/** Repeated from db/schema/accounts.ts because this module ships to the browser. */
export const ORGANIZATION_KIND_NAMES = ["association", "ngo", "business", "public_body", "other"] as const;
export type OrganizationKindName = (typeof ORGANIZATION_KIND_NAMES)[number];

/** Longest value of each field, in code points. */
export const APPLICATION_LIMITS = {
  name: 160,
  registrationNumber: 40,
  address: 300,
  website: 200,
  contactEmail: 254,
  contactPhone: 30,
  description: 1000,
  reason: 1000,
} as const;

const length = (text: string) => [...text].length;

/** A required single-line text of at most `max` code points, with no control characters. */
function requiredText(field: keyof typeof APPLICATION_LIMITS) {
  const max = APPLICATION_LIMITS[field];
  return z
    .string({ required_error: `organizations.error.${field}Required` })
    .trim()
    .min(1, `organizations.error.${field}Required`)
    .refine((v) => length(v) <= max, `organizations.error.${field}TooLong`)
    // Control characters, and invisible format ones (bidi overrides, zero-width spaces), which
    // would let a name look like another organization's.
    .refine((v) => !/[\p{Cc}\p{Cf}]/u.test(v), "organizations.error.controlCharacters");
}

/**
 * An optional text: absent and blank both mean "". Conform turns a blank field into undefined
 * before the schema sees it (also inside pipes), so the rules run on the optional value and the
 * transform comes last.
 */
function optionalText(field: keyof typeof APPLICATION_LIMITS, extra?: (v: string) => boolean, extraMessage?: string) {
  const max = APPLICATION_LIMITS[field];
  const trimmed = (v: string | undefined) => (v ?? "").trim();
  return z
    .string()
    .optional()
    .refine((v) => length(trimmed(v)) <= max, `organizations.error.${field}TooLong`)
    // eslint-disable-next-line no-control-regex
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed(v)), "organizations.error.controlCharacters")
    .refine((v) => trimmed(v) === "" || !extra || extra(trimmed(v)), extraMessage ?? "organizations.error.invalid")
    .transform(trimmed);
}

/**
 * Whether `value` is an absolute http: or https: URL. Any other scheme (javascript:, data:,
 * file:) is refused: the profile page turns this into a link.
 */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * Registration numbers as compared for duplicates: upper case, without spaces, dots or hyphens.
 * (The schema then admits only ASCII letters and digits, so a Cyrillic "В" cannot pass for a "B".)
 */
export function normalizeRegistrationNumber(value: string): string {
  return value.normalize("NFKC").toUpperCase().replace(/[\s.\-_/]/g, "");
}

/** Look-alike letters of other scripts, by the Latin letter they pass for. */
const CONFUSABLES: Record<string, string> = {
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x", ѕ: "s", і: "i", ї: "i", ј: "j", ԁ: "d", ԛ: "q", ԝ: "w",
  α: "a", β: "b", ε: "e", η: "n", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", ɡ: "g", ı: "i",
};

/**
 * An organization name as compared for look-alikes: compatibility-normalised, without accents,
 * lower case, Cyrillic and Greek look-alike letters as the Latin ones, 0/1 as o/l, and nothing
 * but letters and digits ("Asociación Ciclista Bici-Villanueva" = "ASOCIACION CICLISTA BICI VILLANUEVA").
 */
export function organizationNameKey(name: string): string {
  return Array.from(name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase(), (c) => CONFUSABLES[c] ?? c)
    .join("")
    .replace(/0/g, "o")
    .replace(/[1|]/g, "l")
    .replace(/[^\p{L}\p{N}]/gu, "")
    .replace(/i/g, "l");
}

/** The fields of an application, the same for a first application and a corrected one. */
export const ApplicationSchema = z.object({
  name: requiredText("name"),
  registrationNumber: requiredText("registrationNumber").refine(
    (v) => /^[\p{L}\p{N}\s.\-_/]+$/u.test(v) && /^[A-Z0-9]+$/.test(normalizeRegistrationNumber(v)),
    "organizations.error.registrationNumberInvalid",
  ),
  kind: z.enum(ORGANIZATION_KIND_NAMES, {
    required_error: "organizations.error.kindRequired",
    invalid_type_error: "organizations.error.kindRequired",
    message: "organizations.error.kindRequired",
  }),
  address: requiredText("address"),
  website: optionalText("website", isWebUrl, "organizations.error.websiteInvalid"),
  contactEmail: requiredText("contactEmail").pipe(z.string().email("organizations.error.contactEmailInvalid")),
  contactPhone: optionalText("contactPhone", (v) => /^\+?[0-9 ().-]{3,}$/.test(v), "organizations.error.contactPhoneInvalid"),
  description: optionalText("description"),
});
export type ApplicationInput = z.infer<typeof ApplicationSchema>;

/** Staff rejecting a pending application: the reason is required (the applicant reads it). */
export const RejectApplicationSchema = z.object({
  intent: z.literal("reject"),
  organizationId: z.coerce.number({ invalid_type_error: "organizations.error.invalid" }).int().positive(),
  reason: z
    .string({ required_error: "organizations.error.reasonRequired" })
    .trim()
    .min(1, "organizations.error.reasonRequired")
    .refine((v) => length(v) <= APPLICATION_LIMITS.reason, "organizations.error.reasonTooLong"),
});
