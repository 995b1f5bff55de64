import { Link, useLocation } from "@remix-run/react";
import { useT } from "../../i18n/i18n";

/** Previous / next links for a paged staff list; other query parameters are kept. */
export function Pager({ page, pageCount, label }: { page: number; pageCount: number; label: string }) {
  const t = useT();
  const location = useLocation();
  if (pageCount <= 1) return null;
  const href = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.delete("done");
    params.set("page", String(target));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" className="button button--quiet">
          {t("admin.pager.previous")}
        </Link>
      ) : null}
      <span className="pager__status" aria-current="page">
        {t("admin.pager.status", { page, pageCount })}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next" className="button button--quiet">
          {t("admin.pager.next")}
        </Link>
      ) : null}
    </nav>
  );
}
