import { z } from "zod";

/**
 * The zod schemas of the account forms (sign up, log in, password reset, profile). Each schema
 * is shared by the form (client-side validation through Conform) and the action (the
 * authoritative check), so this module imports nothing but zod: it ships to the browser too.
 *
 * Error messages are translation keys; the form renders them with `t(message)`.
 */

/** Password length bounds: long enough to resist guessing, short enough to bound argon2 work. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
/** Longest display name (it shows in headers, threads and reports). */
export const NAME_MAX = 100;
/** Longest e-mail address SMTP allows in a forward path. */
export const EMAIL_MAX = 254;

const email = z
  .string({ required_error: "auth.error.emailRequired", invalid_type_error: "auth.error.emailRequired" })
  .trim()
  .max(EMAIL_MAX, "auth.error.emailTooLong")
  .email("auth.error.emailInvalid")
  .transform((value) => value.toLowerCase());

const newPassword = z
  .string({ required_error: "auth.error.passwordRequired", invalid_type_error: "auth.error.passwordRequired" })
  .min(PASSWORD_MIN, "auth.error.passwordTooShort")
  .max(PASSWORD_MAX, "auth.error.passwordTooLong");

/** A display name: trimmed, not blank, no control characters (they break layouts and logs). */
export const nameField = z
  .string({ required_error: "auth.error.nameRequired", invalid_type_error: "auth.error.nameRequired" })
  .trim()
  .min(1, "auth.error.nameRequired")
  .max(NAME_MAX, "auth.error.nameTooLong")
  // Checked by code point rather than a regex so the rule reads plainly: no C0 or C1 controls.
  .refine((value) => ![...value].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) < 0xa0)), "auth.error.nameInvalid");

/** Where to go after the form; validated again with safeRedirectPath before use. */
const redirectTo = z.string().max(2048, "auth.error.redirectInvalid").optional();

/**
 * Why a new password is unacceptable beyond its length, or null. Shared by the sign-up schema
 * and the reset service (which knows the e-mail only on the server).
 */
export function passwordProblem(password: string, emailAddress: string): string | null {
  if (password.trim().toLowerCase() === emailAddress.trim().toLowerCase()) return "auth.error.passwordIsEmail";
  return null;
}

/** Sign up: name, e-mail, password and the acceptance of the terms. */
export const SignupSchema = z
  .object({
    name: nameField,
    email,
    password: newPassword,
    acceptTerms: z
      .boolean({ required_error: "auth.error.acceptTerms", invalid_type_error: "auth.error.acceptTerms" })
      .refine((accepted) => accepted, "auth.error.acceptTerms"),
    redirectTo,
  })
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value.password, value.email);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["password"], message: problem });
  });
export type SignupInput = z.infer<typeof SignupSchema>;

/** Log in. No length rules on the password: old accounts may predate them. */
export const LoginSchema = z.object({
  email: z
    .string({ required_error: "auth.error.emailRequired", invalid_type_error: "auth.error.emailRequired" })
    .trim()
    .max(EMAIL_MAX, "auth.error.emailTooLong"),
  password: z
    .string({ required_error: "auth.error.passwordRequired", invalid_type_error: "auth.error.passwordRequired" })
    .max(PASSWORD_MAX, "auth.error.passwordTooLong"),
  redirectTo,
});
export type LoginInput = z.infer<typeof LoginSchema>;

/** Ask for a reset link. */
export const ForgotPasswordSchema = z.object({ email });
export type ForgotPasswordInput = z.infer<typeof ForgotPasswordSchema>;

/** Choose a new password with a reset token; both fields must match. */
export const ResetPasswordSchema = z
  .object({
    token: z.string({ required_error: "auth.reset.invalidTitle" }).min(1, "auth.reset.invalidTitle").max(200, "auth.reset.invalidTitle"),
    password: newPassword,
    confirm: z.string({ required_error: "auth.error.confirmRequired", invalid_type_error: "auth.error.confirmRequired" }),
  })
  .superRefine((value, ctx) => {
    if (value.password !== value.confirm) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["confirm"], message: "auth.error.confirmMismatch" });
  });
export type ResetPasswordInput = z.infer<typeof ResetPasswordSchema>;

/** Change the display name on the account page. */
export const ProfileSchema = z.object({ name: nameField });
export type ProfileInput = z.infer<typeof ProfileSchema>;

/** Change the password on the account page: the current one, then the new one twice. */
export const ChangePasswordSchema = z
  .object({
    currentPassword: z
      .string({ required_error: "auth.error.passwordRequired", invalid_type_error: "auth.error.passwordRequired" })
      .max(PASSWORD_MAX, "auth.error.passwordTooLong"),
    password: newPassword,
    confirm: z.string({ required_error: "auth.error.confirmRequired", invalid_type_error: "auth.error.confirmRequired" }),
  })
  .superRefine((value, ctx) => {
    if (value.password !== value.confirm) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["confirm"], message: "auth.error.confirmMismatch" });
  });
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;
