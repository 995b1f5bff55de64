import { Link } from "@remix-run/react";
import { useT } from "../i18n/i18n";

/** The site footer: who runs the portal and where the open data lives. */
export function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>{t("common.footer.council")}</p>
        <p>
          <Link to="/api/v1/openapi.json" reloadDocument>
            {t("common.footer.api")}
          </Link>
          {" · "}
          {t("common.footer.poweredBy")}
        </p>
      </div>
    </footer>
  );
}
