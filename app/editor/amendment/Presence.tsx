import { useT } from "../../i18n/i18n";

/** One person present in the shared document. */
export interface PresentPerson {
  /** Who this is (their user id), unique in the list even when two people share a name. */
  key: string;
  name: string;
  color: string;
  isSelf: boolean;
}

/**
 * Who is here: the people connected to the amendment, by name (colour is only a reminder of
 * their cursor, never the sole cue). A plain list, so screen readers get it too.
 */
export function Presence({ people }: { people: PresentPerson[] }) {
  const t = useT();
  return (
    <section className="amendment-presence" aria-label={t("amendment-editor.presence.title")}>
      <h3 className="visually-hidden">{t("amendment-editor.presence.title")}</h3>
      <ul className="amendment-presence__list">
        {people.map((person) => (
          <li key={person.key} className="amendment-presence__person">
            <span className="amendment-presence__swatch" style={{ backgroundColor: person.color }} aria-hidden="true" />
            {person.isSelf ? t("amendment-editor.presence.you", { name: person.name }) : person.name}
          </li>
        ))}
      </ul>
    </section>
  );
}
