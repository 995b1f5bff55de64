import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, useNavigation } from "@remix-run/react";
import { useRef, useState } from "react";
import { AddMemberSchema, JUSTIFICATION_MAX, JustificationSchema } from "../../../server/services/amendments/forms";
import { formatDate } from "../../../server/i18n/format";
import { useI18n, useT } from "../../i18n/i18n";
import { CsrfInput } from "../CsrfInput";
import { FieldErrors } from "./FieldErrors";

/**
 * The co-authors' panels of a draft amendment's page: the justification form, the organization
 * member picker, the invitation link and the two-step submit / withdraw buttons.
 */

/** Conform form ids, shared with the page's action so each answer reaches its own form. */
export const JUSTIFICATION_FORM = "amendment-justification";
export const MEMBER_FORM = "amendment-member";

export function JustificationForm({ initial, lastResult }: { initial: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: JUSTIFICATION_FORM,
    lastResult,
    defaultValue: { justification: initial },
    constraint: getZodConstraint(JustificationSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: JustificationSchema }),
  });
  const hintId = `${fields.justification.id}-hint`;
  const { key, ...props } = getTextareaProps(fields.justification, { ariaDescribedBy: hintId });
  return (
    <Form method="post" className="form" {...getFormProps(form)} preventScrollReset>
      <CsrfInput />
      <input type="hidden" name="intent" value="justification" />
      <div className="field">
        <label htmlFor={fields.justification.id}>{t("amendments.justification.edit")}</label>
        <textarea key={key} {...props} rows={6} maxLength={JUSTIFICATION_MAX * 2} />
        <p id={hintId} className="field__hint">
          {t("amendments.propose.justificationHint", { max: JUSTIFICATION_MAX })}
        </p>
        <FieldErrors id={fields.justification.errorId} errors={fields.justification.errors} />
      </div>
      <div>
        <button type="submit" className="button--quiet" disabled={navigation.state === "submitting"}>
          {t("amendments.justification.save")}
        </button>
      </div>
    </Form>
  );
}

export function MemberPicker({ members, lastResult }: { members: Array<{ userId: number; name: string }>; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const [form, fields] = useForm({
    id: MEMBER_FORM,
    lastResult,
    constraint: getZodConstraint(AddMemberSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMemberSchema }),
  });
  return (
    <Form method="post" className="form amendment-member-form" {...getFormProps(form)} preventScrollReset>
      <CsrfInput />
      <input type="hidden" name="intent" value="addMember" />
      <div className="field">
        <label htmlFor={fields.userId.id}>{t("amendments.coauthors.member")}</label>
        <div className="search-form__row">
          <select id={fields.userId.id} name={fields.userId.name} required aria-describedby={fields.userId.errors ? fields.userId.errorId : undefined} aria-invalid={fields.userId.errors ? true : undefined}>
            <option value="">{t("amendments.coauthors.memberChoose")}</option>
            {members.map((m) => (
              <option key={m.userId} value={String(m.userId)}>
                {m.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button--quiet">
            {t("amendments.coauthors.add")}
          </button>
        </div>
        <FieldErrors id={fields.userId.errorId} errors={fields.userId.errors} />
      </div>
    </Form>
  );
}

/** An invitation link still working, as the loader lists it (the token itself is never stored). */
export interface ActiveInvite {
  id: number;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * The invite link, shown once after it is made, with a copy button; below it the links still
 * working, each revocable.
 */
export function InvitePanel({ invite, active }: { invite: { url: string; expiresAt: string } | null; active: ActiveInvite[] }) {
  const { t, locale } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = () => {
    const field = input.current;
    if (!field) return;
    field.select();
    navigator.clipboard.writeText(field.value).then(
      () => setCopied(true),
      // Clipboard refused (permissions): the text stays selected for Ctrl+C instead.
      () => setCopied(false),
    );
  };
  return (
    <div className="amendment-invite">
      <h3>{t("amendments.invite.heading")}</h3>
      <p className="field__hint">{t("amendments.invite.hint")}</p>
      {invite ? (
        <div className="field">
          <label htmlFor="invite-url">{t("amendments.invite.label")}</label>
          <div className="search-form__row">
            <input id="invite-url" ref={input} type="text" readOnly value={invite.url} aria-describedby="invite-expires" onFocus={(e) => e.currentTarget.select()} />
            <button type="button" className="button--quiet" onClick={copy}>
              {t("amendments.invite.copy")}
            </button>
          </div>
          <p id="invite-expires" className="field__hint">
            {t("amendments.invite.expires", { date: formatDate(locale, new Date(invite.expiresAt)) })}
          </p>
          <p className="visually-hidden" role="status">
            {copied ? t("amendments.invite.copied") : ""}
          </p>
          {copied ? <p className="muted" aria-hidden="true">{t("amendments.invite.copied")}</p> : null}
        </div>
      ) : (
        <Form method="post" preventScrollReset>
          <CsrfInput />
          <button type="submit" name="intent" value="invite" className="button--quiet">
            {t("amendments.invite.create")}
          </button>
        </Form>
      )}
      {active.length > 0 ? <ActiveInvites invites={active} /> : null}
    </div>
  );
}

/** A button that needs a second, explicit click after reading what it does. */
export function ConfirmButton({ intent, summary, explanation, confirm, danger }: { intent: string; summary: string; explanation: string; confirm: string; danger?: boolean }) {
  return (
    <details className="amendment-confirm">
      <summary className={`button${danger ? " button--quiet" : ""}`}>{summary}</summary>
      <div className="amendment-confirm__body">
        <p>{explanation}</p>
        <Form method="post" preventScrollReset>
          <CsrfInput />
          <button type="submit" name="intent" value={intent} className={danger ? "button--danger" : undefined}>
            {confirm}
          </button>
        </Form>
      </div>
    </details>
  );
}

/** The draft's working invitation links, each with a button that revokes it at once. */
function ActiveInvites({ invites }: { invites: ActiveInvite[] }) {
  const { t, locale } = useI18n();
  return (
    <div className="amendment-invites">
      <h4 id="active-invites-heading">{t("amendments.invite.activeHeading")}</h4>
      <ul className="amendment-invites__list" aria-labelledby="active-invites-heading">
        {invites.map((invite) => {
          const created = formatDate(locale, new Date(invite.createdAt));
          return (
            <li key={invite.id}>
              <span>{t("amendments.invite.activeItem", { name: invite.createdBy, created, expires: formatDate(locale, new Date(invite.expiresAt)) })}</span>
              <Form method="post" className="inline-form" preventScrollReset>
                <CsrfInput />
                <input type="hidden" name="inviteId" value={invite.id} />
                <button type="submit" name="intent" value="revokeInvite" className="button--small button--quiet">
                  {t("amendments.invite.revoke")}
                  <span className="visually-hidden"> {t("amendments.invite.revokeWhich", { name: invite.createdBy, created })}</span>
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
