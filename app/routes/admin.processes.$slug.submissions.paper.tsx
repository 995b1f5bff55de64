import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { flattenClauses } from "../../collab/schema/clauses";
import { fromZonedLocal, toZonedLocal } from "../../server/services/council-time";
import { loadVersion } from "../../server/services/documents/versions";
import { findVisibleProcess } from "../../server/services/processes";
import { isFilingOpen, registerPaperSubmission } from "../../server/services/submissions/file";
import { listOrganizationsForPaper } from "../../server/services/submissions/paper";
import { CsrfInput } from "../components/CsrfInput";
import { useT } from "../i18n/i18n";
import { requirePermission } from "../utils/guards.server";
import { translatedTitle } from "../utils/page-meta";
import { filingFailure } from "../utils/submission-pages.server";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "submissions.paper.title");


/** Staff: register a submission brought to the town hall on paper. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  const app = context.app;
  const user = requirePermission(context, request, "submission.registerPaper", null);
  const process = findVisibleProcess(app.db, user, params.slug ?? "", app.now());
  if (!process || process.latestVersion === null) throw new Response("Not Found", { status: 404 });
  const version = loadVersion(app.db, process.id, process.latestVersion);
  return {
    process: { slug: process.slug, title: process.title },
    open: isFilingOpen(process.phases, app.now()),
    today: toZonedLocal(app.now()).slice(0, 10),
    organizations: listOrganizationsForPaper(app.db),
    clauses: flattenClauses(version?.tree ?? [])
      .filter((c) => c.clause.kind === "article" || c.clause.kind === "budget_line")
      .map((c) => ({ id: c.clause.id, label: c.clause.heading ? `${c.clause.label}. ${c.clause.heading}` : c.clause.label })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const app = context.app;
  const actor = requirePermission(context, request, "submission.registerPaper", null);
  const form = await request.formData();
  const day = String(form.get("receivedAt") ?? "");
  const receivedAt = /^\d{4}-\d{2}-\d{2}$/.test(day) ? fromZonedLocal(`${day}T00:00`) : null;
  if (!receivedAt) return data({ fields: { receivedAt: [{ key: "submissions.error.receivedInvalid" }] } as Record<string, Array<{ key: string; params?: Record<string, string> }>> }, { status: 400 });
  const org = String(form.get("organizationId") ?? "");
  try {
    const filed = await registerPaperSubmission(
      { db: app.db, registry: app.registry, mailOrigin: app.mailOrigin },
      actor,
      params.slug ?? "",
      {
        title: String(form.get("title") ?? ""),
        body: String(form.get("body") ?? ""),
        clauseIds: form.getAll("clauses").map(String),
        filerName: String(form.get("filerName") ?? ""),
        filerContact: String(form.get("filerContact") ?? ""),
        organizationId: /^\d{1,12}$/.test(org) ? Number(org) : null,
        signedPublicly: form.get("signedPublicly") === "on",
        receivedAt,
        uploads: app.uploads ?? { files: [], overflow: false },
      },
      app.now,
    );
    return redirect(`/submissions/${filed.number}?filed=1`);
  } catch (error) {
    const failure = filingFailure(app, error);
    return data({ fields: failure.fields }, { status: failure.status });
  }
}

export default function PaperSubmission() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  const errors = failed?.fields ?? {};
  const fieldErrors = (field: string) =>
    errors[field] ? (
      <ul id={`${field}-error`} className="field__error field__error-list">
        {errors[field].map((e) => (
          <li key={e.key}>{t(e.key, e.params)}</li>
        ))}
      </ul>
    ) : null;
  return (
    <div className="staff-page">
      <p>
        <Link to={`/processes/${d.process.slug}/submissions`}>{t("submissions.register.title")}</Link>
      </p>
      <h1>{t("submissions.paper.title")}</h1>
      <p className="lead">{t("submissions.paper.intro")}</p>
      {fieldErrors("form")}
      {!d.open ? (
        <p className="notice notice--warning">{t("submissions.form.closed")}</p>
      ) : (
        <Form method="post" encType="multipart/form-data">
          <CsrfInput />
          <div className="field">
            <label htmlFor="filerName">{t("submissions.paper.filerName")}</label>
            <input id="filerName" name="filerName" required maxLength={200} />
            {fieldErrors("filerName")}
          </div>
          <div className="field">
            <label htmlFor="filerContact">{t("submissions.paper.filerContact")}</label>
            <textarea id="filerContact" name="filerContact" rows={2} maxLength={500} />
          </div>
          <div className="field">
            <label htmlFor="organizationId">{t("submissions.paper.organization")}</label>
            <select id="organizationId" name="organizationId" defaultValue="">
              <option value="">{t("submissions.paper.none")}</option>
              {d.organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            {fieldErrors("organizationId")}
          </div>
          <div className="field field--checkbox">
            <div className="field__checkbox-row">
              <input type="checkbox" id="signedPublicly" name="signedPublicly" />
              <label htmlFor="signedPublicly">{t("submissions.form.signPublicly")}</label>
            </div>
          </div>
          <div className="field">
            <label htmlFor="receivedAt">{t("submissions.paper.receivedAt")}</label>
            <input id="receivedAt" name="receivedAt" type="date" required defaultValue={d.today} max={d.today} />
            {fieldErrors("receivedAt")}
          </div>
          <div className="field">
            <label htmlFor="title">{t("submissions.field.title")}</label>
            <input id="title" name="title" required maxLength={200} />
            {fieldErrors("title")}
          </div>
          <div className="field">
            <label htmlFor="body">{t("submissions.field.body")}</label>
            <textarea id="body" name="body" required rows={8} maxLength={20000} />
            {fieldErrors("body")}
          </div>
          <fieldset className="field">
            <legend>{t("submissions.field.clauses")}</legend>
            {d.clauses.map((c) => (
              <label key={c.id} className="submission-choice">
                <input type="checkbox" name="clauses" value={c.id} /> {c.label}
              </label>
            ))}
            {fieldErrors("clauses")}
          </fieldset>
          <div className="field">
            <label htmlFor="attachments">{t("submissions.paper.scan")}</label>
            <input id="attachments" name="attachments" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.odt,.docx" aria-describedby="attachments-hint" />
            <p id="attachments-hint" className="field__hint">
              {t("submissions.form.attachmentsHint")}
            </p>
            {fieldErrors("attachments")}
          </div>
          <button type="submit" className="button">
            {t("submissions.paper.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
