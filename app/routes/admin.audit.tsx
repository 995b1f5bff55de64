import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDateTime } from "../../server/i18n/format";
import { listAuditActions } from "../../server/services/audit";
import { AUDIT_TARGET_KINDS } from "../../server/services/audit-actions";
import { listAuditEntryViews, type AuditMention } from "../../server/services/audit-entries";
import { AUDIT_QUERY_MAX, parseAuditFilter } from "../../server/services/audit-filter";
import { Pager } from "../components/Pager";
import { RichMessage } from "../components/staff/AuditSentence";
import { useI18n } from "../i18n/i18n";
import { staffTitle } from "../utils/admin-meta";
import { requirePermission } from "../utils/guards.server";
import { pageParam, runService } from "../utils/service-errors.server";

export const meta: MetaFunction = ({ matches }) => staffTitle(matches, "admin.audit.title");

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "audit.view", null);
  const url = new URL(request.url);
  const actions = runService(() => listAuditActions(context.app.db, user));
  const parsed = parseAuditFilter(url.searchParams, pageParam(url));
  const invalid = Object.keys(parsed.errors).length > 0;
  // A malformed filter lists nothing rather than more than was asked for.
  const list = invalid ? null : runService(() => listAuditEntryViews(context.app.db, user, parsed.filter));
  const filtered = Object.values(parsed.values).some((v) => v !== "");
  return data(
    {
      actions,
      values: parsed.values,
      errors: parsed.errors,
      filtered,
      page: list?.page ?? 1,
      pageCount: list?.pageCount ?? 1,
      total: list?.total ?? 0,
      entries: (list?.rows ?? []).map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    },
    { status: invalid ? 400 : 200 },
  );
}

function Mention({ mention }: { mention: AuditMention }) {
  return mention.href ? <Link to={mention.href}>{mention.label}</Link> : <strong>{mention.label}</strong>;
}

export default function StaffAudit() {
  const { actions, values, errors, filtered, entries, page, pageCount, total } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const field = (name: keyof typeof errors, id: string) => {
    const error = errors[name];
    return {
      input: { id, name, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined },
      error: error ? (
        <p className="field__error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null,
    };
  };
  const actor = field("actor", "audit-actor");
  const action = field("action", "audit-action");
  const type = field("type", "audit-type");
  const target = field("target", "audit-target");
  const from = field("from", "audit-from");
  const to = field("to", "audit-to");
  // The form is keyed by the query so that back/forward refills it with what is shown.
  const formKey = JSON.stringify(values);
  return (
    <>
      <h1>{t("admin.audit.title")}</h1>
      <p className="lead">{t("admin.audit.lead")}</p>
      <Form method="get" className="audit-filters" key={formKey} aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title" className="visually-hidden">
          {t("admin.audit.filter.title")}
        </h2>
        <div className="field">
          <label htmlFor={actor.input.id}>{t("admin.audit.filter.actor")}</label>
          <input {...actor.input} type="search" defaultValue={values.actor} maxLength={AUDIT_QUERY_MAX} />
          {actor.error}
        </div>
        <div className="field">
          <label htmlFor={action.input.id}>{t("admin.audit.filter.action")}</label>
          <select {...action.input} defaultValue={values.action}>
            <option value="">{t("admin.audit.filter.all")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {t(`admin.audit.action.${a}`)}
              </option>
            ))}
          </select>
          {action.error}
        </div>
        <div className="field">
          <label htmlFor={type.input.id}>{t("admin.audit.filter.type")}</label>
          <select {...type.input} defaultValue={values.type}>
            <option value="">{t("admin.audit.filter.anyType")}</option>
            {AUDIT_TARGET_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`admin.audit.kind.${k}`)}
              </option>
            ))}
          </select>
          {type.error}
        </div>
        <div className="field">
          <label htmlFor={target.input.id}>{t("admin.audit.filter.target")}</label>
          <input {...target.input} type="search" defaultValue={values.target} maxLength={AUDIT_QUERY_MAX} aria-describedby={target.error ? `audit-target-hint ${target.input.id}-error` : "audit-target-hint"} />
          <p className="field__hint" id="audit-target-hint">
            {t("admin.audit.filter.targetHint")}
          </p>
          {target.error}
        </div>
        <div className="field">
          <label htmlFor={from.input.id}>{t("admin.audit.filter.from")}</label>
          <input {...from.input} type="date" defaultValue={values.from} />
          {from.error}
        </div>
        <div className="field">
          <label htmlFor={to.input.id}>{t("admin.audit.filter.to")}</label>
          <input {...to.input} type="date" defaultValue={values.to} />
          {to.error}
        </div>
        <div className="audit-filters__actions">
          <button type="submit">{t("admin.audit.filter.submit")}</button>
          {filtered ? (
            <Link to="/admin/audit" className="button button--quiet">
              {t("admin.audit.filter.clear")}
            </Link>
          ) : null}
        </div>
      </Form>
      <p className="muted" role="status">
        {t("admin.audit.count", { count: total })}
      </p>
      {entries.length === 0 ? (
        <p>{t("admin.audit.empty")}</p>
      ) : (
        <ol className="audit-log" aria-label={t("admin.audit.caption")}>
          {entries.map((e) => {
            const actorNode: ReactNode = e.actor ? <Mention mention={e.actor} /> : <strong>{t("admin.audit.system")}</strong>;
            const targetLabel = e.action === "flag.dismiss" && (e.targetType === "annotation" || e.targetType === "comment") ? `${t(`admin.audit.kind.${e.targetType}`)} ${e.target.label}` : e.target.label;
            const parts: Record<string, ReactNode> = {
              actor: actorNode,
              target: <Mention mention={{ ...e.target, label: targetLabel }} />,
              process: e.process ? <Mention mention={e.process} /> : <span>{t("admin.audit.unknown")}</span>,
              version: e.version ? <Mention mention={{ ...e.version, label: t("admin.audit.version", { number: e.version.number }) }} /> : <span>{t("admin.audit.unknown")}</span>,
              member: e.member ? <Mention mention={e.member} /> : <span>{t("admin.audit.unknown")}</span>,
              role: <strong>{e.role && ["editor", "moderator", "admin"].includes(e.role) ? t(`admin.role.${e.role}`) : (e.role ?? t("admin.audit.unknown"))}</strong>,
            };
            return (
              <li key={e.id} className="audit-entry">
                <p className="audit-entry__sentence">
                  {e.action ? (
                    <RichMessage message={t(`admin.audit.sentence.${e.action}`)} parts={parts} />
                  ) : (
                    <RichMessage message={t("admin.audit.sentence.unknown")} parts={{ ...parts, code: <code>{e.code}</code> }} />
                  )}
                </p>
                <p className="audit-entry__time">
                  <time dateTime={e.createdAt}>{formatDateTime(locale, new Date(e.createdAt))}</time>
                </p>
                <details className="audit-entry__raw">
                  <summary>{t("admin.audit.raw.summary")}</summary>
                  <dl>
                    <dt>{t("admin.audit.raw.code")}</dt>
                    <dd>
                      <code>{e.code}</code>
                    </dd>
                    <dt>{t("admin.audit.raw.target")}</dt>
                    <dd>
                      <code>
                        {e.targetType} #{e.targetId}
                      </code>
                    </dd>
                    <dt>{t("admin.audit.raw.entry")}</dt>
                    <dd>
                      <code>#{e.id}</code>
                    </dd>
                    {e.detail ? (
                      <>
                        <dt>{t("admin.audit.raw.detail")}</dt>
                        <dd>
                          <code className="audit-detail">{e.detail}</code>
                        </dd>
                      </>
                    ) : null}
                  </dl>
                </details>
              </li>
            );
          })}
        </ol>
      )}
      <Pager page={page} pageCount={pageCount} label={t("admin.pager.label")} />
    </>
  );
}
