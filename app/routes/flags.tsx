import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "../../server/api/respond";
import { ValidationError } from "../../server/errors";
import { ConflictError } from "../../server/services/debates/conflict";
import { FlagFormSchema } from "../../server/services/debates/forms";
import { flagContent } from "../../server/services/moderation/moderation";
import { requirePermission } from "../utils/guards.server";
import { safeRedirectPath } from "../utils/safe-redirect";
import { runService } from "../utils/service-errors.server";

function flatten(errors: Record<string, string[] | null | undefined>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v ?? []]));
}

/** A resource route answers refusals as JSON errors whose `fields` hold translation keys. */
function refused(status: number, code: string, fields: Record<string, string[]>): Response {
  return apiError(status, code, "The flag was not stored; see `fields`.", { fields });
}

/**
 * `POST /flags`: flags an annotation or a comment with a reason, from any page (plain form with
 * CSRF; works without JavaScript), then goes back to `redirectTo` with `?flagged=1`. Refusals:
 * 400 with field errors, 403, 404, 409 for a second flag by the same person (JSON errors: this
 * resource route has no page; the reading view can post with a fetcher and show the keys).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "content.flag", null);
  const submission = parseWithZod(await request.formData(), { schema: FlagFormSchema });
  if (submission.status !== "success") return refused(400, "invalid_request", flatten(submission.error ?? {}));
  const { targetType, targetId, reason, redirectTo } = submission.value;
  try {
    runService(() => flagContent(context.app.db, actor, { targetType, targetId, reason }, context.app.now()));
  } catch (error) {
    if (error instanceof ValidationError) return refused(400, "invalid_request", error.fieldErrors);
    if (error instanceof ConflictError) return refused(409, "already_flagged", { targetId: ["debate.error.alreadyFlagged"] });
    throw error;
  }
  const back = new URL(safeRedirectPath(redirectTo, "/"), "http://redacta.invalid");
  back.searchParams.set("flagged", "1");
  return redirect(`${back.pathname}${back.search}${back.hash}`, { status: 303 });
}
