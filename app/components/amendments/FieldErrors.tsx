import { useT } from "../../i18n/i18n";

/**
 * Errors of one field or form (translation keys), announced and linked to the field through the
 * id that the field's aria-describedby names.
 */
export function FieldErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const t = useT();
  if (!errors || errors.length === 0) return null;
  return (
    <div id={id} className="field__error" role="alert">
      {errors.map((e) => (
        <p key={e}>{t(e)}</p>
      ))}
    </div>
  );
}
