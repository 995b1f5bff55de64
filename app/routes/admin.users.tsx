import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { can } from "../../server/policies/can";
import { STAFF_ROLE_NAMES, UserActionSchema } from "../../server/services/admin-forms";
import { grantStaffRole, listUsers, revokeStaffRole, setUserBlocked, setUserVerified } from "../../server/services/user-admin";
import { CsrfInput } from "../components/CsrfInput";
import { DoneNotice } from "../components/staff/DoneNotice";
import { StaffTable } from "../components/staff/StaffTable";
import { useT } from "../i18n/i18n";
import { staffTitle } from "../utils/admin-meta";
import { requirePermission } from "../utils/guards.server";
import { backWithNotice, pageParam, runService } from "../utils/service-errors.server";

export const meta: MetaFunction = ({ matches }) => staffTitle(matches, "admin.users.title");

/** Longest search the list accepts (longer input is cut, not refused: it is only a filter). */
const QUERY_MAX = 100;

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "admin.access", null);
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, QUERY_MAX);
  const list = runService(() => listUsers(context.app.db, user, { query, page: pageParam(url) }));
  return {
    query,
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    canVerify: can(user, "user.verify", null),
    canAssign: can(user, "user.assignRole", null),
    users: list.rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      verified: row.verified,
      blocked: row.blocked,
      staffRoles: row.staffRoles,
      // The UI only hides what the server forbids; the service checks again on submit.
      canBlock: can(user, "user.blockTarget", { id: row.id, staffRoles: row.staffRoles }),
      revocable: row.staffRoles.filter((role) => can(user, "user.revokeRole", { userId: row.id, role })),
    })),
  };
}

/** One button of a user row: parse, check the policy for that intent, call the service, come back. */
export async function action({ request, context }: ActionFunctionArgs) {
  requirePermission(context, request, "admin.access", null);
  const submission = parseWithZod(await request.formData(), { schema: UserActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { intent, userId, role } = submission.value;
  const { db, now } = context.app;
  let changed = false;
  switch (intent) {
    case "verify":
    case "unverify": {
      const actor = requirePermission(context, request, "user.verify", null);
      changed = runService(() => setUserVerified(db, actor, userId, intent === "verify", now()));
      break;
    }
    case "grantRole": {
      const actor = requirePermission(context, request, "user.assignRole", null);
      if (role) changed = runService(() => grantStaffRole(db, actor, userId, role, now()));
      break;
    }
    case "revokeRole": {
      if (!role) break;
      const actor = requirePermission(context, request, "user.revokeRole", { userId, role });
      changed = runService(() => revokeStaffRole(db, actor, userId, role, now()));
      // Write access to staff documents may have depended on that role: reconnecting re-checks it.
      if (changed) context.app.collab.revokeUser(userId);
      break;
    }
    case "block":
    case "unblock": {
      // Whether this particular user may be blocked (self, admins) is checked by the service.
      const actor = requirePermission(context, request, "user.block", null);
      changed = runService(() => setUserBlocked(db, actor, userId, intent === "block", now()));
      // A blocked person's open collaboration sockets close at once, like their sessions.
      if (changed && intent === "block") context.app.collab.revokeUser(userId);
      break;
    }
  }
  return redirect(backWithNotice(request, changed ? intent : "unchanged"), { status: 303 });
}

type UserView = ReturnType<typeof loader>["users"][number];

function RowButton({ userId, intent, role, label, name, danger }: { userId: number; intent: string; role?: string; label: string; name: string; danger?: boolean }) {
  const navigation = useNavigation();
  return (
    <Form method="post" className="inline-form" preventScrollReset>
      <CsrfInput />
      <input type="hidden" name="userId" value={userId} />
      {role ? <input type="hidden" name="role" value={role} /> : null}
      <button type="submit" name="intent" value={intent} className={danger ? "button button--small button--danger" : "button button--small button--quiet"} disabled={navigation.state === "submitting"}>
        {label}
        <span className="visually-hidden"> — {name}</span>
      </button>
    </Form>
  );
}

function UserActions({ user, canVerify, canAssign }: { user: UserView; canVerify: boolean; canAssign: boolean }) {
  const t = useT();
  return (
    <div className="row-actions">
      {canVerify ? (
        <RowButton
          userId={user.id}
          intent={user.verified ? "unverify" : "verify"}
          label={t(user.verified ? "admin.users.action.unverify" : "admin.users.action.verify")}
          name={user.name}
        />
      ) : null}
      {canAssign
        ? STAFF_ROLE_NAMES.map((role) => {
            const has = user.staffRoles.includes(role);
            if (has && !user.revocable.includes(role)) return null;
            return (
              <RowButton
                key={role}
                userId={user.id}
                intent={has ? "revokeRole" : "grantRole"}
                role={role}
                label={t(has ? "admin.users.action.revokeRole" : "admin.users.action.grantRole", { role: t(`admin.role.${role}`) })}
                name={user.name}
              />
            );
          })
        : null}
      {user.canBlock ? (
        <RowButton
          userId={user.id}
          intent={user.blocked ? "unblock" : "block"}
          label={t(user.blocked ? "admin.users.action.unblock" : "admin.users.action.block")}
          name={user.name}
          danger={!user.blocked}
        />
      ) : null}
    </div>
  );
}

export default function StaffUsers() {
  const { users, query, page, pageCount, total, canVerify, canAssign } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const failed = actionData?.result.status === "error";
  return (
    <>
      <h1>{t("admin.users.title")}</h1>
      <DoneNotice />
      {failed ? (
        <p className="form-error" role="alert">
          {t("admin.error.invalid")}
        </p>
      ) : null}
      <Form method="get" className="search-form" role="search">
        <div className="field">
          <label htmlFor="user-search">{t("admin.users.search.label")}</label>
          <div className="search-form__row">
            <input id="user-search" type="search" name="q" defaultValue={query} maxLength={QUERY_MAX} key={params.get("q") ?? ""} />
            <button type="submit">{t("admin.users.search.submit")}</button>
          </div>
        </div>
      </Form>
      <p className="muted" aria-live="polite">
        {t("admin.users.count", { count: total })}
      </p>
      <StaffTable
        captionId="users-caption"
        caption={t("admin.users.caption")}
        empty={t("admin.users.empty")}
        rowCount={users.length}
        tableClassName="data data--stack"
        columns={[
          { label: t("admin.users.col.person") },
          { label: t("admin.users.col.status") },
          { label: t("admin.users.col.roles") },
          { label: t("admin.users.col.actions") },
        ]}
        page={page}
        pageCount={pageCount}
        pagerLabel={t("admin.pager.label")}
      >
        {users.map((user) => (
          <tr key={user.id}>
            <th scope="row">
              <span className="person">
                <span className="person__name">{user.name}</span>
                <span className="person__email">{user.email}</span>
              </span>
            </th>
            <td data-label={t("admin.users.col.status")}>
              <span className="badges">
                {user.verified ? <span className="badge badge--ok">{t("admin.users.status.verified")}</span> : <span className="badge">{t("admin.users.status.unverified")}</span>}
                {user.blocked ? <span className="badge badge--danger">{t("admin.users.status.blocked")}</span> : null}
              </span>
            </td>
            <td data-label={t("admin.users.col.roles")}>
              {user.staffRoles.length === 0 ? (
                <span className="muted">{t("admin.users.noRoles")}</span>
              ) : (
                <span className="badges">
                  {user.staffRoles.map((role) => (
                    <span key={role} className="badge badge--phase">
                      {t(`admin.role.${role}`)}
                    </span>
                  ))}
                </span>
              )}
            </td>
            <td data-label={t("admin.users.col.actions")}>
              <UserActions user={user} canVerify={canVerify} canAssign={canAssign} />
            </td>
          </tr>
        ))}
      </StaffTable>
    </>
  );
}
