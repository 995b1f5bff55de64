import { Link, useLocation } from "@remix-run/react";
import { useT } from "../i18n/i18n";

/**
 * Previous / next links for a paged list (staff tables, clause threads, the moderation queue).
 * Other query parameters are kept; a one-off "done" notice is dropped.
 */
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
          {t("common.pager.previous")}
        </Link>
      ) : null}
      <span className="pager__status" aria-current="page">
        {t("common.pager.status", { page, pageCount })}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next" className="button button--quiet">
          {t("common.pager.next")}
        </Link>
      ) : null}
    </nav>
  );
}
