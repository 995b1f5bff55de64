import { NavLink } from "@remix-run/react";
import { useT } from "../../i18n/i18n";

/** The tabs of one process in the staff area: details and calendar, import, editor, publish. */
export function ProcessAdminNav({ slug, title }: { slug: string; title: string }) {
  const t = useT();
  const base = `/admin/processes/${slug}`;
  return (
    <div className="process-admin-head">
      <p className="process-admin-head__back">
        <a href="/admin/processes">{t("processAdmin.nav.back")}</a>
      </p>
      <h1>{title}</h1>
      <nav className="process-admin-tabs" aria-label={t("processAdmin.nav.label")}>
        <NavLink to={base} end>
          {t("processAdmin.nav.details")}
        </NavLink>
        <NavLink to={`${base}/import`}>{t("processAdmin.nav.import")}</NavLink>
        <NavLink to={`${base}/draft`}>{t("processAdmin.nav.draft")}</NavLink>
        <NavLink to={`${base}/publish`}>{t("processAdmin.nav.publish")}</NavLink>
        <a href={`/processes/${slug}`}>{t("processAdmin.nav.public")}</a>
      </nav>
    </div>
  );
}
