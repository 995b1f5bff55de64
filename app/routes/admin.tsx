import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { can } from "../../server/policies/can";
import { useT } from "../i18n/i18n";
import { requirePermission } from "../utils/guards.server";

/** The staff area's frame: any staff member (policy "admin.access"); the rest get 403 or login. */
export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "admin.access", null);
  return {
    canEditProcesses: can(user, "process.edit", null),
    canAudit: can(user, "audit.view", null),
    canOutbox: can(user, "outbox.view", null),
    canModerate: can(user, "moderation.view", null),
    canResolveOrphans: can(user, "annotation.resolveOrphan", null),
  };
}

export default function StaffArea() {
  const { canEditProcesses, canAudit, canOutbox, canModerate, canResolveOrphans } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page staff">
      <nav className="staff-nav" aria-label={t("admin.nav.label")}>
        <NavLink to="/admin" end>
          {t("admin.nav.dashboard")}
        </NavLink>
        {canEditProcesses ? <NavLink to="/admin/processes">{t("admin.nav.processes")}</NavLink> : null}
        <NavLink to="/admin/users">{t("admin.nav.users")}</NavLink>
        <NavLink to="/admin/organizations">{t("admin.nav.organizations")}</NavLink>
        {canModerate ? <NavLink to="/admin/moderation">{t("debate.moderation.nav")}</NavLink> : null}
        {canResolveOrphans ? <NavLink to="/admin/orphans">{t("annotation.orphansAdmin.nav")}</NavLink> : null}
        {canAudit ? <NavLink to="/admin/audit">{t("admin.nav.audit")}</NavLink> : null}
        {canOutbox ? <NavLink to="/admin/outbox">{t("admin.nav.outbox")}</NavLink> : null}
      </nav>
      <Outlet />
    </div>
  );
}
