import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { formatDate, formatDateTime } from "../../server/i18n/format";
import { getSubmission } from "../../server/services/submissions/read";
import { isRegistryNumber } from "../../server/services/submissions/registry";
import { withdrawSubmission } from "../../server/services/submissions/withdraw";
import { CsrfInput } from "../components/CsrfInput";
import { useT } from "../i18n/i18n";
import { getUser, requireUser } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";
import { submissionForPage } from "../utils/submission-pages.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.submission.number} · ${d.submission.title} · Redacta` : "Redacta" }];

function numberOf(params: { number?: string }): string {
  const number = params.number ?? "";
  if (!isRegistryNumber(number)) throw new Response("Not Found", { status: 404 });
  return number;
}

/** One registered submission: the receipt for its filer, its public entry for everybody else. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const app = context.app;
  const view = runService(() => getSubmission(app.db, getUser(context), numberOf(params), app.now()));
  return {
    submission: submissionForPage(app, view),
    filedAtText: formatDateTime(app.locale, view.filedAt),
    receivedAtText: view.receivedAt ? formatDate(app.locale, view.receivedAt) : null,
    withdrawnAtText: view.withdrawnAt ? formatDateTime(app.locale, view.withdrawnAt) : null,
    keyPem: app.registry.key.publicKeyPem,
  };
}

/** Withdrawing (its online filer only; the service re-checks). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireUser(context, request);
  const form = await request.formData();
  try {
    runService(() => withdrawSubmission(context.app.db, actor, numberOf(params), String(form.get("reason") ?? ""), context.app.now()));
  } catch (error) {
    if (error instanceof ValidationError) return data({ fields: error.fieldErrors }, { status: 400 });
    throw error;
  }
  return redirect(`/submissions/${numberOf(params)}?withdrawn=1`);
}

export default function SubmissionPage() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const s = d.submission;
  const filer = s.organization ? s.organization.name : (s.filerName ?? t("submissions.anonymous"));
  return (
    <div className="page submission-page">
      <p>
        <Link to={`/processes/${s.process}/submissions`}>{t("submissions.register.title")}</Link>
      </p>
      <p className="muted">{s.processTitle}</p>
      {params.get("filed") === "1" ? (
        <p className="notice" role="status">
          {t("submissions.receipt.filed")}
        </p>
      ) : null}
      {params.get("withdrawn") === "1" ? (
        <p className="notice" role="status">
          {t("submissions.withdraw.done")}
        </p>
      ) : null}
      <h1>{s.title}</h1>
      <dl className="submission-receipt">
        <dt>{t("submissions.receipt.number")}</dt>
        <dd>
          <strong data-testid="registry-number">{s.number}</strong>
        </dd>
        <dt>{t("submissions.receipt.filedAt")}</dt>
        <dd>
          <time dateTime={s.filedAt}>{d.filedAtText}</time>
        </dd>
        <dt>{t("submissions.receipt.channel")}</dt>
        <dd>{t(`submissions.channel.${s.channel}`)}</dd>
        {d.receivedAtText ? (
          <>
            <dt>{t("submissions.receipt.receivedAt")}</dt>
            <dd>{d.receivedAtText}</dd>
          </>
        ) : null}
        <dt>{t("submissions.receipt.filer")}</dt>
        <dd>{s.organization ? <Link to={`/processes/${s.process}/submissions?organization=${s.organization.slug}`}>{filer}</Link> : filer}</dd>
        <dt>{t("submissions.field.clauses")}</dt>
        <dd>
          {s.clauseLinks.length === 0 ? (
            t("submissions.receipt.none")
          ) : (
            <ul className="submission-receipt__clauses">
              {s.clauseLinks.map((c) => (
                <li key={c.id}>
                  <Link to={c.href}>{c.label}</Link>
                </li>
              ))}
            </ul>
          )}
        </dd>
        {s.hash ? (
          <>
            <dt>{t("submissions.receipt.hash")}</dt>
            <dd>
              <code data-testid="content-hash" className="submission-receipt__hash">
                {s.hash}
              </code>
            </dd>
          </>
        ) : null}
        {s.corrects ? (
          <>
            <dt>{t("submissions.corrects", { number: "" }).trim()}</dt>
            <dd>
              <Link to={`/submissions/${s.corrects}`}>{s.corrects}</Link>
            </dd>
          </>
        ) : null}
        {s.correctedBy.length > 0 ? (
          <>
            <dt>{t("submissions.correctedBy")}</dt>
            <dd>
              {s.correctedBy.map((n) => (
                <Link key={n} to={`/submissions/${n}`}>
                  {n}
                </Link>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      {s.withdrawn ? <p className="notice notice--warning">{t("submissions.status.withdrawn", { date: d.withdrawnAtText ?? "", reason: s.withdrawn.reason })}</p> : null}
      <section aria-labelledby="body-heading">
        <h2 id="body-heading">{t("submissions.field.body")}</h2>
        {s.body.split(/\n{2,}/).map((p, i) => (
          <p key={i} className="submission-body">
            {p}
          </p>
        ))}
      </section>
      <section aria-labelledby="attachments-heading">
        <h2 id="attachments-heading">{t("submissions.field.attachments")}</h2>
        {s.attachments === null ? (
          <p>{t("submissions.privateAttachments", { count: s.attachmentCount })}</p>
        ) : s.attachments.length === 0 ? (
          <p>{t("submissions.receipt.none")}</p>
        ) : (
          <ul>
            {s.attachments.map((a) => (
              <li key={a.position}>
                <a href={a.url} download>
                  {a.fileName}
                </a>{" "}
                <span className="muted">
                  ({a.size} B) <code className="submission-receipt__hash">sha256:{a.sha256}</code>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="submission-actions">
        {s.abilities.viewPrivate ? (
          <a className="button" href={`/submissions/${s.number}/receipt.pdf`} download>
            {t("submissions.receipt.download")}
          </a>
        ) : null}{" "}
        <Link to={`/submissions/verify?number=${encodeURIComponent(s.number)}${s.hash ? `&hash=${encodeURIComponent(s.hash)}` : ""}`}>{t("submissions.register.verify")}</Link>
      </p>
      {s.abilities.amend ? (
        <section className="card" aria-labelledby="amend-heading">
          <h2 id="amend-heading">{t("submissions.withdraw.title")}</h2>
          <p>
            <Link to={`/processes/${s.process}/submissions/new?corrects=${s.number}`}>{t("submissions.correct.link")}</Link>
          </p>
          <Form method="post">
            <CsrfInput />
            <div className="field">
              <label htmlFor="reason">{t("submissions.field.reason")}</label>
              <textarea id="reason" name="reason" rows={3} required maxLength={2000} aria-describedby="reason-hint" aria-invalid={failed?.fields.reason ? true : undefined} />
              <p id="reason-hint" className="field__hint">
                {t("submissions.withdraw.hint")}
              </p>
              {failed?.fields.reason ? (
                <ul className="field__error field__error-list">
                  {failed.fields.reason.map((k) => (
                    <li key={k}>{t(k)}</li>
                  ))}
                </ul>
              ) : null}
            </div>
            <button type="submit" className="button button--danger">
              {t("submissions.withdraw.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
