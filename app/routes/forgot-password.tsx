import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { ForgotPasswordSchema } from "../../server/services/account-forms";
import { requestPasswordReset } from "../../server/services/password-reset";
import { CsrfInput } from "../components/CsrfInput";
import { FormErrors, TextField } from "../components/FormField";
import { useT } from "../i18n/i18n";
import { translatedTitle } from "../utils/page-meta";
import { retryAfterHeaders } from "../utils/retry-after";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "auth.forgot.title");

/**
 * Sends a reset link when the address has an account, and answers exactly the same when it
 * does not, so the form reveals nothing about who is registered.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { app } = context;
  const submission = parseWithZod(await request.formData(), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), retryAfter: null }, { status: 400 });
  const outcome = requestPasswordReset(app.db, app.rateLimiter, app.mailer, {
    email: submission.value.email,
    ip: app.clientIp,
    origin: app.mailOrigin,
    now: app.now(),
  });
  if (!outcome.ok) {
    return data(
      { result: submission.reply({ formErrors: ["auth.error.rateLimited"] }), retryAfter: outcome.retryAfter },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfter) } },
    );
  }
  return redirect("/forgot-password?sent=1", 303);
}

export default function ForgotPasswordPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const sent = searchParams.get("sent") === "1";
  const [form, fields] = useForm({
    id: "forgot-password",
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotPasswordSchema),
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  });
  const retryMinutes = actionData?.retryAfter ? Math.ceil(actionData.retryAfter / 60) : null;
  return (
    <div className="page auth-page">
      <section className="form-panel" aria-labelledby="forgot-title">
        <h1 id="forgot-title">{t("auth.forgot.title")}</h1>
        {sent ? (
          <p className="notice" role="status">
            {t("auth.forgot.sent")}
          </p>
        ) : (
          <>
            <p className="muted">{t("auth.forgot.lead")}</p>
            <Form method="post" className="form" {...getFormProps(form)}>
              <CsrfInput />
              <FormErrors
                id={form.errorId}
                errors={form.errors}
                detail={retryMinutes ? t("auth.error.retryAfter", { count: retryMinutes }) : undefined}
              />
              <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete="email" />
              <button type="submit" disabled={navigation.state === "submitting"}>
                {t("auth.forgot.submit")}
              </button>
            </Form>
          </>
        )}
        <p className="auth-page__alt">
          <Link to="/login">{t("auth.forgot.backToLogin")}</Link>
        </p>
      </section>
    </div>
  );
}
