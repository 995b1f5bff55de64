import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { formatDate } from "../../server/i18n/format";
import { ModerationActionSchema, REASON_MAX } from "../../server/services/debates/forms";
import { dismissFlags, flaggedAuthorId, hideContent, listModerationQueue } from "../../server/services/moderation/moderation";
import { setUserBlocked } from "../../server/services/user-admin";
import { CsrfInput } from "../components/CsrfInput";
import { CommentText } from "../components/debate/CommentText";
import { FormErrors } from "../components/debate/CommentItem";
import { useI18n } from "../i18n/i18n";
import { staffTitle } from "../utils/admin-meta";
import { requirePermission } from "../utils/guards.server";
import { backWithNotice, pageParam, runService } from "../utils/service-errors.server";
import { Pager } from "../components/Pager";

export const meta: MetaFunction = ({ matches }) => staffTitle(matches, "debate.moderation.title");

/** The moderation queue: open flags grouped by content (moderation.view). */
export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "moderation.view", null);
  const queue = runService(() => listModerationQueue(context.app.db, user, { page: pageParam(new URL(request.url)) }));
  return {
    ...queue,
    rows: queue.rows.map((row) => ({ ...row, firstFlaggedAt: row.firstFlaggedAt.toISOString(), flags: row.flags.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })) })),
  };
}

/** Hide (with a public reason), dismiss, or block the author; every one audited by its service. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "moderation.act", null);
  const submission = parseWithZod(await request.formData(), { schema: ModerationActionSchema });
  if (submission.status !== "success") {
    const errors = Object.values(submission.error ?? {}).flatMap((e) => e ?? []);
    return data({ key: "", errors: errors.length > 0 ? errors : ["debate.error.invalid"] }, { status: 400 });
  }
  const input = submission.value;
  const { db, now } = context.app;
  const target = { targetType: input.targetType, targetId: input.targetId };
  const key = `${input.targetType}-${input.targetId}`;
  try {
    switch (input.intent) {
      case "hide":
        runService(() => hideContent(db, actor, { ...target, reason: input.reason }, now()));
        return redirect(backWithNotice(request, "hidden"), { status: 303 });
      case "dismiss":
        runService(() => dismissFlags(db, actor, target, now()));
        return redirect(backWithNotice(request, "dismissed"), { status: 303 });
      case "block": {
        const authorId = runService(() => flaggedAuthorId(db, actor, target));
        // setUserBlocked checks user.block and user.blockTarget (not oneself, admins only by admins) and audits.
        const changed = runService(() => setUserBlocked(db, actor, authorId, true, now()));
        // A blocked person's open collaboration sockets close at once, like their sessions.
        if (changed) context.app.collab.revokeUser(authorId);
        return redirect(backWithNotice(request, changed ? "blocked" : "unchanged"), { status: 303 });
      }
    }
  } catch (error) {
    if (error instanceof ValidationError) return data({ key, errors: Object.values(error.fieldErrors).flat() }, { status: 400 });
    throw error;
  }
}

const NOTICES = new Set(["hidden", "dismissed", "blocked", "unchanged"]);

export default function ModerationQueue() {
  const { rows, total, page, pageCount } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() ?? null;
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t, locale } = useI18n();
  const done = params.get("done");
  return (
    <>
      <h1>{t("debate.moderation.title")}</h1>
      <p className="lead">{t("debate.moderation.lead")}</p>
      {done && NOTICES.has(done) ? (
        <p className="notice" role="status">
          {t(`debate.moderation.done.${done}`)}
        </p>
      ) : null}
      {failed && failed.key === "" ? <FormErrors id="moderation-errors" errors={failed.errors} /> : null}
      <p className="muted" aria-live="polite">
        {t("debate.moderation.count", { count: total })}
      </p>
      {rows.length === 0 ? <p>{t("debate.moderation.empty")}</p> : null}
      <ol className="moderation-queue">
        {rows.map((row) => {
          const key = `${row.targetType}-${row.targetId}`;
          const errors = failed?.key === key ? failed.errors : [];
          const headingId = `${key}-heading`;
          return (
            <li key={key} className="card moderation-item">
              <article aria-labelledby={headingId}>
                <h2 id={headingId}>{t(`debate.moderation.target.${row.targetType}`, { name: row.author.name })}</h2>
                <p className="muted">
                  {formatDate(locale, new Date(row.firstFlaggedAt))} ·{" "}
                  <Link to={row.targetType === "comment" ? `/processes/${row.processSlug}/clauses/${row.clauseId}#comment-${row.targetId}` : `/processes/${row.processSlug}`}>{t("debate.moderation.context")}</Link>
                </p>
                <blockquote className="moderation-item__body">
                  <CommentText text={row.body} />
                </blockquote>
                <h3>{t("debate.moderation.reports")}</h3>
                <ul>
                  {row.flags.map((flag) => (
                    <li key={flag.id}>{t("debate.moderation.report", { name: flag.reporterName, reason: flag.reason })}</li>
                  ))}
                </ul>
                <div className="row-actions">
                  <Form method="post" className="form inline-form" preventScrollReset>
                    <CsrfInput />
                    <input type="hidden" name="targetType" value={row.targetType} />
                    <input type="hidden" name="targetId" value={row.targetId} />
                    <div className="field">
                      <label htmlFor={`${key}-reason`}>{t("debate.moderation.hide.reason")}</label>
                      <input id={`${key}-reason`} name="reason" required maxLength={REASON_MAX} aria-describedby={errors.length > 0 ? `${key}-errors` : undefined} />
                      <FormErrors id={`${key}-errors`} errors={errors} />
                    </div>
                    <button type="submit" name="intent" value="hide" className="button button--small button--danger" disabled={navigation.state === "submitting"}>
                      {t("debate.moderation.hide.submit")}
                      <span className="visually-hidden"> — {t(`debate.moderation.target.${row.targetType}`, { name: row.author.name })}</span>
                    </button>
                  </Form>
                  <Form method="post" className="inline-form" preventScrollReset>
                    <CsrfInput />
                    <input type="hidden" name="targetType" value={row.targetType} />
                    <input type="hidden" name="targetId" value={row.targetId} />
                    <button type="submit" name="intent" value="dismiss" className="button button--small button--quiet" disabled={navigation.state === "submitting"}>
                      {t("debate.moderation.dismiss")}
                      <span className="visually-hidden"> — {t(`debate.moderation.target.${row.targetType}`, { name: row.author.name })}</span>
                    </button>
                  </Form>
                  <Form method="post" className="inline-form" preventScrollReset>
                    <CsrfInput />
                    <input type="hidden" name="targetType" value={row.targetType} />
                    <input type="hidden" name="targetId" value={row.targetId} />
                    <button type="submit" name="intent" value="block" className="button button--small button--quiet" disabled={navigation.state === "submitting"}>
                      {t("debate.moderation.block")}
                      <span className="visually-hidden"> — {row.author.name}</span>
                    </button>
                  </Form>
                </div>
              </article>
            </li>
          );
        })}
      </ol>
      <Pager page={page} pageCount={pageCount} label={t("debate.pager.label")} />
    </>
  );
}
