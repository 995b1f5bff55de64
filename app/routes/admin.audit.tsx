import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "../../server/i18n/format";
import { listAuditActions, listAuditEntries } from "../../server/services/audit";
import { StaffTable } from "../components/staff/StaffTable";
import { useI18n } from "../i18n/i18n";
import { staffTitle } from "../utils/admin-meta";
import { requirePermission } from "../utils/guards.server";
import { pageParam, runService } from "../utils/service-errors.server";

export const meta: MetaFunction = ({ matches }) => staffTitle(matches, "admin.audit.title");

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "audit.view", null);
  const url = new URL(request.url);
  const actions = runService(() => listAuditActions(context.app.db, user));
  const requested = url.searchParams.get("action") ?? "";
  // Only a known action filters; anything else shows everything rather than an empty page.
  const action = actions.includes(requested) ? requested : "";
  const list = runService(() => listAuditEntries(context.app.db, user, { action: action || undefined, page: pageParam(url) }));
  return {
    actions,
    action,
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    entries: list.rows.map((r) => ({
      id: r.id,
      actorName: r.actorName,
      action: r.action,
      target: `${r.targetType} #${r.targetId}`,
      detail: r.detail === "{}" ? "" : r.detail,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

export default function StaffAudit() {
  const { actions, action, entries, page, pageCount, total } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("admin.audit.title")}</h1>
      <p className="lead">{t("admin.audit.lead")}</p>
      <Form method="get" className="search-form">
        <div className="field">
          <label htmlFor="audit-action">{t("admin.audit.filter.label")}</label>
          <div className="search-form__row">
            <select id="audit-action" name="action" defaultValue={action} key={action}>
              <option value="">{t("admin.audit.filter.all")}</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            <button type="submit">{t("admin.audit.filter.submit")}</button>
          </div>
        </div>
      </Form>
      <p className="muted">{t("admin.audit.count", { count: total })}</p>
      <StaffTable
        captionId="audit-caption"
        caption={t("admin.audit.caption")}
        empty={t("admin.audit.empty")}
        rowCount={entries.length}
        columns={[
          { label: t("admin.audit.col.time") },
          { label: t("admin.audit.col.actor") },
          { label: t("admin.audit.col.action") },
          { label: t("admin.audit.col.target") },
          { label: t("admin.audit.col.detail") },
        ]}
        page={page}
        pageCount={pageCount}
        pagerLabel={t("admin.pager.label")}
      >
        {entries.map((e) => (
          <tr key={e.id}>
            <td className="nowrap">
              <time dateTime={e.createdAt}>{formatDateTime(locale, new Date(e.createdAt))}</time>
            </td>
            <td>{e.actorName ?? <span className="muted">{t("admin.audit.system")}</span>}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td className="nowrap">{e.target}</td>
            <td>{e.detail ? <code className="audit-detail">{e.detail}</code> : null}</td>
          </tr>
        ))}
      </StaffTable>
    </>
  );
}
