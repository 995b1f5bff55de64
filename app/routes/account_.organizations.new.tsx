import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { applyForOrganization } from "../../server/services/organization-applications";
import { ApplicationSchema } from "../../server/services/organization-forms";
import { ApplicationForm } from "../components/organizations/ApplicationForm";
import { useT } from "../i18n/i18n";
import { requirePermission } from "../utils/guards.server";
import { translatedTitle } from "../utils/page-meta";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "organizations.apply.title");

/** A signed-in person applies for an organization account. */
export function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "organization.apply", null);
  return null;
}

/** 400 with field errors (the schema's, or a registration number already taken); 303 to the account page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "organization.apply", null);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ApplicationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    runService(() => applyForOrganization(context.app.db, actor, submission.value, context.app.now()));
  } catch (error) {
    if (error instanceof ValidationError) return data({ result: submission.reply({ fieldErrors: error.fieldErrors }) }, { status: 400 });
    throw error;
  }
  return redirect("/account?organization=applied", 303);
}

export default function ApplyForOrganization() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page account-page">
      <p className="breadcrumb">
        <Link to="/account">{t("account.title")}</Link>
      </p>
      <h1>{t("organizations.apply.title")}</h1>
      <p className="lead">{t("organizations.apply.lead")}</p>
      <section className="card" aria-label={t("organizations.apply.title")}>
        <ApplicationForm lastResult={actionData?.result} submitLabel={t("organizations.apply.submit")} />
      </section>
    </div>
  );
}
