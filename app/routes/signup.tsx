import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { PASSWORD_MIN, SignupSchema } from "../../server/services/account-forms";
import { signUp } from "../../server/services/signup";
import { CsrfInput } from "../components/CsrfInput";
import { CheckboxField, FormErrors, TextField } from "../components/FormField";
import { useT } from "../i18n/i18n";
import { translatedTitle } from "../utils/page-meta";
import { retryAfterHeaders } from "../utils/retry-after";
import { safeRedirectPath } from "../utils/safe-redirect";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "auth.signup.title");

/** Someone already signed in has nothing to do here. */
export function loader({ request, context }: LoaderFunctionArgs) {
  if (context.app.user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

/**
 * Creates the account, or, when the e-mail already has one, mails its owner instead. Both
 * answers are the same redirect to the same "check your e-mail" page with no session, so the
 * form reveals nothing about who is registered; a new account then logs in as usual.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { app } = context;
  const submission = parseWithZod(await request.formData(), { schema: SignupSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryAfter: null }, { status: 400 });
  }
  const outcome = await signUp(app.db, app.rateLimiter, submission.value, {
    ip: app.clientIp,
    locale: app.locale,
    now: app.now(),
    mailer: app.mailer,
    origin: app.mailOrigin,
  });
  if (!outcome.ok) {
    return data(
      { result: submission.reply({ formErrors: ["auth.error.rateLimited"], hideFields: ["password"] }), retryAfter: outcome.retryAfter },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfter) } },
    );
  }
  const redirectTo = safeRedirectPath(submission.value.redirectTo);
  const next = redirectTo === "/" ? "" : `&redirectTo=${encodeURIComponent(redirectTo)}`;
  return redirect(`/signup?sent=1${next}`, 303);
}

export default function SignupPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const redirectTo = safeRedirectPath(searchParams.get("redirectTo"));
  const [form, fields] = useForm({
    id: "signup",
    lastResult: actionData?.result,
    constraint: getZodConstraint(SignupSchema),
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
  });
  const retryMinutes = actionData?.retryAfter ? Math.ceil(actionData.retryAfter / 60) : null;
  const loginHref = redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`;
  if (searchParams.get("sent") === "1") {
    return (
      <div className="page auth-page">
        <section className="form-panel" aria-labelledby="signup-title">
          <h1 id="signup-title">{t("auth.signup.sentTitle")}</h1>
          <p role="status">{t("auth.signup.sentBody")}</p>
          <p>
            <Link to={loginHref} className="button">
              {t("auth.signup.sentLogin")}
            </Link>
          </p>
        </section>
      </div>
    );
  }
  return (
    <div className="page auth-page">
      <section className="form-panel" aria-labelledby="signup-title">
        <h1 id="signup-title">{t("auth.signup.title")}</h1>
        <p className="muted">{t("auth.signup.lead")}</p>
        <Form method="post" className="form" {...getFormProps(form)}>
          <CsrfInput />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <FormErrors
            id={form.errorId}
            errors={form.errors}
            detail={retryMinutes ? t("auth.error.retryAfter", { count: retryMinutes }) : undefined}
          />
          <TextField meta={fields.name} label={t("auth.field.name")} hint={t("auth.field.nameHint")} autoComplete="name" />
          <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete="email" />
          <TextField
            meta={fields.password}
            label={t("auth.field.password")}
            type="password"
            hint={t("auth.field.passwordHint", { count: PASSWORD_MIN })}
            autoComplete="new-password"
          />
          <CheckboxField meta={fields.acceptTerms} label={t("auth.field.acceptTerms")} />
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("auth.signup.submit")}
          </button>
        </Form>
        <p className="auth-page__alt">
          {t("auth.signup.haveAccount")} <Link to={loginHref}>{t("auth.signup.loginLink")}</Link>
        </p>
      </section>
    </div>
  );
}
