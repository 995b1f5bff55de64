import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { acceptInvite, InviteRevokedError, loadAmendment, previewInvite, type InvitePreview } from "../../server/services/amendments";
import { JoinAmendmentSchema } from "../../server/services/amendments/forms";
import { NotFoundError, ValidationError } from "../../server/errors";
import { CsrfInput } from "../components/CsrfInput";
import { amendmentTitle } from "../components/amendments/labels";
import { useT } from "../i18n/i18n";
import { requireUser } from "../utils/guards.server";
import { runService } from "../utils/service-errors.server";

export const meta: MetaFunction = () => [{ title: "Redacta" }];

/** Invitation tokens are URL-safe random strings; anything else is not worth a lookup. */
function tokenOf(raw: string | undefined): string | null {
  return raw && /^[A-Za-z0-9_-]{16,128}$/.test(raw) ? raw : null;
}

/** The page a link that no longer works shows (expired, no longer a draft, or never valid). */
function invalid() {
  return data({ state: "invalid" as const }, { status: 410 });
}

/** The page a revoked link shows: it says so plainly, and grants nothing. */
function revoked() {
  return data({ state: "revoked" as const }, { status: 410 });
}

/**
 * An invitation to co-author a draft. Signed-out people go to the login page and come back
 * here; signed-in people confirm with a button (a link alone never makes anyone a co-author).
 */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requireUser(context, request);
  const token = tokenOf(params.token);
  if (!token) return invalid();
  const { db, now } = context.app;
  let invite: InvitePreview;
  try {
    invite = previewInvite(db, actor, token, now());
  } catch (error) {
    if (error instanceof InviteRevokedError) return revoked();
    if (error instanceof NotFoundError) return invalid();
    throw error;
  }
  // Already a co-author (a second click on the link): nothing to confirm, go to the draft.
  if (invite.alreadyCoauthor) {
    const amendment = runService(() => loadAmendment(db, actor, invite.amendmentId, now()));
    return redirect(`/processes/${amendment.process.slug}/amendments/${invite.amendmentId}`);
  }
  return { state: "valid" as const, amendmentId: invite.amendmentId, kind: invite.kind, clauseLabel: invite.clauseLabel, processTitle: invite.processTitle, startedBy: invite.startedBy };
}

/** Joins the draft and goes to it; an invalid link answers 410 with the same explanation. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requireUser(context, request);
  const submission = parseWithZod(await request.formData(), { schema: JoinAmendmentSchema });
  if (submission.status !== "success") return data({ state: "error" as const }, { status: 400 });
  const token = tokenOf(params.token);
  if (!token) return invalid();
  const { db, now } = context.app;
  let amendmentId: number;
  try {
    amendmentId = acceptInvite(db, actor, token, now()).amendmentId;
  } catch (error) {
    if (error instanceof InviteRevokedError) return revoked();
    if (error instanceof NotFoundError) return invalid();
    if (error instanceof ValidationError) return data({ state: "full" as const }, { status: 409 });
    throw error;
  }
  const joined = runService(() => loadAmendment(db, actor, amendmentId, now()));
  return redirect(`/processes/${joined.process.slug}/amendments/${amendmentId}?done=joined`, { status: 303 });
}

export default function JoinAmendment() {
  const loaded = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const d = failed ?? loaded;
  const t = useT();
  const navigation = useNavigation();
  if (d.state !== "valid") {
    const reason = d.state === "full" ? "full" : d.state === "error" ? "error" : d.state === "revoked" ? "revoked" : "invalid";
    return (
      <div className="page amendment-join">
        <h1>{t(`amendments.join.${reason}Title`)}</h1>
        <p>{t(`amendments.join.${reason}Body`)}</p>
        <p>
          <Link to="/processes" className="button button--quiet">
            {t("amendments.join.toProcesses")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page amendment-join">
      <p className="muted">{d.processTitle}</p>
      <h1>{t("amendments.join.title", { number: d.amendmentId })}</h1>
      <p className="lead">
        {amendmentTitle(t, { id: d.amendmentId, kind: d.kind, clauseLabel: d.clauseLabel })} · {t("amendments.join.startedBy", { name: d.startedBy })}
      </p>
      <section className="card form-panel" aria-labelledby="join-heading">
        <h2 id="join-heading">{t("amendments.join.confirmHeading")}</h2>
        <p>{t("amendments.join.explanation")}</p>
        <Form method="post">
          <CsrfInput />
          <button type="submit" name="intent" value="join" disabled={navigation.state === "submitting"}>
            {t("amendments.join.confirm", { number: d.amendmentId })}
          </button>
        </Form>
      </section>
    </div>
  );
}
