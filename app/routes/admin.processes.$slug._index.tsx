import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { formatDateTime } from "../../server/i18n/format";
import { COUNCIL_TIME_ZONE, fromZonedLocal, toZonedLocal } from "../../server/services/council-time";
import type { PhaseInput } from "../../server/services/phase-schedule";
import { getProcessForEditing, savePhases, setProcessPublished, updateProcess } from "../../server/services/process-admin";
import { EditProcessSchema, PHASE_KIND_NAMES, PhasesSchema, VisibilitySchema } from "../../server/services/process-forms";
import { CsrfInput } from "../components/CsrfInput";
import { PhaseBadge } from "../components/PhaseBadge";
import { FieldErrorList } from "../components/process-admin/FieldErrorList";
import { ProcessAdminNav } from "../components/process-admin/ProcessAdminNav";
import { ProcessFields } from "../components/process-admin/ProcessFields";
import { useI18n, useT } from "../i18n/i18n";
import { requirePermission } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: d ? `${d.process.title} · Redacta` : "Redacta" }];

export function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "process.edit", null);
  const { db, now } = context.app;
  const p = runService(() => getProcessForEditing(db, user, params.slug ?? "", now()));
  return {
    process: {
      slug: p.slug,
      kind: p.kind,
      title: p.title,
      summary: p.summary,
      department: p.department,
      published: p.publishedAt !== null,
      currentPhase: p.currentPhase?.kind ?? null,
      latestVersion: p.latestVersion ? { number: p.latestVersion.number, publishedAt: p.latestVersion.publishedAt.toISOString() } : null,
      draftUpdatedAt: p.draftUpdatedAt?.toISOString() ?? null,
      // datetime-local values on the council's clock, so staff see what they typed.
      phases: Object.fromEntries(p.phases.map((w) => [w.kind, { startsAt: toZonedLocal(w.startsAt), endsAt: toZonedLocal(w.endsAt) }])),
    },
    timeZone: COUNCIL_TIME_ZONE,
  };
}

type FormId = "details" | "phases" | "visibility";

/** The `?done=` values this page has a notice for. */
const DONE_NOTICES = new Set(["created", "details", "phases", "publish", "unpublish", "published"]);

function rejected(formId: FormId, result: SubmissionResult<string[]>) {
  return data({ formId, result }, { status: 400 });
}

/** Details, phase calendar and visibility: one intent per form, each audited by its service. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "process.edit", null);
  const { db, now } = context.app;
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");

  if (intent === "details") {
    const submission = parseWithZod(formData, { schema: EditProcessSchema });
    if (submission.status !== "success") return rejected("details", submission.reply());
    try {
      const updated = runService(() => updateProcess(db, actor, slug, submission.value, now()));
      return redirect(`/admin/processes/${updated.slug}?done=details`, { status: 303 });
    } catch (error) {
      if (error instanceof ValidationError) return rejected("details", submission.reply({ fieldErrors: error.fieldErrors }));
      throw error;
    }
  }

  if (intent === "phases") {
    const submission = parseWithZod(formData, { schema: PhasesSchema });
    if (submission.status !== "success") return rejected("phases", submission.reply());
    const inputs: PhaseInput[] = PHASE_KIND_NAMES.map((kind) => {
      const raw = submission.value.phases?.[kind];
      const startsAt = raw?.startsAt ? fromZonedLocal(raw.startsAt) : null;
      const endsAt = raw?.endsAt ? fromZonedLocal(raw.endsAt) : null;
      return { kind, startsAt, endsAt, startInvalid: Boolean(raw?.startsAt) && !startsAt, endInvalid: Boolean(raw?.endsAt) && !endsAt };
    });
    try {
      runService(() => savePhases(db, actor, slug, inputs, now()));
      return redirect(`/admin/processes/${slug}?done=phases`, { status: 303 });
    } catch (error) {
      if (error instanceof ValidationError) return rejected("phases", submission.reply({ fieldErrors: error.fieldErrors }));
      throw error;
    }
  }

  const submission = parseWithZod(formData, { schema: VisibilitySchema });
  if (submission.status !== "success") return rejected("visibility", submission.reply());
  runService(() => setProcessPublished(db, actor, slug, submission.value.intent === "publish", now()));
  return redirect(`/admin/processes/${slug}?done=${submission.value.intent}`, { status: 303 });
}

function DetailsForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { process } = useLoaderData<typeof loader>();
  const t = useT();
  const [form, fields] = useForm({
    id: "details",
    lastResult,
    defaultValue: { title: process.title, slug: process.slug, summary: process.summary, department: process.department },
    constraint: getZodConstraint(EditProcessSchema),
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditProcessSchema }),
  });
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">{t("processAdmin.details.title")}</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="details" />
        <p className="muted">{t("processAdmin.details.kind", { kind: t(`process.kind.${process.kind}`) })}</p>
        <ProcessFields fields={fields} slugHintKey="processAdmin.field.slugEditHint" />
        <div>
          <button type="submit">{t("processAdmin.details.submit")}</button>
        </div>
      </Form>
    </section>
  );
}

function PhasesForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { process } = useLoaderData<typeof loader>();
  const t = useT();
  const [form, fields] = useForm({
    id: "phases",
    lastResult,
    defaultValue: { phases: process.phases },
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PhasesSchema }),
  });
  const phaseFields = fields.phases.getFieldset();
  return (
    <section className="card" aria-labelledby="phases-title">
      <h2 id="phases-title">{t("processAdmin.phases.title")}</h2>
      <p className="field__hint" id="phases-rules">
        {t("processAdmin.phases.rules")}
      </p>
      <Form method="post" className="phase-form" {...getFormProps(form)} aria-describedby="phases-rules">
        <CsrfInput />
        <input type="hidden" name="intent" value="phases" />
        {PHASE_KIND_NAMES.map((kind) => {
          const window = phaseFields[kind].getFieldset();
          const { key: startKey, ...startProps } = getInputProps(window.startsAt, { type: "datetime-local" });
          const { key: endKey, ...endProps } = getInputProps(window.endsAt, { type: "datetime-local" });
          return (
            <fieldset key={kind} className="phase-form__row">
              <legend>{t(`process.phase.${kind}`)}</legend>
              <div className="field">
                <label htmlFor={window.startsAt.id}>{t("processAdmin.phases.startsAt")}</label>
                <input key={startKey} {...startProps} />
                <FieldErrorList id={window.startsAt.errorId} errors={window.startsAt.errors} />
              </div>
              <div className="field">
                <label htmlFor={window.endsAt.id}>{t("processAdmin.phases.endsAt")}</label>
                <input key={endKey} {...endProps} />
                <FieldErrorList id={window.endsAt.errorId} errors={window.endsAt.errors} />
              </div>
            </fieldset>
          );
        })}
        <div>
          <button type="submit">{t("processAdmin.phases.submit")}</button>
        </div>
      </Form>
    </section>
  );
}

export default function ProcessAdminPage() {
  const { process } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const done = params.get("done");
  const resultFor = (id: FormId) => (actionData?.formId === id ? actionData.result : undefined);
  return (
    <div className="process-admin">
      <ProcessAdminNav slug={process.slug} title={process.title} />
      {done ? (
        <p className="notice" role="status">
          {t(`processAdmin.done.${DONE_NOTICES.has(done) ? done : "saved"}`, { number: params.get("version") ?? "" })}
        </p>
      ) : null}
      <section className="card process-admin-status" aria-labelledby="status-title">
        <h2 id="status-title">{t("processAdmin.status.title")}</h2>
        <dl className="process-admin-status__list">
          <div>
            <dt>{t("processAdmin.list.visibility")}</dt>
            <dd>
              <span className={process.published ? "badge badge--phase" : "badge"}>
                {t(process.published ? "processAdmin.status.published" : "processAdmin.status.unpublished")}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t("processAdmin.list.phase")}</dt>
            <dd>
              <PhaseBadge kind={process.currentPhase} />
            </dd>
          </div>
          <div>
            <dt>{t("processAdmin.list.version")}</dt>
            <dd>
              {process.latestVersion
                ? t("processAdmin.status.version", { number: String(process.latestVersion.number), date: formatDateTime(locale, new Date(process.latestVersion.publishedAt)) })
                : t("processAdmin.list.noVersion")}
            </dd>
          </div>
          <div>
            <dt>{t("processAdmin.status.draft")}</dt>
            <dd>{process.draftUpdatedAt ? formatDateTime(locale, new Date(process.draftUpdatedAt)) : t("processAdmin.status.noDraft")}</dd>
          </div>
        </dl>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value={process.published ? "unpublish" : "publish"} />
          <button type="submit" className={process.published ? "button--quiet" : undefined} disabled={navigation.state === "submitting"}>
            {t(process.published ? "processAdmin.status.unpublish" : "processAdmin.status.publish")}
          </button>
        </Form>
      </section>
      <div className="process-admin__columns">
        <DetailsForm lastResult={resultFor("details")} />
        <PhasesForm lastResult={resultFor("phases")} />
      </div>
    </div>
  );
}
