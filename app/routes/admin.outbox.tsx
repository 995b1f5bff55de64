import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "../../server/i18n/format";
import { listOutbox, outboxCounts, type OutboxStatus } from "../../server/services/outbox";
import { StaffTable } from "../components/staff/StaffTable";
import { useI18n } from "../i18n/i18n";
import { staffTitle } from "../utils/admin-meta";
import { requirePermission } from "../utils/guards.server";
import { pageParam, runService } from "../utils/service-errors.server";

export const meta: MetaFunction = ({ matches }) => staffTitle(matches, "admin.outbox.title");

/** Repeated from the service so the component does not pull server code into the browser bundle. */
const OUTBOX_STATUSES: readonly OutboxStatus[] = ["sent", "pending", "error"];

function isStatus(value: string | null): value is OutboxStatus {
  return OUTBOX_STATUSES.some((s) => s === value);
}

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "outbox.view", null);
  const url = new URL(request.url);
  const requested = url.searchParams.get("status");
  const status = isStatus(requested) ? requested : null;
  const counts = runService(() => outboxCounts(context.app.db, user));
  const list = runService(() => listOutbox(context.app.db, user, { status: status ?? undefined, page: pageParam(url) }));
  return {
    counts,
    status,
    page: list.page,
    pageCount: list.pageCount,
    messages: list.rows.map((m) => ({
      id: m.id,
      recipient: m.recipient,
      subject: m.subject,
      status: m.status,
      attempts: m.attempts,
      lastError: m.lastError,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
    })),
  };
}

const BADGE: Record<OutboxStatus, string> = { sent: "badge badge--ok", pending: "badge badge--warn", error: "badge badge--danger" };

export default function StaffOutbox() {
  const { counts, status, messages, page, pageCount } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <>
      <h1>{t("admin.outbox.title")}</h1>
      <p className="lead">{t("admin.outbox.lead")}</p>
      <nav className="filter-tabs" aria-label={t("admin.outbox.filter.label")}>
        <Link to="/admin/outbox" aria-current={status === null ? "page" : undefined}>
          {t("admin.outbox.filter.all")}
        </Link>
        {OUTBOX_STATUSES.map((s) => (
          <Link key={s} to={`/admin/outbox?status=${s}`} aria-current={status === s ? "page" : undefined}>
            {t(`admin.outbox.status.${s}`)} <span className="filter-tabs__count">{counts[s]}</span>
          </Link>
        ))}
      </nav>
      <StaffTable
        captionId="outbox-caption"
        caption={t("admin.outbox.caption")}
        empty={t("admin.outbox.empty")}
        rowCount={messages.length}
        columns={[
          { label: t("admin.outbox.col.created") },
          { label: t("admin.outbox.col.recipient") },
          { label: t("admin.outbox.col.subject") },
          { label: t("admin.outbox.col.status") },
          { label: t("admin.outbox.col.attempts"), className: "num" },
        ]}
        page={page}
        pageCount={pageCount}
        pagerLabel={t("admin.pager.label")}
      >
        {messages.map((m) => (
          <tr key={m.id}>
            <td className="nowrap">
              <time dateTime={m.createdAt}>{formatDateTime(locale, new Date(m.createdAt))}</time>
            </td>
            <td>{m.recipient}</td>
            <td>{m.subject}</td>
            <td>
              <span className={BADGE[m.status]}>{t(`admin.outbox.status.${m.status}`)}</span>
              {m.sentAt ? (
                <span className="muted cell-note">
                  <time dateTime={m.sentAt}>{formatDateTime(locale, new Date(m.sentAt))}</time>
                </span>
              ) : null}
              {m.lastError ? <span className="cell-note cell-note--error">{m.lastError}</span> : null}
            </td>
            <td className="num">{m.attempts}</td>
          </tr>
        ))}
      </StaffTable>
    </>
  );
}
