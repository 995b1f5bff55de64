import { Form, useNavigation } from "@remix-run/react";
import { formatDate } from "../../../server/i18n/format";
import { BODY_MAX, REASON_MAX, STANCE_NAMES } from "../../../server/services/debates/forms";
import { CsrfInput } from "../CsrfInput";
import { useI18n } from "../../i18n/i18n";
import { CommentText } from "./CommentText";

/** A comment as the page's loader sends it (dates serialised). */
export interface CommentData {
  id: number;
  depth: number;
  author: { id: number; name: string };
  body: string | null;
  hidden: { reason: string } | null;
  stance: "for" | "against" | "neutral" | null;
  official: boolean;
  createdAt: string;
  supports: number;
  supportedByViewer: boolean;
  replies: CommentData[];
}

/** What the reader may do, and the last failed form (to show its errors next to it). */
export interface DebateAbilities {
  canComment: boolean;
  canSupport: boolean;
  canFlag: boolean;
  canOfficial: boolean;
  viewerId: number | null;
  failed: { formKey: string; errors: string[]; body: string | null } | null;
}

/** Errors of one form, linked to its field by aria-describedby. */
export function FormErrors({ id, errors }: { id: string; errors: string[] }) {
  const { t } = useI18n();
  if (errors.length === 0) return null;
  return (
    <ul id={id} className="field__error field__error-list" role="alert">
      {errors.map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}

/** The new-comment and reply form (a reply carries parentId). */
export function CommentForm({ formKey, parentId, label, submit, abilities }: { formKey: string; parentId: number | null; label: string; submit: string; abilities: DebateAbilities }) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const mine = abilities.failed?.formKey === formKey ? abilities.failed : null;
  const errors = mine?.errors ?? [];
  const bodyId = `${formKey}-body`;
  const errorId = `${formKey}-errors`;
  return (
    <Form method="post" className="form comment-form" preventScrollReset>
      <CsrfInput />
      <input type="hidden" name="intent" value="comment" />
      <input type="hidden" name="formKey" value={formKey} />
      {parentId !== null ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <div className="field">
        <label htmlFor={bodyId}>{label}</label>
        <textarea key={mine ? `failed-${mine.errors.join()}` : "fresh"} defaultValue={mine?.body ?? undefined} id={bodyId} name="body" rows={parentId === null ? 5 : 3} required maxLength={BODY_MAX * 2} aria-describedby={`${bodyId}-hint${errors.length > 0 ? ` ${errorId}` : ""}`} aria-invalid={errors.length > 0 || undefined} />
        <p id={`${bodyId}-hint`} className="field__hint">
          {t("debate.form.bodyHint")}
        </p>
        <FormErrors id={errorId} errors={errors} />
      </div>
      <fieldset className="comment-form__stance">
        <legend>{t("debate.form.stance")}</legend>
        <label>
          <input type="radio" name="stance" value="" defaultChecked /> {t("debate.stance.none")}
        </label>
        {STANCE_NAMES.map((stance) => (
          <label key={stance}>
            <input type="radio" name="stance" value={stance} /> {t(`debate.stance.${stance}`)}
          </label>
        ))}
      </fieldset>
      {abilities.canOfficial ? (
        <label className="comment-form__official">
          <input type="checkbox" name="official" /> {t("debate.form.official")}
        </label>
      ) : null}
      <div>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {submit}
        </button>
      </div>
    </Form>
  );
}

/** One comment with its stance, official mark, supports, reply and flag forms, and replies. */
export function CommentItem({ comment, abilities }: { comment: CommentData; abilities: DebateAbilities }) {
  const { t, locale } = useI18n();
  const navigation = useNavigation();
  const flagKey = `flag-${comment.id}`;
  const flagErrors = abilities.failed?.formKey === flagKey ? abilities.failed.errors : [];
  const supportKey = `support-${comment.id}`;
  const supportErrors = abilities.failed?.formKey === supportKey ? abilities.failed.errors : [];
  const replyKey = `reply-${comment.id}`;
  const own = abilities.viewerId === comment.author.id;
  return (
    <li className={`comment${comment.official ? " comment--official" : ""}${comment.hidden ? " comment--hidden" : ""}`} id={`comment-${comment.id}`}>
      <article aria-labelledby={`comment-${comment.id}-by`}>
        <header className="comment__head">
          <span id={`comment-${comment.id}-by`} className="comment__by">
            {t("debate.byline", { name: comment.author.name, date: formatDate(locale, new Date(comment.createdAt)) })}
          </span>
          <span className="badges">
            {comment.official ? <span className="badge badge--ok">{t("debate.official")}</span> : null}
            {comment.stance ? <span className={`badge badge--stance-${comment.stance}`}>{t("debate.stance.label", { stance: t(`debate.stance.${comment.stance}`) })}</span> : null}
          </span>
        </header>
        {comment.hidden ? (
          <p className="comment__placeholder notice">{t("debate.hidden.placeholder", { reason: comment.hidden.reason })}</p>
        ) : null}
        {comment.body !== null ? (
          <>
            {comment.hidden ? <p className="muted">{t("debate.hidden.staffNote")}</p> : null}
            <CommentText text={comment.body} />
          </>
        ) : null}
        <div className="comment__actions">
          <span className="comment__supports">{t("debate.support.count", { count: comment.supports })}</span>
          {comment.supportedByViewer ? <span className="badge">{t("debate.support.given")}</span> : null}
          {abilities.canSupport && !comment.supportedByViewer && !comment.hidden && !own ? (
            <Form method="post" className="inline-form" preventScrollReset>
              <CsrfInput />
              <input type="hidden" name="formKey" value={supportKey} />
              <input type="hidden" name="commentId" value={comment.id} />
              <button type="submit" name="intent" value="support" className="button button--small button--quiet" disabled={navigation.state === "submitting"}>
                {t("debate.support.button")}
                <span className="visually-hidden"> {t("debate.support.of", { name: comment.author.name })}</span>
              </button>
            </Form>
          ) : null}
          <FormErrors id={`${supportKey}-errors`} errors={supportErrors} />
        </div>
        {abilities.canComment && !comment.hidden && comment.depth < 2 ? (
          <details className="comment__reply" open={abilities.failed?.formKey === replyKey || undefined}>
            <summary>
              {t("debate.reply.summary")}
              <span className="visually-hidden"> — {comment.author.name}</span>
            </summary>
            <CommentForm formKey={replyKey} parentId={comment.id} label={t("debate.reply.label", { name: comment.author.name })} submit={t("debate.reply.submit")} abilities={abilities} />
          </details>
        ) : null}
        {abilities.canFlag && !comment.hidden && !own ? (
          <details className="comment__flag" open={flagErrors.length > 0 || undefined}>
            <summary>
              {t("debate.flag.summary")}
              <span className="visually-hidden"> — {comment.author.name}</span>
            </summary>
            <Form method="post" className="form" preventScrollReset>
              <CsrfInput />
              <input type="hidden" name="formKey" value={flagKey} />
              <input type="hidden" name="commentId" value={comment.id} />
              <div className="field">
                <label htmlFor={`${flagKey}-reason`}>{t("debate.flag.reason")}</label>
                <input id={`${flagKey}-reason`} name="reason" required maxLength={REASON_MAX} aria-describedby={flagErrors.length > 0 ? `${flagKey}-errors` : undefined} />
                <FormErrors id={`${flagKey}-errors`} errors={flagErrors} />
              </div>
              <button type="submit" name="intent" value="flag" className="button button--small">
                {t("debate.flag.submit")}
              </button>
            </Form>
          </details>
        ) : null}
      </article>
      {comment.replies.length > 0 ? (
        <ol className="comment-list comment-list--replies" aria-label={t("debate.thread.replies")}>
          {comment.replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} abilities={abilities} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}
