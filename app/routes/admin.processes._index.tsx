import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listVisibleProcesses } from "../../server/services/processes";
import { PhaseBadge } from "../components/PhaseBadge";
import { useT } from "../i18n/i18n";
import { requirePermission } from "../utils/guards.server";

export const meta: MetaFunction = () => [{ title: "Redacta · Procesos" }];

/** Every process, published or not, for editors and admins. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "process.edit", null);
  const { db, now } = context.app;
  return {
    processes: listVisibleProcesses(db, user, now()).map((p) => ({
      slug: p.slug,
      kind: p.kind,
      title: p.title,
      published: p.publishedAt !== null,
      currentPhase: p.currentPhase?.kind ?? null,
      latestVersion: p.latestVersion,
    })),
  };
}

export default function ProcessAdminList() {
  const { processes } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="process-admin">
      <div className="process-admin__title-row">
        <h1>{t("processAdmin.list.title")}</h1>
        <Link to="/admin/processes/new" className="button">
          {t("processAdmin.list.new")}
        </Link>
      </div>
      {processes.length === 0 ? (
        <p className="muted">{t("processAdmin.list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{t("processAdmin.list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("processAdmin.list.process")}</th>
                <th scope="col">{t("processAdmin.list.kind")}</th>
                <th scope="col">{t("processAdmin.list.visibility")}</th>
                <th scope="col">{t("processAdmin.list.phase")}</th>
                <th scope="col" className="num">
                  {t("processAdmin.list.version")}
                </th>
              </tr>
            </thead>
            <tbody>
              {processes.map((p) => (
                <tr key={p.slug}>
                  <td>
                    <Link to={`/admin/processes/${p.slug}`}>{p.title}</Link>
                  </td>
                  <td>{t(`process.kind.${p.kind}`)}</td>
                  <td>
                    <span className={p.published ? "badge badge--phase" : "badge"}>
                      {t(p.published ? "processAdmin.status.published" : "processAdmin.status.unpublished")}
                    </span>
                  </td>
                  <td>
                    <PhaseBadge kind={p.currentPhase} />
                  </td>
                  <td className="num">{p.latestVersion ?? t("processAdmin.list.noVersion")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
