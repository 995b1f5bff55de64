import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useT } from "../../i18n/i18n";
import { FieldErrorList } from "./FieldErrorList";

/** One Conform field of a process form, whatever the form's schema. */
type ProcessField = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/**
 * The title, slug, summary and department fields shared by the new-process form and the details
 * form of an existing process. Only the slug's hint differs (derived from the title on creation,
 * a warning about old links on editing), so the caller passes its translation key.
 */
export function ProcessFields({
  fields,
  slugHintKey,
}: {
  fields: { title: ProcessField; slug: ProcessField; summary: ProcessField; department: ProcessField };
  slugHintKey: "processAdmin.field.slugHint" | "processAdmin.field.slugEditHint";
}) {
  const t = useT();
  const slugHint = `${fields.slug.id}-hint`;
  const { key: titleKey, ...titleProps } = getInputProps(fields.title, { type: "text" });
  const { key: slugKey, ...slugProps } = getInputProps(fields.slug, { type: "text", ariaDescribedBy: slugHint });
  const { key: summaryKey, ...summaryProps } = getTextareaProps(fields.summary);
  const { key: departmentKey, ...departmentProps } = getInputProps(fields.department, { type: "text" });
  return (
    <>
      <div className="field">
        <label htmlFor={fields.title.id}>{t("processAdmin.field.title")}</label>
        <input key={titleKey} {...titleProps} />
        <FieldErrorList id={fields.title.errorId} errors={fields.title.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.slug.id}>{t("processAdmin.field.slug")}</label>
        <input key={slugKey} {...slugProps} autoCapitalize="none" spellCheck={false} />
        <p id={slugHint} className="field__hint">
          {t(slugHintKey)}
        </p>
        <FieldErrorList id={fields.slug.errorId} errors={fields.slug.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.summary.id}>{t("processAdmin.field.summary")}</label>
        <textarea key={summaryKey} {...summaryProps} />
        <FieldErrorList id={fields.summary.errorId} errors={fields.summary.errors} />
      </div>
      <div className="field">
        <label htmlFor={fields.department.id}>{t("processAdmin.field.department")}</label>
        <input key={departmentKey} {...departmentProps} />
        <FieldErrorList id={fields.department.errorId} errors={fields.department.errors} />
      </div>
    </>
  );
}
