import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PASSWORD_MIN, ResetPasswordSchema } from "../../server/services/account-forms";
import { isResetTokenUsable, resetPassword } from "../../server/services/password-reset";
import { CsrfInput } from "../components/CsrfInput";
import { FormErrors, TextField } from "../components/FormField";
import { useT } from "../i18n/i18n";
import { translatedTitle } from "../utils/page-meta";
import { startSessionCookie } from "../utils/session-cookie.server";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "auth.reset.title");

/** Shows the form only for a usable token; an unknown, used or expired one gets a clear 400 page. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const usable = token.length > 0 && token.length <= 200 && isResetTokenUsable(context.app.db, token, context.app.now());
  if (!usable) return data({ token: null }, { status: 400 });
  return { token };
}

/**
 * Sets the new password, spends the token, ends every session of the account (whoever knew
 * the old password is out) and logs the person in with a fresh session.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { app } = context;
  const submission = parseWithZod(await request.formData(), { schema: ResetPasswordSchema });
  const hide = { hideFields: ["password", "confirm"] };
  if (submission.status !== "success") return data({ result: submission.reply(hide), invalidToken: false }, { status: 400 });
  const outcome = await resetPassword(app.db, { token: submission.value.token, password: submission.value.password, now: app.now() });
  if (!outcome.ok && outcome.reason === "invalid_token") return data({ result: null, invalidToken: true }, { status: 400 });
  if (!outcome.ok) {
    return data({ result: submission.reply({ fieldErrors: { password: [outcome.message] }, ...hide }), invalidToken: false }, { status: 400 });
  }
  // Sessions and API tokens ended with the reset; the open co-editing sockets end now.
  app.collab.revokeUser(outcome.userId);
  return redirect("/account?passwordChanged=1", {
    status: 303,
    headers: { "Set-Cookie": startSessionCookie(context, request, outcome.userId) },
  });
}

function InvalidLink() {
  const t = useT();
  return (
    <>
      <h1 id="reset-title">{t("auth.reset.invalidTitle")}</h1>
      <p>{t("auth.reset.invalidBody")}</p>
      <p>
        <Link to="/forgot-password" className="button">
          {t("auth.reset.requestAgain")}
        </Link>
      </p>
    </>
  );
}

export default function ResetPasswordPage() {
  const t = useT();
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "reset-password",
    lastResult: actionData?.result ?? undefined,
    constraint: getZodConstraint(ResetPasswordSchema),
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
  });
  const invalid = token === null || actionData?.invalidToken === true;
  return (
    <div className="page auth-page">
      <section className="form-panel" aria-labelledby="reset-title">
        {invalid ? (
          <InvalidLink />
        ) : (
          <>
            <h1 id="reset-title">{t("auth.reset.title")}</h1>
            <Form method="post" className="form" {...getFormProps(form)}>
              <CsrfInput />
              <input type="hidden" name="token" value={token} />
              <FormErrors id={form.errorId} errors={form.errors} />
              <TextField
                meta={fields.password}
                label={t("auth.reset.newPassword")}
                type="password"
                hint={t("auth.field.passwordHint", { count: PASSWORD_MIN })}
                autoComplete="new-password"
              />
              <TextField meta={fields.confirm} label={t("auth.reset.confirm")} type="password" autoComplete="new-password" />
              <button type="submit" disabled={navigation.state === "submitting"}>
                {t("auth.reset.submit")}
              </button>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}
