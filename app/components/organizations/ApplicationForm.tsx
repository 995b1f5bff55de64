import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { APPLICATION_LIMITS, ApplicationSchema, ORGANIZATION_KIND_NAMES, type ApplicationInput } from "../../../server/services/organization-forms";
import { CsrfInput } from "../CsrfInput";
import { FormErrors, TextField } from "../FormField";
import { useT } from "../../i18n/i18n";

function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const t = useT();
  if (!errors || errors.length === 0) return null;
  return (
    <ul id={id} className="field__error field__error-list">
      {errors.map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}

/**
 * The organization application, for a first application and for correcting a rejected one. The
 * same zod schema validates in the browser (Conform) and in the action, which answers 400 with
 * field errors; the service checks the registration number is not taken.
 */
export function ApplicationForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<ApplicationInput>;
  submitLabel: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "organization-application",
    lastResult,
    defaultValue,
    constraint: getZodConstraint(ApplicationSchema),
    // Errors appear on submit, not on blur (a message appearing on blur moves the button under the pointer).
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApplicationSchema }),
  });
  const { key: kindKey, ...kindProps } = getSelectProps(fields.kind);
  const { key: descriptionKey, ...descriptionProps } = getTextareaProps(fields.description);
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <CsrfInput />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.name} label={t("organizations.field.name")} autoComplete="organization" />
      <TextField meta={fields.registrationNumber} label={t("organizations.field.registrationNumber")} hint={t("organizations.field.registrationNumberHint")} autoComplete="off" />
      <div className="field">
        <label htmlFor={fields.kind.id}>{t("organizations.field.kind")}</label>
        <select key={kindKey} {...kindProps} defaultValue={fields.kind.initialValue ?? ""}>
          <option value="" disabled>
            {t("organizations.field.kindChoose")}
          </option>
          {ORGANIZATION_KIND_NAMES.map((kind) => (
            <option key={kind} value={kind}>
              {t(`organizations.kind.${kind}`)}
            </option>
          ))}
        </select>
        <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
      </div>
      <TextField meta={fields.address} label={t("organizations.field.address")} autoComplete="street-address" />
      <TextField meta={fields.website} label={t("organizations.field.website")} type="url" hint={t("organizations.field.websiteHint")} autoComplete="url" />
      <TextField meta={fields.contactEmail} label={t("organizations.field.contactEmail")} type="email" autoComplete="email" />
      <TextField meta={fields.contactPhone} label={t("organizations.field.contactPhone")} type="tel" autoComplete="tel" />
      <div className="field">
        <label htmlFor={fields.description.id}>{t("organizations.field.description")}</label>
        <textarea key={descriptionKey} {...descriptionProps} rows={4} aria-describedby={`${fields.description.id}-hint${fields.description.errors ? ` ${fields.description.errorId}` : ""}`} />
        <p id={`${fields.description.id}-hint`} className="field__hint">
          {t("organizations.field.descriptionHint", { max: APPLICATION_LIMITS.description })}
        </p>
        <FieldErrors id={fields.description.errorId} errors={fields.description.errors} />
      </div>
      <p className="field__hint">{t("organizations.apply.representatives")}</p>
      <div>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
