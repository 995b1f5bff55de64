import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { loadApplicationForCorrection, resubmitApplication } from "../../server/services/organization-applications";
import { ApplicationSchema } from "../../server/services/organization-forms";
import { ApplicationForm } from "../components/organizations/ApplicationForm";
import { useT } from "../i18n/i18n";
import { requireUser } from "../utils/guards.server";
import { translatedTitle } from "../utils/page-meta";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "organizations.correct.title");

function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not Found", { status: 404 });
  return id;
}

/** Its applicant corrects a rejected application (anyone else, or one not rejected: 404/403). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const application = runService(() => loadApplicationForCorrection(context.app.db, user, idParam(params.id)));
  return { application };
}

/** 400 with field errors; 303 to the account page once resubmitted (pending again). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const id = idParam(params.id);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ApplicationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    runService(() => resubmitApplication(context.app.db, user, id, submission.value, context.app.now()));
  } catch (error) {
    if (error instanceof ValidationError) return data({ result: submission.reply({ fieldErrors: error.fieldErrors }) }, { status: 400 });
    throw error;
  }
  return redirect("/account?organization=resubmitted", 303);
}

export default function CorrectApplication() {
  const t = useT();
  const { application } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { id: _id, status: _status, rejectionReason, ...values } = application;
  return (
    <div className="page account-page">
      <p className="breadcrumb">
        <Link to="/account">{t("account.title")}</Link>
      </p>
      <h1>{t("organizations.correct.title")}</h1>
      <p className="lead">{t("organizations.correct.lead")}</p>
      <section className="card" aria-labelledby="rejection-reason">
        <h2 id="rejection-reason">{t("organizations.correct.reason")}</h2>
        <p className="prewrap">{rejectionReason}</p>
      </section>
      <section className="card" aria-label={t("organizations.correct.title")}>
        <ApplicationForm lastResult={actionData?.result} defaultValue={values} submitLabel={t("organizations.correct.submit")} />
      </section>
    </div>
  );
}
