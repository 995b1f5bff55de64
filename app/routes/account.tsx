import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { isLocale, LOCALE_NAMES } from "../../server/i18n/locales";
import { ProfileSchema } from "../../server/services/account-forms";
import { roleNames } from "../../server/services/current-user";
import { updateProfile } from "../../server/services/profile";
import { CsrfInput } from "../components/CsrfInput";
import { FormErrors, TextField } from "../components/FormField";
import { useT } from "../i18n/i18n";
import { requireUser } from "../utils/guards.server";
import { translatedTitle } from "../utils/page-meta";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "account.title");

/** The signed-in person's own account: who they are, what they may do, where they belong. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return {
    account: {
      name: user.name,
      email: user.email,
      roles: roleNames(user),
      organizations: user.organizations.map((o) => ({ slug: o.slug, name: o.name, verified: o.verified })),
      language: isLocale(user.locale) ? LOCALE_NAMES[user.locale] : user.locale,
    },
  };
}

/** Changes the display name; post/redirect/get so a reload does not resubmit. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const submission = parseWithZod(await request.formData(), { schema: ProfileSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  updateProfile(context.app.db, user.id, submission.value);
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
    lastResult: actionData?.result,
    constraint: getZodConstraint(ProfileSchema),
    defaultValue: { name: account.name },
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
  });
  const notice = searchParams.get("saved") === "1" ? t("account.saved") : searchParams.get("passwordChanged") === "1" ? t("account.passwordChanged") : null;
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
          <dt>{t("account.organizations")}</dt>
          <dd>
            {account.organizations.length === 0 ? (
              <span className="muted">{t("account.noOrganizations")}</span>
            ) : (
              <ul className="account-orgs">
                {account.organizations.map((o) => (
                  <li key={o.slug}>
                    {o.name}{" "}
                    <span className={o.verified ? "badge badge--phase" : "badge badge--muted"}>
                      {o.verified ? t("account.orgVerified") : t("account.orgPending")}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t("account.language")}</dt>
          <dd>
            {account.language} <span className="muted">{t("account.languageHint")}</span>
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="account-name-form">
        <h2 id="account-name-form">{t("account.changeName")}</h2>
        <Form method="post" className="form" {...getFormProps(form)}>
          <CsrfInput />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField meta={fields.name} label={t("auth.field.name")} hint={t("auth.field.nameHint")} autoComplete="name" />
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("account.saveName")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
