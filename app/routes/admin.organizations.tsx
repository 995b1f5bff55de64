import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { ValidationError } from "../../server/errors";
import { can } from "../../server/policies/can";
import { AddMemberSchema, CreateOrganizationSchema, OrganizationActionSchema } from "../../server/services/admin-forms";
import { applicationReviews, rejectOrganization, verifyOrganization } from "../../server/services/organization-applications";
import { RejectApplicationSchema } from "../../server/services/organization-forms";
import {
  addOrganizationMember,
  createOrganization,
  listOrganizations,
  removeOrganizationMember,
  setOrganizationVerified,
} from "../../server/services/organizations";
import { CsrfInput } from "../components/CsrfInput";
import { DoneNotice } from "../components/staff/DoneNotice";
import { formatDate } from "../../server/i18n/format";
import { useI18n, useT } from "../i18n/i18n";
import { staffTitle } from "../utils/admin-meta";
import { requirePermission } from "../utils/guards.server";
import { backWithNotice, runService } from "../utils/service-errors.server";

export const meta: MetaFunction = ({ matches }) => staffTitle(matches, "admin.organizations.title");

const CREATE_FORM = "create-organization";
const memberFormId = (organizationId: number) => `add-member-${organizationId}`;
const rejectFormId = (organizationId: number) => `reject-${organizationId}`;

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "admin.access", null);
  const organizations = runService(() => listOrganizations(context.app.db, user));
  const reviews = runService(() => applicationReviews(context.app.db, user));
  const rank = { pending: 0, rejected: 1, verified: 2 } as const;
  return {
    canVerify: can(user, "organization.verify", null),
    canManage: can(user, "organization.manage", null),
    organizations: organizations
      .map((o) => {
        const review = reviews.get(o.id);
        return {
          id: o.id,
          slug: o.slug,
          name: o.name,
          description: o.description,
          verified: o.verified,
          members: o.members,
          status: review?.status ?? (o.verified ? "verified" : "pending"),
          canReject: review ? can(user, "organization.reject", { status: review.status }) : false,
          application: review
            ? {
                registrationNumber: review.registrationNumber,
                kind: review.kind,
                address: review.address,
                website: review.website,
                contactEmail: review.contactEmail,
                contactPhone: review.contactPhone,
                rejectionReason: review.rejectionReason,
                submittedAt: review.submittedAt ? review.submittedAt.toISOString() : null,
                applicant: review.applicant,
              }
            : null,
        };
      })
      .sort((a, b) => rank[a.status] - rank[b.status]),
  };
}

/** 400 with the field errors a service found (a taken slug, an unknown e-mail). */
function rejected(formId: string, result: SubmissionResult<string[]>) {
  return data({ formId, result }, { status: 400 });
}

/**
 * Creating, verifying and membership changes. The policy for the intent is checked before the
 * input is even parsed, so a forbidden request learns nothing about validation.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  requirePermission(context, request, "admin.access", null);
  const formData = await request.formData();
  const { db, now } = context.app;
  const intent = formData.get("intent");

  if (intent === "create") {
    const actor = requirePermission(context, request, "organization.manage", null);
    const submission = parseWithZod(formData, { schema: CreateOrganizationSchema });
    if (submission.status !== "success") return rejected(CREATE_FORM, submission.reply());
    const input = { name: submission.value.name, slug: submission.value.slug, description: submission.value.description ?? "" };
    try {
      runService(() => createOrganization(db, actor, input, now()));
    } catch (error) {
      if (error instanceof ValidationError) return rejected(CREATE_FORM, submission.reply({ fieldErrors: error.fieldErrors }));
      throw error;
    }
    return redirect(backWithNotice(request, "create"), { status: 303 });
  }

  if (intent === "reject") {
    const actor = requirePermission(context, request, "organization.verify", null);
    const submission = parseWithZod(formData, { schema: RejectApplicationSchema });
    const formId = rejectFormId(Number(formData.get("organizationId")));
    if (submission.status !== "success") return rejected(formId, submission.reply());
    const { organizationId, reason } = submission.value;
    try {
      runService(() => rejectOrganization(db, actor, organizationId, reason, { mailer: context.app.mailer, origin: context.app.mailOrigin }, now()));
    } catch (error) {
      if (error instanceof ValidationError) return rejected(formId, submission.reply({ fieldErrors: error.fieldErrors }));
      throw error;
    }
    return redirect(backWithNotice(request, "rejectOrganization"), { status: 303 });
  }

  if (intent === "addMember") {
    const actor = requirePermission(context, request, "organization.manage", null);
    const submission = parseWithZod(formData, { schema: AddMemberSchema });
    const formId = memberFormId(Number(formData.get("organizationId")));
    if (submission.status !== "success") return rejected(formId, submission.reply());
    const { organizationId, email } = submission.value;
    try {
      runService(() => addOrganizationMember(db, actor, organizationId, email, now()));
    } catch (error) {
      if (error instanceof ValidationError) return rejected(formId, submission.reply({ fieldErrors: error.fieldErrors }));
      throw error;
    }
    return redirect(backWithNotice(request, "addMember"), { status: 303 });
  }

  const submission = parseWithZod(formData, { schema: OrganizationActionSchema });
  if (submission.status !== "success") return rejected("organization-action", submission.reply());
  const { organizationId, userId } = submission.value;
  let changed = false;
  switch (submission.value.intent) {
    case "verify":
    case "unverify": {
      const verified = submission.value.intent === "verify";
      const actor = requirePermission(context, request, "organization.verify", null);
      changed = verified
        ? runService(() => verifyOrganization(db, actor, organizationId, { mailer: context.app.mailer, origin: context.app.mailOrigin }, now()))
        : runService(() => setOrganizationVerified(db, actor, organizationId, false, now()));
      break;
    }
    case "removeMember": {
      const actor = requirePermission(context, request, "organization.manage", null);
      if (userId !== undefined) changed = runService(() => removeOrganizationMember(db, actor, organizationId, userId, now()));
      break;
    }
  }
  const notice = { verify: "verifyOrganization", unverify: "unverifyOrganization", removeMember: "removeMember" }[submission.value.intent];
  return redirect(backWithNotice(request, changed ? notice : "unchanged"), { status: 303 });
}

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

function CreateOrganizationForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: CREATE_FORM,
    lastResult,
    constraint: getZodConstraint(CreateOrganizationSchema),
    // Errors appear on submit, not on blur: a message popping up on blur moves the submit
    // button between mousedown and mouseup, and the click is lost.
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateOrganizationSchema }),
  });
  const slugHint = `${fields.slug.id}-hint`;
  const { key: nameKey, ...nameProps } = getInputProps(fields.name, { type: "text" });
  const { key: slugKey, ...slugProps } = getInputProps(fields.slug, { type: "text", ariaDescribedBy: slugHint });
  const { key: descriptionKey, ...descriptionProps } = getTextareaProps(fields.description);
  return (
    <section className="card staff-panel" aria-labelledby="create-organization-title">
      <h2 id="create-organization-title">{t("admin.organizations.create.title")}</h2>
      <Form method="post" className="form" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <div className="field">
          <label htmlFor={fields.name.id}>{t("admin.organizations.field.name")}</label>
          <input key={nameKey} {...nameProps} />
          <FieldErrors id={fields.name.errorId} errors={fields.name.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.slug.id}>{t("admin.organizations.field.slug")}</label>
          <input key={slugKey} {...slugProps} autoCapitalize="none" spellCheck={false} />
          <p id={slugHint} className="field__hint">
            {t("admin.organizations.field.slugHint")}
          </p>
          <FieldErrors id={fields.slug.errorId} errors={fields.slug.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.description.id}>{t("admin.organizations.field.description")}</label>
          <textarea key={descriptionKey} {...descriptionProps} />
          <FieldErrors id={fields.description.errorId} errors={fields.description.errors} />
        </div>
        <div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("admin.organizations.create.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function AddMemberForm({ organizationId, organizationName, lastResult }: { organizationId: number; organizationName: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const [form, fields] = useForm({
    id: memberFormId(organizationId),
    lastResult,
    constraint: getZodConstraint(AddMemberSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AddMemberSchema }),
  });
  const { key, ...emailProps } = getInputProps(fields.email, { type: "email" });
  return (
    <Form method="post" className="member-form" {...getFormProps(form)} preventScrollReset>
      <CsrfInput />
      <input type="hidden" name="intent" value="addMember" />
      <input type="hidden" name="organizationId" value={organizationId} />
      <div className="field">
        <label htmlFor={fields.email.id}>
          {t("admin.organizations.member.email")}
          <span className="visually-hidden"> — {organizationName}</span>
        </label>
        <div className="search-form__row">
          <input key={key} {...emailProps} autoComplete="off" />
          <button type="submit" className="button--quiet">
            {t("admin.organizations.member.add")}
          </button>
        </div>
        <FieldErrors id={fields.email.errorId} errors={fields.email.errors} />
      </div>
    </Form>
  );
}

function RejectForm({ organizationId, organizationName, lastResult }: { organizationId: number; organizationName: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const [form, fields] = useForm({
    id: rejectFormId(organizationId),
    lastResult,
    constraint: getZodConstraint(RejectApplicationSchema),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RejectApplicationSchema }),
  });
  const { key, ...reasonProps } = getTextareaProps(fields.reason);
  return (
    <Form method="post" className="form org__reject" {...getFormProps(form)} preventScrollReset>
      <CsrfInput />
      <input type="hidden" name="intent" value="reject" />
      <input type="hidden" name="organizationId" value={organizationId} />
      <div className="field">
        <label htmlFor={fields.reason.id}>
          {t("organizations.review.reason")}
          <span className="visually-hidden"> — {organizationName}</span>
        </label>
        <textarea key={key} {...reasonProps} rows={3} />
        <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
      </div>
      <div>
        <button type="submit" className="button button--small button--danger">
          {t("organizations.review.reject")}
          <span className="visually-hidden"> — {organizationName}</span>
        </button>
      </div>
    </Form>
  );
}

function ApplicationFacts({ application }: { application: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["organizations"][number]["application"]> }) {
  const { t, locale } = useI18n();
  const a = application;
  return (
    <dl className="org__facts">
      {a.registrationNumber ? (
        <div>
          <dt>{t("organizations.field.registrationNumber")}</dt>
          <dd>{a.registrationNumber}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t("organizations.field.kind")}</dt>
        <dd>{t(`organizations.kind.${a.kind}`)}</dd>
      </div>
      {a.address ? (
        <div>
          <dt>{t("organizations.field.address")}</dt>
          <dd>{a.address}</dd>
        </div>
      ) : null}
      {a.website ? (
        <div>
          <dt>{t("organizations.profile.website")}</dt>
          <dd>{a.website}</dd>
        </div>
      ) : null}
      {a.contactEmail ? (
        <div>
          <dt>{t("organizations.profile.contact")}</dt>
          <dd>
            {a.contactEmail}
            {a.contactPhone ? <> · {a.contactPhone}</> : null}
          </dd>
        </div>
      ) : null}
      {a.applicant ? (
        <div>
          <dt>{t("organizations.review.applicant")}</dt>
          <dd>
            {a.applicant.name} ({a.applicant.email})
            {a.submittedAt ? <> · {formatDate(locale, new Date(a.submittedAt))}</> : null}
          </dd>
        </div>
      ) : null}
      {a.rejectionReason ? (
        <div>
          <dt>{t("organizations.review.rejectedBecause")}</dt>
          <dd className="org-reason">{a.rejectionReason}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export default function StaffOrganizations() {
  const { organizations, canVerify, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const t = useT();
  const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : undefined);
  // A fresh form after each successful action (a redirect); kept as typed after a 400.
  const formKey = actionData ? `failed-${actionData.formId}` : location.key;
  return (
    <>
      <h1>{t("admin.organizations.title")}</h1>
      <p className="lead">{t("admin.organizations.lead")}</p>
      <DoneNotice />
      {actionData?.formId === "organization-action" ? (
        <p className="form-error" role="alert">
          {t("admin.error.invalid")}
        </p>
      ) : null}
      {organizations.length === 0 ? <p>{t("admin.organizations.empty")}</p> : null}
      <ul className="org-list">
        {organizations.map((org) => (
          <li key={org.id} className="card org">
            <div className="org__head">
              <h2 id={`org-${org.id}-name`} className="org__name">
                {org.name}
              </h2>
              <span className={org.status === "verified" ? "badge badge--ok" : org.status === "rejected" ? "badge badge--muted" : "badge badge--warn"}>
                {t(`organizations.status.${org.status}`)}
              </span>
            </div>
            <p className="muted org__slug">
              <code>{org.slug}</code>
            </p>
            {org.description ? <p className="org__description">{org.description}</p> : null}
            {org.application ? <ApplicationFacts application={org.application} /> : null}
            {canVerify ? (
              <Form method="post" className="inline-form" preventScrollReset>
                <CsrfInput />
                <input type="hidden" name="organizationId" value={org.id} />
                <button type="submit" name="intent" value={org.verified ? "unverify" : "verify"} className={org.verified ? "button button--small button--quiet" : "button button--small"}>
                  {t(org.verified ? "admin.organizations.action.unverify" : "admin.organizations.action.verify")}
                  <span className="visually-hidden"> — {org.name}</span>
                </button>
              </Form>
            ) : null}
            {org.canReject ? <RejectForm key={formKey} organizationId={org.id} organizationName={org.name} lastResult={resultFor(rejectFormId(org.id))} /> : null}
            <h3 className="org__members-title">{t("admin.organizations.members", { count: org.members.length })}</h3>
            {org.members.length === 0 ? (
              <p className="muted">{t("admin.organizations.noMembers")}</p>
            ) : (
              <ul className="org__members">
                {org.members.map((m) => (
                  <li key={m.userId}>
                    <span className="person">
                      <span className="person__name">{m.name}</span>
                      <span className="person__email">{m.email}</span>
                    </span>
                    {canManage ? (
                      <Form method="post" className="inline-form" preventScrollReset>
                        <CsrfInput />
                        <input type="hidden" name="organizationId" value={org.id} />
                        <input type="hidden" name="userId" value={m.userId} />
                        <button type="submit" name="intent" value="removeMember" className="button button--small button--quiet">
                          {t("admin.organizations.member.remove")}
                          <span className="visually-hidden"> — {m.name}</span>
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {canManage ? (
              <AddMemberForm key={formKey} organizationId={org.id} organizationName={org.name} lastResult={resultFor(memberFormId(org.id))} />
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? <CreateOrganizationForm key={formKey} lastResult={resultFor(CREATE_FORM)} /> : null}
    </>
  );
}
