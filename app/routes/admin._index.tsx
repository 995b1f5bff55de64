import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatNumber } from "../../server/i18n/format";
import { can } from "../../server/policies/can";
import { staffDashboardCounts } from "../../server/services/user-admin";
import { useI18n } from "../i18n/i18n";
import { staffTitle } from "../utils/admin-meta";
import { requirePermission } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction = ({ matches }) => staffTitle(matches, "admin.dashboard.title");

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "admin.access", null);
  const counts = runService(() => staffDashboardCounts(context.app.db, user));
  return { counts, canAudit: can(user, "audit.view", null), canOutbox: can(user, "outbox.view", null) };
}

export default function StaffDashboard() {
  const { counts, canAudit, canOutbox } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const stats = [
    { key: "users", value: counts.users, to: "/admin/users" },
    { key: "verifiedResidents", value: counts.verifiedResidents, to: "/admin/users" },
    { key: "organizationsPending", value: counts.organizationsPending, to: "/admin/organizations" },
    { key: "processes", value: counts.processes, to: "/processes" },
  ] as const;
  return (
    <>
      <h1>{t("admin.dashboard.title")}</h1>
      <p className="lead">{t("admin.dashboard.lead")}</p>
      <ul className="stat-grid">
        {stats.map((s) => (
          <li key={s.key} className="stat card">
            <Link to={s.to} className="stat__link">
              <span className="stat__value">{formatNumber(locale, s.value)}</span>
              <span className="stat__label">{t(`admin.dashboard.count.${s.key}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
      <h2>{t("admin.dashboard.sections")}</h2>
      <ul className="staff-links">
        <li>
          <Link to="/admin/users">{t("admin.nav.users")}</Link> — <span className="muted">{t("admin.dashboard.usersHint")}</span>
        </li>
        <li>
          <Link to="/admin/organizations">{t("admin.nav.organizations")}</Link> —{" "}
          <span className="muted">{t("admin.dashboard.organizationsHint")}</span>
        </li>
        {canAudit ? (
          <li>
            <Link to="/admin/audit">{t("admin.nav.audit")}</Link> — <span className="muted">{t("admin.dashboard.auditHint")}</span>
          </li>
        ) : null}
        {canOutbox ? (
          <li>
            <Link to="/admin/outbox">{t("admin.nav.outbox")}</Link> — <span className="muted">{t("admin.dashboard.outboxHint")}</span>
          </li>
        ) : null}
      </ul>
    </>
  );
}
