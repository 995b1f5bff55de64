import { useT } from "../../i18n/i18n";

/** Errors of one field (translation keys), linked to it by id through aria-describedby. */
export function FieldErrorList({ id, errors }: { id: string; errors: string[] | undefined }) {
  const t = useT();
  if (!errors || errors.length === 0) return null;
  return (
    <ul id={id} className="field__error field__error-list">
      {errors.map((error) => (
        <li key={error}>{t(error)}</li>
      ))}
    </ul>
  );
}
