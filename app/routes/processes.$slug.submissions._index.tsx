import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { flattenClauses } from "../../collab/schema/clauses";
import { can } from "../../server/policies/can";
import { loadVersion } from "../../server/services/documents/versions";
import { findVisibleProcess } from "../../server/services/processes";
import { isFilingOpen } from "../../server/services/submissions/file";
import { listRegister } from "../../server/services/submissions/read";
import { Pager } from "../components/Pager";
import { SubmissionList } from "../components/submissions/SubmissionList";
import { useT } from "../i18n/i18n";
import { getUser } from "../utils/guards.server";
import { translatedTitle } from "../utils/page-meta";
import { registerFilterOf } from "../utils/register-filter.server";
import { runService } from "../utils/service-errors.server";
import { submissionListItem } from "../utils/submission-pages.server";

export const meta: MetaFunction = ({ matches }) => translatedTitle(matches, "submissions.register.title");

/** The public register of a process: every submission, newest first, filtered and paged. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  const app = context.app;
  const user = getUser(context);
  const url = new URL(request.url);
  const process = findVisibleProcess(app.db, user, params.slug ?? "", app.now());
  if (!process) throw new Response("Not Found", { status: 404 });
  const filter = registerFilterOf(url);
  const register = runService(() => listRegister(app.db, user, process.slug, filter, app.now()));
  const version = process.latestVersion === null ? null : loadVersion(app.db, process.id, process.latestVersion);
  return {
    process: { slug: process.slug, title: process.title },
    open: isFilingOpen(process.phases, app.now()),
    mayPaper: can(user, "submission.registerPaper", null),
    filter: filter.raw,
    total: register.total,
    page: register.page,
    pageCount: register.pageCount,
    items: register.rows.map((v) => submissionListItem(app, v)),
    organizations: register.organizations,
    clauses: flattenClauses(version?.tree ?? [])
      .filter((c) => c.clause.kind === "article" || c.clause.kind === "budget_line")
      .map((c) => ({ id: c.clause.id, label: c.clause.heading ? `${c.clause.label}. ${c.clause.heading}` : c.clause.label })),
    csvHref: `/processes/${process.slug}/submissions.csv${url.search}`,
  };
}

export default function Register() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page submission-register">
      <p>
        <Link to={`/processes/${d.process.slug}`}>{d.process.title}</Link>
      </p>
      <h1>{t("submissions.register.title")}</h1>
      <p className="lead">{t("submissions.register.intro")}</p>
      <p className="submission-actions">
        {d.open ? (
          <Link className="button" to={`/processes/${d.process.slug}/submissions/new`}>
            {t("submissions.register.file")}
          </Link>
        ) : null}{" "}
        {d.mayPaper && d.open ? <Link to={`/admin/processes/${d.process.slug}/submissions/paper`}>{t("submissions.register.paper")}</Link> : null}{" "}
        <Link to="/submissions/verify">{t("submissions.register.verify")}</Link>
      </p>
      <Form method="get" className="submission-register__filters" aria-labelledby="filters-heading">
        <h2 id="filters-heading" className="visually-hidden">
          {t("submissions.register.filters")}
        </h2>
        <div className="field">
          <label htmlFor="f-organization">{t("submissions.register.filter.organization")}</label>
          <select id="f-organization" name="organization" defaultValue={d.filter.organization}>
            <option value="">{t("submissions.register.filter.any")}</option>
            {d.organizations.map((o) => (
              <option key={o.slug} value={o.slug}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-clause">{t("submissions.register.filter.clause")}</label>
          <select id="f-clause" name="clause" defaultValue={d.filter.clause}>
            <option value="">{t("submissions.register.filter.any")}</option>
            {d.clauses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">{t("submissions.register.filter.from")}</label>
          <input id="f-from" name="from" type="date" defaultValue={d.filter.from} />
        </div>
        <div className="field">
          <label htmlFor="f-until">{t("submissions.register.filter.until")}</label>
          <input id="f-until" name="until" type="date" defaultValue={d.filter.until} />
        </div>
        <button type="submit" className="button button--quiet">
          {t("submissions.register.filter.apply")}
        </button>
      </Form>
      <p className="muted">
        {t("submissions.register.total", { count: d.total })} · <a href={d.csvHref}>{t("submissions.register.csv")}</a>
      </p>
      {d.items.length === 0 ? <p>{t("submissions.register.empty")}</p> : <SubmissionList items={d.items} headingLevel={2} />}
      <Pager page={d.page} pageCount={d.pageCount} label={t("submissions.register.title")} />
    </div>
  );
}
