import { Form, Link, NavLink } from "@remix-run/react";
import { useT } from "../i18n/i18n";
import { useViewer } from "../utils/root-data";
import { CsrfInput } from "./CsrfInput";
import { LanguageSwitcher } from "./LanguageSwitcher";

/** The site header: skip link, council name, navigation, account and language. */
export function SiteHeader() {
  const t = useT();
  const viewer = useViewer();
  return (
    <>
      <a href="#main" className="skip-link">
        {t("common.skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              R
            </span>
            <span className="brand__text">
              <span className="brand__name">Redacta</span>
              <span className="brand__council">{t("common.councilName")}</span>
            </span>
          </Link>
          <nav aria-label={t("common.nav.label")} className="site-nav">
            <NavLink to="/processes">{t("common.nav.processes")}</NavLink>
            {viewer ? <NavLink to="/me/participation">{t("common.nav.participation")}</NavLink> : null}
            {viewer?.abilities.adminAccess ? <NavLink to="/admin">{t("common.nav.admin")}</NavLink> : null}
          </nav>
          <div className="site-header__account">
            {viewer ? (
              <>
                <Link to="/account" className="account-link">
                  <span className="visually-hidden">{t("common.nav.account")}: </span>
                  {viewer.name}
                </Link>
                <Form method="post" action="/logout">
                  <CsrfInput />
                  <button type="submit" className="button button--quiet">
                    {t("common.nav.logout")}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <Link to="/login" className="button button--quiet">
                  {t("common.nav.login")}
                </Link>
                <Link to="/signup" className="button">
                  {t("common.nav.signup")}
                </Link>
              </>
            )}
          </div>
          <LanguageSwitcher />
        </div>
      </header>
    </>
  );
}
