import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { JUSTIFICATION_MAX, ON_BEHALF_MYSELF, StartAmendmentSchema } from "../../../server/services/amendments/forms";
import { useT } from "../../i18n/i18n";
import { CsrfInput } from "../CsrfInput";
import { FieldErrors } from "./FieldErrors";

/** An organization the person may file on behalf of. */
export interface OrganizationChoice {
  id: number;
  name: string;
}

/** The form's id; the action answers its 400 under this id so errors land next to the fields. */
export const PROPOSE_FORM_ID = "propose-amendment";

/**
 * "Propose an amendment": the kind (radio buttons with a hint each, or a fixed "budget"), a
 * required justification and, for organization representatives, on whose behalf. Posts to
 * `action` (the page's own action when omitted); the server starts the draft and redirects.
 */
export function ProposeAmendmentForm({
  kinds,
  organizations,
  lastResult,
  action,
  submitLabel,
}: {
  kinds: readonly string[];
  organizations: OrganizationChoice[];
  lastResult: SubmissionResult<string[]> | undefined;
  action?: string;
  submitLabel?: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: PROPOSE_FORM_ID,
    lastResult,
    constraint: getZodConstraint(StartAmendmentSchema),
    // Errors on submit, not on blur (a message appearing on blur moves the button mid-click).
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StartAmendmentSchema }),
  });
  const hintId = `${fields.justification.id}-hint`;
  const { key: justificationKey, ...justificationProps } = getTextareaProps(fields.justification, { ariaDescribedBy: hintId });
  const single = kinds.length === 1 ? kinds[0] : null;
  return (
    <Form method="post" action={action} className="form amendment-propose" {...getFormProps(form)}>
      <CsrfInput />
      <input type="hidden" name="intent" value="amend" />
      {single ? (
        <>
          <input type="hidden" name={fields.kind.name} value={single} />
          <p className="amendment-propose__single">{t(`amendments.propose.kindHint.${single}`)}</p>
        </>
      ) : (
        <fieldset className="amendment-propose__kinds" aria-describedby={fields.kind.errors ? fields.kind.errorId : undefined}>
          <legend>{t("amendments.propose.kind")}</legend>
          {kinds.map((kind, index) => {
            const inputId = `${fields.kind.id}-${kind}`;
            return (
              <div className="amendment-propose__kind" key={kind}>
                <input
                  type="radio"
                  id={inputId}
                  name={fields.kind.name}
                  value={kind}
                  defaultChecked={(fields.kind.initialValue ?? kinds[0]) === kind}
                  required={index === 0}
                  aria-describedby={`${inputId}-hint`}
                />
                <label htmlFor={inputId}>{t(`amendments.propose.kind.${kind}`)}</label>
                <p id={`${inputId}-hint`} className="field__hint">
                  {t(`amendments.propose.kindHint.${kind}`)}
                </p>
              </div>
            );
          })}
          <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={fields.justification.id}>{t("amendments.propose.justification")}</label>
        <textarea key={justificationKey} {...justificationProps} rows={5} maxLength={JUSTIFICATION_MAX * 2} />
        <p id={hintId} className="field__hint">
          {t("amendments.propose.justificationHint", { max: JUSTIFICATION_MAX })}
        </p>
        <FieldErrors id={fields.justification.errorId} errors={fields.justification.errors} />
      </div>
      {organizations.length > 0 ? (
        <div className="field">
          <label htmlFor={fields.onBehalfOf.id}>{t("amendments.propose.onBehalfOf")}</label>
          <select id={fields.onBehalfOf.id} name={fields.onBehalfOf.name} defaultValue={typeof fields.onBehalfOf.initialValue === "string" ? fields.onBehalfOf.initialValue : ON_BEHALF_MYSELF} aria-describedby={fields.onBehalfOf.errors ? fields.onBehalfOf.errorId : undefined}>
            <option value={ON_BEHALF_MYSELF}>{t("amendments.propose.myself")}</option>
            {organizations.map((o) => (
              <option key={o.id} value={String(o.id)}>
                {o.name}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.onBehalfOf.errorId} errors={fields.onBehalfOf.errors} />
        </div>
      ) : null}
      <FieldErrors id={form.errorId} errors={form.errors} />
      <p className="field__hint">{t("amendments.propose.draftNote")}</p>
      <div>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {submitLabel ?? t("amendments.propose.submit")}
        </button>
      </div>
    </Form>
  );
}
