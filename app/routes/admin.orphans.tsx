import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { resolveOrphan } from "../../server/services/annotations/annotations";
import { listOpenOrphans, OrphanActionSchema, reattachChoices } from "../../server/services/annotations/orphans";
import { CsrfInput } from "../components/CsrfInput";
import { useI18n } from "../i18n/i18n";
import { staffTitle } from "../utils/admin-meta";
import { requirePermission } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction = ({ matches }) => staffTitle(matches, "annotation.orphansAdmin.title");

/**
 * Open orphans of each process's latest version (annotation.resolveOrphan). `?annotation=&clause=`
 * is the re-attach step: the chosen orphan gets the words of the chosen clause to pick from.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "annotation.resolveOrphan", null);
  const url = new URL(request.url);
  const rows = runService(() => listOpenOrphans(context.app.db, user));
  const chosen = Number(url.searchParams.get("annotation"));
  const picking = rows.find((r) => r.id === chosen) ? chosen : null;
  const clause = url.searchParams.get("clause");
  const choices = picking === null ? null : runService(() => reattachChoices(context.app.db, user, picking, clause));
  return { rows, picking, clause: choices?.words.length ? clause : null, choices };
}

/** Close or re-attach an orphan through resolveOrphan (which audits it). */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "annotation.resolveOrphan", null);
  const submission = parseWithZod(await request.formData(), { schema: OrphanActionSchema });
  if (submission.status !== "success") {
    return data({ errors: Object.values(submission.error ?? {}).flatMap((e) => e ?? []) }, { status: 400 });
  }
  const input = submission.value;
  try {
    runService(() =>
      resolveOrphan(
        context.app.db,
        actor,
        input.annotationId,
        input.intent === "close" ? { action: "close" } : { action: "reattach", clauseId: input.clauseId ?? "", start: input.start ?? 0, end: input.end ?? 0 },
        context.app.now(),
      ),
    );
  } catch (error) {
    if (error instanceof ValidationError) return data({ errors: ["annotation.orphansAdmin.error.failed"] }, { status: 400 });
    throw error;
  }
  return redirect(`/admin/orphans?done=${input.intent}`, { status: 303 });
}

export default function OrphansPage() {
  const { rows, picking, clause, choices } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useI18n();
  const done = params.get("done");
  return (
    <>
      <h1>{t("annotation.orphansAdmin.title")}</h1>
      <p className="lead">{t("annotation.orphansAdmin.lead")}</p>
      {done === "close" || done === "reattach" ? (
        <p className="notice" role="status">
          {t(`annotation.orphansAdmin.done.${done}`)}
        </p>
      ) : null}
      {failed ? (
        <div className="form-error" role="alert" id="orphans-errors">
          {failed.errors.map((e) => (
            <p key={e}>{t(e)}</p>
          ))}
        </div>
      ) : null}
      {rows.length === 0 ? <p>{t("annotation.orphansAdmin.empty")}</p> : null}
      <ol className="moderation-queue">
        {rows.map((row) => (
          <li key={row.id} className="card moderation-item">
            <article aria-labelledby={`orphan-${row.id}-h`}>
              <h2 id={`orphan-${row.id}-h`}>{t("annotation.orphansAdmin.item", { process: row.processTitle, id: row.id })}</h2>
              <p className="muted">
                {t("annotation.madeOn", { number: row.madeOnVersion })} · {t("annotation.orphansAdmin.current", { number: row.version })} ·{" "}
                {row.reason ? t(`annotation.orphansAdmin.reason.${row.reason}`) : null}
              </p>
              <p>
                {t("annotation.originalQuote")} <q>{row.originalQuote}</q>
              </p>
              {row.body === null ? (
                <p className="muted">{t("annotation.hidden", { reason: row.hidden?.reason ?? "" })}</p>
              ) : (
                <blockquote className="moderation-item__body">{row.body}</blockquote>
              )}
              <div className="row-actions">
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="annotationId" value={row.id} />
                  <button type="submit" name="intent" value="close" className="button button--small button--quiet">
                    {t("annotation.orphansAdmin.close")}
                    <span className="visually-hidden"> — {t("annotation.orphansAdmin.item", { process: row.processTitle, id: row.id })}</span>
                  </button>
                </Form>
                {picking === row.id && choices ? (
                  <Form method="get" className="form inline-form">
                    <input type="hidden" name="annotation" value={row.id} />
                    <div className="field">
                      <label htmlFor="orphan-clause">{t("annotation.orphansAdmin.clause")}</label>
                      <select id="orphan-clause" name="clause" defaultValue={clause ?? undefined}>
                        {choices.clauses.map((c, i) => (
                          <option key={c.id} value={c.id}>
                            {`${i + 1}. ${c.text.length > 70 ? `${c.text.slice(0, 67)}…` : c.text}`}
                          </option>
                        ))}
                      </select>
                    </div>
                    <button type="submit" className="button button--small">
                      {t("annotation.orphansAdmin.pickWords")}
                    </button>
                  </Form>
                ) : (
                  <Form method="get" className="inline-form">
                    <input type="hidden" name="annotation" value={row.id} />
                    <button type="submit" className="button button--small">
                      {t("annotation.orphansAdmin.reattach")}
                      <span className="visually-hidden"> — {t("annotation.orphansAdmin.item", { process: row.processTitle, id: row.id })}</span>
                    </button>
                  </Form>
                )}
                {picking === row.id && clause && choices ? (
                  <Form method="post" className="form inline-form">
                    <CsrfInput />
                    <input type="hidden" name="annotationId" value={row.id} />
                    <input type="hidden" name="clauseId" value={clause} />
                    <div className="field">
                      <label htmlFor="orphan-from">{t("annotation.dialog.from")}</label>
                      <select id="orphan-from" name="start">
                        {choices.words.map((w, i) => (
                          <option key={i} value={w.start}>{`${i + 1}. ${w.text}`}</option>
                        ))}
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor="orphan-to">{t("annotation.dialog.to")}</label>
                      <select id="orphan-to" name="end">
                        {choices.words.map((w, i) => (
                          <option key={i} value={w.end}>{`${i + 1}. ${w.text}`}</option>
                        ))}
                      </select>
                    </div>
                    <button type="submit" name="intent" value="reattach" className="button button--small">
                      {t("annotation.orphansAdmin.reattachSubmit")}
                    </button>
                  </Form>
                ) : null}
              </div>
            </article>
          </li>
        ))}
      </ol>
    </>
  );
}
