import { useState, type FormEvent } from "react";
import { formatDate } from "../../../server/i18n/format";
import { useI18n } from "../../i18n/i18n";
import { annotationNumber, flagAnnotation, type ShownAnnotation } from "./api";

/** What a card needs to offer flagging (signed-in readers only): the CSRF token and the live region. */
export interface Flagging {
  csrfToken: string;
  announce: (message: string) => void;
}

/** One annotation: author, date, body (escaped by React), the version it was made on and its carry status. */
export function AnnotationCard({ annotation: a, flagging }: { annotation: ShownAnnotation; flagging: Flagging | null }) {
  const { t, locale } = useI18n();
  return (
    <li className="anno-card">
      <p className="anno-card__meta">
        <strong>{a.author}</strong> · <time dateTime={a.created}>{formatDate(locale, new Date(a.created))}</time> · {t("annotation.madeOn", { number: a.madeOnVersion })}{" "}
        <span className={`badge anno-status anno-status--${a.carryStatus}`}>{t(`annotation.status.${a.carryStatus}`)}</span>
      </p>
      {a.carryStatus === "moved" || a.carryStatus === "orphaned" ? (
        <p className="anno-card__old">
          {t("annotation.originalQuote")} <q>{a.originalQuote}</q>
        </p>
      ) : null}
      {a.body !== null ? <p className="anno-card__body">{a.body}</p> : <p className="anno-card__hidden muted">{t("annotation.hidden", { reason: a.hiddenReason ?? "" })}</p>}
      {flagging && a.body !== null ? <FlagForm annotation={a} flagging={flagging} /> : null}
    </li>
  );
}

/**
 * "Denunciar": a disclosure with a reason, posted to `POST /flags`. The outcome (thanks, or
 * "already flagged" for a 409) stays in the card and is announced through the layer's live region.
 */
function FlagForm({ annotation, flagging }: { annotation: ShownAnnotation; flagging: Flagging }) {
  const { t } = useI18n();
  const id = annotationNumber(annotation.id);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (id === null) return null;
  const fieldId = `anno-flag-${id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === "") {
      setError(t("debate.error.reasonRequired"));
      return;
    }
    setBusy(true);
    const outcome = await flagAnnotation(id, reason, flagging.csrfToken);
    setBusy(false);
    if (outcome.ok || outcome.status === 409) {
      const message = outcome.ok ? t("debate.notice.flagged") : t("debate.error.alreadyFlagged");
      setError(null);
      setResult(message);
      flagging.announce(message);
      return;
    }
    setError(t(outcome.key));
  };
  if (result) return <p className="notice anno-card__flagged">{result}</p>;
  return (
    <details className="anno-flag">
      <summary>{t("debate.flag.summary")}</summary>
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={fieldId}>{t("debate.flag.reason")}</label>
          <textarea
            id={fieldId}
            rows={2}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${fieldId}-error` : undefined}
          />
          {error ? (
            <p className="field__error" id={`${fieldId}-error`} role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--quiet" disabled={busy}>
          {t("debate.flag.submit")}
        </button>
      </form>
    </details>
  );
}
