import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { COOKIE, readCookie, serializeCookie } from "../../server/http/cookies";
import { KNOWN_DEVICE_TTL_MS, signKnownDevice, verifyKnownDevice } from "../../server/security/known-device";
import { LoginSchema } from "../../server/services/account-forms";
import { attemptLogin } from "../../server/services/login";
import { CsrfInput } from "../components/CsrfInput";
import { FormErrors, TextField } from "../components/FormField";
import { useT } from "../i18n/i18n";
import { translatedTitle } from "../utils/page-meta";
import { retryAfterHeaders } from "../utils/retry-after";
import { safeRedirectPath } from "../utils/safe-redirect";
import { startSessionCookie } from "../utils/session-cookie.server";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "auth.login.title");

/** Someone already signed in goes straight on. */
export function loader({ request, context }: LoaderFunctionArgs) {
  if (context.app.user) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

/**
 * Checks the credentials (rate-limited by attemptLogin), rotates the session and returns to
 * `redirectTo` — only ever a path on this site.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { app } = context;
  const submission = parseWithZod(await request.formData(), { schema: LoginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }), retryAfter: null }, { status: 400 });
  }
  const knownDeviceUserId = verifyKnownDevice(app.deviceKey, readCookie(request.headers.get("cookie"), COOKIE.device), app.now());
  const outcome = await attemptLogin(app.db, app.rateLimiter, { ...submission.value, ip: app.clientIp, knownDeviceUserId });
  if (!outcome.ok) {
    const hide = { hideFields: ["password"] };
    switch (outcome.reason) {
      case "rate_limited":
        return data(
          { result: submission.reply({ formErrors: ["auth.error.rateLimited"], ...hide }), retryAfter: outcome.retryAfter },
          { status: 429, headers: { "Retry-After": String(outcome.retryAfter) } },
        );
      case "blocked":
        return data({ result: submission.reply({ formErrors: ["auth.login.blocked"], ...hide }), retryAfter: null }, { status: 403 });
      case "invalid":
        return data({ result: submission.reply({ formErrors: ["auth.login.invalid"], ...hide }), retryAfter: null }, { status: 400 });
    }
  }
  const headers = new Headers();
  headers.append("Set-Cookie", startSessionCookie(context, request, outcome.userId));
  headers.append(
    "Set-Cookie",
    serializeCookie(COOKIE.device, signKnownDevice(app.deviceKey, outcome.userId, app.now()), {
      maxAgeSeconds: Math.floor(KNOWN_DEVICE_TTL_MS / 1000),
      secure: app.secureCookies,
    }),
  );
  return redirect(safeRedirectPath(submission.value.redirectTo), { status: 303, headers });
}

export default function LoginPage() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const redirectTo = safeRedirectPath(searchParams.get("redirectTo"));
  const [form, fields] = useForm({
    id: "login",
    lastResult: actionData?.result,
    constraint: getZodConstraint(LoginSchema),
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  });
  const retryMinutes = actionData?.retryAfter ? Math.ceil(actionData.retryAfter / 60) : null;
  const signupHref = redirectTo === "/" ? "/signup" : `/signup?redirectTo=${encodeURIComponent(redirectTo)}`;
  return (
    <div className="page auth-page">
      <section className="form-panel" aria-labelledby="login-title">
        <h1 id="login-title">{t("auth.login.title")}</h1>
        <Form method="post" className="form" {...getFormProps(form)}>
          <CsrfInput />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <FormErrors
            id={form.errorId}
            errors={form.errors}
            detail={retryMinutes ? t("auth.error.retryAfter", { count: retryMinutes }) : undefined}
          />
          <TextField meta={fields.email} label={t("auth.field.email")} type="email" autoComplete="username" />
          <TextField meta={fields.password} label={t("auth.field.password")} type="password" autoComplete="current-password" />
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("auth.login.submit")}
          </button>
        </Form>
        <p className="auth-page__alt">
          <Link to="/forgot-password">{t("auth.login.forgot")}</Link>
        </p>
        <p className="auth-page__alt">
          {t("auth.login.noAccount")} <Link to={signupHref}>{t("auth.login.signupLink")}</Link>
        </p>
      </section>
    </div>
  );
}
