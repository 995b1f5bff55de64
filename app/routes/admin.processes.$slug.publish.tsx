import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { formatDateTime } from "../../server/i18n/format";
import { loadPublishCandidate } from "../../server/services/documents/publish-candidate";
import { DraftChangedError, PublishError, publishVersion, VersionConflictError } from "../../server/services/documents/publish-version";
import { getProcessForEditing } from "../../server/services/process-admin";
import { PublishVersionSchema } from "../../server/services/process-forms";
import { CsrfInput } from "../components/CsrfInput";
import { DocumentPreviewView } from "../components/process-admin/DocumentPreviewView";
import { FieldErrorList } from "../components/process-admin/FieldErrorList";
import { MismatchList } from "../components/process-admin/ProblemList";
import { ProcessAdminNav } from "../components/process-admin/ProcessAdminNav";
import { useI18n } from "../i18n/i18n";
import { requirePermission } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.process.title} · Publicar · Redacta` : "Redacta" }];

export function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "process.edit", null);
  const { db, now } = context.app;
  const p = runService(() => getProcessForEditing(db, user, params.slug ?? "", now()));
  const candidate = runService(() => loadPublishCandidate(db, user, p.slug));
  return {
    process: { slug: p.slug, title: p.title },
    latest: p.latestVersion ? { number: p.latestVersion.number, publishedAt: p.latestVersion.publishedAt.toISOString() } : null,
    candidate: candidate
      ? { ...candidate, draftUpdatedAt: candidate.draftUpdatedAt.toISOString(), draftRevision: candidate.draftUpdatedAt.getTime() }
      : null,
  };
}

/**
 * Publishes the draft as the next version. A stale page (someone published meanwhile) or a
 * concurrent publish gets 409; an invalid, unchanged or unbalanced draft gets 400. Nothing is
 * stored in either case.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "process.edit", null);
  const { db, now } = context.app;
  const submission = parseWithZod(await request.formData(), { schema: PublishVersionSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), problem: null }, { status: 400 });
  const slug = params.slug ?? "";
  try {
    const { draftUpdatedAt, ...rest } = submission.value;
    const input = { slug, ...rest, draftUpdatedAt: draftUpdatedAt === undefined ? null : new Date(draftUpdatedAt) };
    const version = runService(() => publishVersion(db, actor, input, now()));
    return redirect(`/admin/processes/${slug}?done=published&version=${version.number}`, { status: 303 });
  } catch (error) {
    if (error instanceof VersionConflictError || error instanceof DraftChangedError) {
      const code = error instanceof DraftChangedError ? "draft_changed" : "conflict";
      return data({ result: submission.reply(), problem: { code, mismatches: [] } }, { status: 409 });
    }
    if (error instanceof PublishError) {
      return data({ result: submission.reply(), problem: { code: error.code, mismatches: error.mismatches } }, { status: 400 });
    }
    throw error;
  }
}

export default function PublishPage() {
  const { process, latest, candidate } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(PublishVersionSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PublishVersionSchema }),
  });
  const { key: changelogKey, ...changelogProps } = getTextareaProps(fields.changelog, { ariaDescribedBy: "changelog-hint" });
  const next = (latest?.number ?? 0) + 1;
  const problem = actionData?.problem ?? null;
  return (
    <div className="process-admin">
      <ProcessAdminNav slug={process.slug} title={process.title} />
      {params.get("done") === "imported" ? (
        <p className="notice" role="status">
          {t("processAdmin.done.imported")}
        </p>
      ) : null}
      {!candidate ? (
        <section className="card">
          <h2>{t("processAdmin.publish.title", { number: String(next) })}</h2>
          <p>{t("processAdmin.publish.noDraft")}</p>
          <p>
            <Link to={`/admin/processes/${process.slug}/import`} className="button">
              {t("processAdmin.nav.import")}
            </Link>
          </p>
        </section>
      ) : (
        <div className="publish-layout">
          <section className="card publish-form" aria-labelledby="publish-title">
            <h2 id="publish-title">{t("processAdmin.publish.title", { number: String(next) })}</h2>
            <dl className="publish-facts">
              <div>
                <dt>{t("processAdmin.publish.latest")}</dt>
                <dd>
                  {latest
                    ? t("processAdmin.status.version", { number: String(latest.number), date: formatDateTime(locale, new Date(latest.publishedAt)) })
                    : t("processAdmin.list.noVersion")}
                </dd>
              </div>
              <div>
                <dt>{t("processAdmin.status.draft")}</dt>
                <dd>{formatDateTime(locale, new Date(candidate.draftUpdatedAt))}</dd>
              </div>
            </dl>
            {candidate.unchanged ? (
              <p className="publish-warning" role="status">
                {t("processAdmin.publish.unchangedHint", { number: String(latest?.number ?? "") })}
              </p>
            ) : null}
            {candidate.mismatches.length > 0 ? (
              <div className="publish-warning">
                <p>{t("processAdmin.publish.error.budget_mismatch")}</p>
                <MismatchList mismatches={candidate.mismatches} />
              </div>
            ) : null}
            {candidate.dropsAll ? (
              <p className="publish-warning" role="status" id="drop-all-warning">
                {t("processAdmin.publish.dropAllWarning", { number: String(latest?.number ?? "") })}
              </p>
            ) : null}
            {problem ? (
              <div className="form-error" role="alert">
                <p>{t(`processAdmin.publish.error.${problem.code}`)}</p>
                <MismatchList mismatches={problem.mismatches} />
              </div>
            ) : null}
            <Form method="post" className="form" {...getFormProps(form)}>
              <CsrfInput />
              <input type="hidden" name="baseVersion" value={latest?.number ?? 0} />
              <input type="hidden" name="draftUpdatedAt" value={candidate.draftRevision} />
              <div className="field">
                <label htmlFor={fields.changelog.id}>{t("processAdmin.publish.changelog")}</label>
                <textarea key={changelogKey} {...changelogProps} />
                <p id="changelog-hint" className="field__hint">
                  {t("processAdmin.publish.changelogHint")}
                </p>
                <FieldErrorList id={fields.changelog.errorId} errors={fields.changelog.errors} />
              </div>
              {candidate.dropsAll ? (
                <div className="field field--checkbox">
                  <div className="field__checkbox-row">
                    <input id="confirm-drop-all" type="checkbox" name="confirmDropAll" aria-describedby="drop-all-warning" />
                    <label htmlFor="confirm-drop-all">{t("processAdmin.publish.confirmDropAll", { number: String(latest?.number ?? "") })}</label>
                  </div>
                </div>
              ) : null}
              <p className="field__hint">{t("processAdmin.publish.immutable")}</p>
              <div>
                <button type="submit" disabled={navigation.state === "submitting"}>
                  {t("processAdmin.publish.submit", { number: String(next) })}
                </button>
              </div>
            </Form>
          </section>
          {candidate.preview ? <DocumentPreviewView preview={candidate.preview} headingId="draft-preview-title" /> : <p className="form-error">{t("processAdmin.publish.error.invalid_document")}</p>}
        </div>
      )}
    </div>
  );
}
