import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import type { AppContext } from "../../server/context";
import { createTranslator, messagesFor } from "../../server/i18n/translate";
import { AmendmentListQuerySchema } from "../../server/services/amendments/forms";
import { listProcessAmendments } from "../../server/services/amendments";
import { loadVersion } from "../../server/services/documents/versions";
import { findVisibleProcess } from "../../server/services/processes";
import { AmendmentList } from "../components/amendments/AmendmentList";
import { ProposeAmendmentForm } from "../components/amendments/ProposeAmendmentForm";
import { Pager } from "../components/Pager";
import { useT } from "../i18n/i18n";
import { budgetClauseOf, budgetLinesOf, proposingFor, startFromForm, toListItem } from "../utils/amendment-pages.server";
import { getUser, requireUser } from "../utils/guards.server";
import { pageParam, runService } from "../utils/service-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.titleText} · ${d.process.title} · Redacta` : "Redacta" }];

/** The visible process and its latest version's clause tree, or a 404. */
function processAndTree(app: AppContext, slug: string) {
  const process = findVisibleProcess(app.db, app.user, slug, app.now());
  if (!process) throw new Response("Not Found", { status: 404 });
  const version = process.latestVersion === null ? null : loadVersion(app.db, process.id, process.latestVersion);
  return { process, tree: version?.tree ?? [] };
}

/**
 * A process's public amendments (submitted and withdrawn), most supported first, filtered by
 * status and paged; for a budget, also the form to propose moving money between lines.
 */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  const app = context.app;
  const user = getUser(context);
  const url = new URL(request.url);
  const { process, tree } = processAndTree(app, params.slug ?? "");
  const query = AmendmentListQuerySchema.parse({ status: url.searchParams.get("status") ?? undefined });
  const status = query.status === "submitted" || query.status === "withdrawn" ? query.status : undefined;
  const list = runService(() => listProcessAmendments(app.db, user, process.slug, { status, page: pageParam(url) }, app.now()));
  const lines = process.kind === "budget" ? budgetLinesOf(tree) : null;
  const budget = process.kind === "budget" ? budgetClauseOf(tree) : null;
  return {
    titleText: createTranslator(app.locale, messagesFor(app.locale, ["amendments"]))("amendments.index.title"),
    process: { slug: process.slug, title: process.title, kind: process.kind },
    status: status ?? null,
    list: { ...list, items: list.items.map((s) => toListItem(process.slug, s, lines)) },
    proposing: budget ? proposingFor(user, process.phases, budget, app.now()) : null,
  };
}

/** Proposing a budget amendment from this page (budgets have one clause to amend: the budget). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireUser(context, request);
  const formData = await request.formData();
  const { process, tree } = processAndTree(context.app, params.slug ?? "");
  const budget = budgetClauseOf(tree);
  if (!budget) throw new Response("Not Found", { status: 404 });
  return startFromForm(context.app, actor, formData, process.slug, budget.id);
}

const FILTERS = ["", "submitted", "withdrawn"] as const;

export default function ProcessAmendments() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  const location = useLocation();
  const [params] = useSearchParams();
  const filterHref = (status: string) => {
    const next = new URLSearchParams();
    if (status) next.set("status", status);
    const q = next.toString();
    return q ? `${location.pathname}?${q}` : location.pathname;
  };
  return (
    <div className="page amendments-index">
      <p>
        <Link to={`/processes/${d.process.slug}`}>{t("amendments.index.back")}</Link>
      </p>
      <p className="muted">{d.process.title}</p>
      <h1>{t("amendments.index.title")}</h1>
      {params.get("done") === "left" ? (
        <p className="notice" role="status">
          {t("amendments.done.left")}
        </p>
      ) : null}
      <p className="lead">{d.process.kind === "budget" ? t("amendments.index.leadBudget") : t("amendments.index.lead")}</p>

      {d.proposing && d.proposing.open ? (
        <section className="card amendment-propose-card" aria-labelledby="propose-heading">
          <h2 id="propose-heading">{t("amendments.propose.budgetHeading")}</h2>
          {d.proposing.allowed ? (
            <ProposeAmendmentForm kinds={["budget"]} organizations={d.proposing.organizations} lastResult={failed?.result} submitLabel={t("amendments.propose.budgetSubmit")} />
          ) : d.proposing.signedIn ? (
            <p>{t("amendments.propose.notAllowed")}</p>
          ) : (
            <p>
              {t("amendments.propose.signIn")} <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>{t("amendments.propose.signInLink")}</Link>
            </p>
          )}
        </section>
      ) : null}

      <nav className="amendments-index__filter" aria-label={t("amendments.index.filter")}>
        <ul>
          {FILTERS.map((status) => (
            <li key={status || "all"}>
              <Link to={filterHref(status)} aria-current={(d.status ?? "") === status ? "true" : undefined}>
                {t(`amendments.index.filter.${status || "all"}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="muted">{t("amendments.index.count", { count: d.list.total })}</p>
      {d.list.items.length === 0 ? <p>{t("amendments.index.empty")}</p> : <AmendmentList items={d.list.items} headingLevel={2} />}
      <Pager page={d.list.page} pageCount={d.list.pages} label={t("amendments.index.pager")} />
    </div>
  );
}
