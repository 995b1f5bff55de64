import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { createProcess } from "../../server/services/process-admin";
import { CreateProcessSchema, PROCESS_KIND_NAMES } from "../../server/services/process-forms";
import { CsrfInput } from "../components/CsrfInput";
import { FieldErrorList } from "../components/process-admin/FieldErrorList";
import { ProcessFields } from "../components/process-admin/ProcessFields";
import { useT } from "../i18n/i18n";
import { requirePermission } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction = () => [{ title: "Redacta · Nuevo proceso" }];

export function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "process.create", null);
  return null;
}

/** Creates the process (unpublished) and goes to its page to set the calendar and import the text. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "process.create", null);
  const submission = parseWithZod(await request.formData(), { schema: CreateProcessSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { db, now } = context.app;
  try {
    const created = runService(() => createProcess(db, actor, submission.value, now()));
    return redirect(`/admin/processes/${created.slug}?done=created`, { status: 303 });
  } catch (error) {
    if (error instanceof ValidationError) return data({ result: submission.reply({ fieldErrors: error.fieldErrors }) }, { status: 400 });
    throw error;
  }
}

export default function NewProcess() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(CreateProcessSchema),
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateProcessSchema }),
  });
  const { key: kindKey, ...kindProps } = getSelectProps(fields.kind);
  return (
    <div className="process-admin">
      <p className="process-admin-head__back">
        <a href="/admin/processes">{t("processAdmin.nav.back")}</a>
      </p>
      <h1>{t("processAdmin.new.title")}</h1>
      <Form method="post" className="form card" {...getFormProps(form)}>
        <CsrfInput />
        <div className="field">
          <label htmlFor={fields.kind.id}>{t("processAdmin.field.kind")}</label>
          <select key={kindKey} {...kindProps}>
            <option value="">{t("processAdmin.field.kindChoose")}</option>
            {PROCESS_KIND_NAMES.map((kind) => (
              <option key={kind} value={kind}>
                {t(`process.kind.${kind}`)}
              </option>
            ))}
          </select>
          <FieldErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
        </div>
        <ProcessFields fields={fields} slugHintKey="processAdmin.field.slugHint" />
        <div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("processAdmin.new.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
