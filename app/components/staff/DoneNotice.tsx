import { useSearchParams } from "@remix-run/react";
import { useT } from "../../i18n/i18n";

/** The notices a staff action may leave (`?done=` after its redirect). */
const KNOWN = new Set([
  "verify",
  "unverify",
  "grantRole",
  "revokeRole",
  "block",
  "unblock",
  "create",
  "addMember",
  "removeMember",
  "verifyOrganization",
  "unverifyOrganization",
  "unchanged",
]);

/** Confirms the last staff action; a status region so screen readers announce it. */
export function DoneNotice() {
  const t = useT();
  const [params] = useSearchParams();
  const done = params.get("done");
  if (!done || !KNOWN.has(done)) return null;
  return (
    <p className="notice" role="status">
      {t(`admin.done.${done}`)}
    </p>
  );
}
