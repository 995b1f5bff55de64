import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useT } from "../i18n/i18n";

type TextType = "text" | "email" | "password" | "url" | "tel";

/**
 * A labelled input bound to a Conform field. Errors are translation keys; they are rendered
 * under the input and linked with aria-describedby (Conform sets aria-invalid and moves focus
 * to the first invalid field after a failed submit).
 */
export function TextField({
  meta,
  label,
  type = "text",
  hint,
  autoComplete,
}: {
  meta: FieldMetadata<string | undefined>;
  label: string;
  type?: TextType;
  hint?: string;
  autoComplete?: string;
}) {
  const t = useT();
  const hintId = hint ? `${meta.id}-hint` : undefined;
  // `key` must not be spread into JSX (React warns); it resets the input when Conform asks.
  const { key, ...inputProps } = getInputProps(meta, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input key={key} {...inputProps} autoComplete={autoComplete} />
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} t={t} />
    </div>
  );
}

/** A checkbox with its label beside it (e.g. accepting the terms). */
export function CheckboxField({ meta, label }: { meta: FieldMetadata<boolean | undefined>; label: ReactNode }) {
  const t = useT();
  const { key, ...inputProps } = getInputProps(meta, { type: "checkbox" });
  return (
    <div className="field field--checkbox">
      <div className="field__checkbox-row">
        <input key={key} {...inputProps} />
        <label htmlFor={meta.id}>{label}</label>
      </div>
      <FieldErrors id={meta.errorId} errors={meta.errors} t={t} />
    </div>
  );
}

function FieldErrors({ id, errors, t }: { id: string; errors: string[] | undefined; t: (key: string) => string }) {
  if (!errors || errors.length === 0) return null;
  return (
    <ul id={id} className="field__error field__error-list">
      {errors.map((error) => (
        <li key={error}>{t(error)}</li>
      ))}
    </ul>
  );
}

/**
 * Errors about the whole form (wrong credentials, too many attempts). role="alert" makes
 * screen readers announce them when they appear after a submit.
 */
export function FormErrors({ id, errors, detail }: { id: string; errors: string[] | undefined; detail?: string }) {
  const t = useT();
  if (!errors || errors.length === 0) return null;
  return (
    <div id={id} className="form-error" role="alert">
      {errors.map((error) => (
        <p key={error} className="form-error__line">
          {t(error)}
        </p>
      ))}
      {detail ? <p className="form-error__line">{detail}</p> : null}
    </div>
  );
}
