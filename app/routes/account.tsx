import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { isLocale, LOCALE_NAMES } from "../../server/i18n/locales";
import { ChangePasswordSchema, PASSWORD_MIN, ProfileSchema } from "../../server/services/account-forms";
import { revokeAllCredentials } from "../../server/services/credentials";
import { roleNames } from "../../server/services/current-user";
import { listMyOrganizations } from "../../server/services/organization-applications";
import { changePassword } from "../../server/services/password-change";
import { updateProfile } from "../../server/services/profile";
import { CsrfInput } from "../components/CsrfInput";
import { FormErrors, TextField } from "../components/FormField";
import { useT } from "../i18n/i18n";
import { requireUser } from "../utils/guards.server";
import { translatedTitle } from "../utils/page-meta";
import { endSessionCookie, startSessionCookie } from "../utils/session-cookie.server";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "account.title");

/** The signed-in person's own account: who they are, what they may do, where they belong. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return {
    account: {
      name: user.name,
      email: user.email,
      roles: roleNames(user),
      organizations: listMyOrganizations(context.app.db, user),
      language: isLocale(user.locale) ? LOCALE_NAMES[user.locale] : user.locale,
    },
  };
}

/**
 * Three forms, told apart by `intent`: the display name; the password (every session, API token
 * and collaboration socket of the person ends, and this browser gets a fresh session); and
 * "log out everywhere" (the same, without a new session). Post/redirect/get so a reload does not
 * resubmit.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { app } = context;
  const user = requireUser(context, request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "logoutEverywhere") {
    app.db.transaction(() => revokeAllCredentials(app.db, user.id, app.now()));
    app.collab.revokeUser(user.id);
    return redirect("/", { status: 303, headers: { "Set-Cookie": endSessionCookie(context, request) } });
  }
  if (intent === "password") {
    const submission = parseWithZod(formData, { schema: ChangePasswordSchema });
    const hide = { hideFields: ["currentPassword", "password", "confirm"] };
    if (submission.status !== "success") return data({ form: "password" as const, result: submission.reply(hide) }, { status: 400 });
    const outcome = await changePassword(app.db, app.rateLimiter, { userId: user.id, values: submission.value, now: app.now() });
    if (!outcome.ok && outcome.reason === "rate_limited") {
      return data(
        { form: "password" as const, result: submission.reply({ formErrors: ["auth.error.rateLimited"], ...hide }) },
        { status: 429, headers: { "Retry-After": String(outcome.retryAfter) } },
      );
    }
    if (!outcome.ok) {
      const field = outcome.reason === "wrong_password" ? "currentPassword" : "password";
      return data({ form: "password" as const, result: submission.reply({ fieldErrors: { [field]: [outcome.message] }, ...hide }) }, { status: 400 });
    }
    app.collab.revokeUser(user.id);
    return redirect("/account?passwordChanged=1", { status: 303, headers: { "Set-Cookie": startSessionCookie(context, request, user.id) } });
  }
  const submission = parseWithZod(formData, { schema: ProfileSchema });
  if (submission.status !== "success") return data({ form: "name" as const, result: submission.reply() }, { status: 400 });
  updateProfile(app.db, user.id, submission.value);
  return redirect("/account?saved=1", 303);
}

export default function AccountPage() {
  const t = useT();
  const { account } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    id: "profile",
    lastResult: actionData?.form === "name" ? actionData.result : undefined,
    constraint: getZodConstraint(ProfileSchema),
    defaultValue: { name: account.name },
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  });
  const [passwordForm, passwordFields] = useForm({
    id: "change-password",
    lastResult: actionData?.form === "password" ? actionData.result : undefined,
    constraint: getZodConstraint(ChangePasswordSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  });
  const submitting = navigation.state === "submitting";
  const organizationNotice = { applied: "organizations.done.applied", resubmitted: "organizations.done.resubmitted" }[searchParams.get("organization") ?? ""];
  const notice =
    searchParams.get("saved") === "1"
      ? t("account.saved")
      : searchParams.get("passwordChanged") === "1"
        ? t("account.passwordChanged")
        : organizationNotice
          ? t(organizationNotice)
          : null;
  return (
    <div className="page account-page">
      <h1>{t("account.title")}</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <section className="card" aria-labelledby="account-details">
        <h2 id="account-details">{t("account.details")}</h2>
        <dl className="account-facts">
          <dt>{t("account.name")}</dt>
          <dd>{account.name}</dd>
          <dt>{t("account.email")}</dt>
          <dd>{account.email}</dd>
          <dt>{t("account.roles")}</dt>
          <dd>
            <ul className="account-badges">
              {account.roles.map((role) => (
                <li key={role}>
                  <span className="badge">{t(`account.role.${role}`)}</span>
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t("account.language")}</dt>
          <dd>
            {account.language} <span className="muted">{t("account.languageHint")}</span>
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="account-organizations">
        <h2 id="account-organizations">{t("account.organizations")}</h2>
        {account.organizations.length === 0 ? (
          <p className="muted">{t("account.noOrganizations")}</p>
        ) : (
          <ul className="account-orgs">
            {account.organizations.map((o) => (
              <li key={o.id} className="account-org">
                <span className="account-org__name">
                  {o.status === "verified" ? <Link to={`/organizations/${o.slug}`}>{o.name}</Link> : o.name}
                </span>{" "}
                <span className={o.status === "verified" ? "badge badge--phase" : o.status === "rejected" ? "badge badge--warn" : "badge badge--muted"}>
                  {t(`organizations.status.${o.status}`)}
                </span>
                {o.rejectionReason !== null ? (
                  <p className="account-org__reason">{t("organizations.mine.reason", { reason: o.rejectionReason })}</p>
                ) : null}
                {o.canResubmit ? (
                  <p>
                    <Link to={`/account/organizations/${o.id}`}>
                      {t("organizations.mine.correct")}
                      <span className="visually-hidden"> — {o.name}</span>
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/account/organizations/new" className="button button--quiet">
            {t("organizations.mine.apply")}
          </Link>
        </p>
      </section>
      <section className="card" aria-labelledby="account-name-form">
        <h2 id="account-name-form">{t("account.changeName")}</h2>
        <Form method="post" className="form" {...getFormProps(form)}>
          <CsrfInput />
          <input type="hidden" name="intent" value="name" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField meta={fields.name} label={t("auth.field.name")} hint={t("auth.field.nameHint")} autoComplete="name" />
          <div>
            <button type="submit" disabled={submitting}>
              {t("account.saveName")}
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="account-password-form">
        <h2 id="account-password-form">{t("account.password.title")}</h2>
        <p className="muted">{t("account.password.effect")}</p>
        <Form method="post" className="form" {...getFormProps(passwordForm)}>
          <CsrfInput />
          <input type="hidden" name="intent" value="password" />
          <FormErrors id={passwordForm.errorId} errors={passwordForm.errors} />
          <TextField meta={passwordFields.currentPassword} label={t("account.password.current")} type="password" autoComplete="current-password" />
          <TextField
            meta={passwordFields.password}
            label={t("account.password.new")}
            type="password"
            hint={t("auth.field.passwordHint", { count: PASSWORD_MIN })}
            autoComplete="new-password"
          />
          <TextField meta={passwordFields.confirm} label={t("auth.reset.confirm")} type="password" autoComplete="new-password" />
          <div>
            <button type="submit" disabled={submitting}>
              {t("account.password.submit")}
            </button>
          </div>
        </Form>
      </section>
      <section className="card" aria-labelledby="account-everywhere">
        <h2 id="account-everywhere">{t("account.everywhere.title")}</h2>
        <p>{t("account.everywhere.body")}</p>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="logoutEverywhere" />
          <button type="submit" className="button--danger" disabled={submitting}>
            {t("account.everywhere.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
