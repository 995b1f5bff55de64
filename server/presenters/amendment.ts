import type { AmendmentAccess } from "../policies/amendment";
import { can } from "../policies/can";
import type { CurrentUser } from "../services/current-user";

/**
 * What the viewer may do with one amendment, sent with it to the page and the API so that
 * components show exactly what the server allows and never re-derive it from roles. Every
 * ability comes from server/policies; the services check each again when it is used.
 */
export interface AmendmentAbilities {
  isCoauthor: boolean;
  /** "amendment.view" (always true on a page the viewer was allowed to load). */
  canView: boolean;
  /** "amendment.write": write into the live document and the justification (co-authors of a draft). */
  canWrite: boolean;
  /** Manage a draft's co-authors and invitation links ("amendment.manage" on a draft). */
  canManage: boolean;
  canSupport: boolean;
  hasSupported: boolean;
  canAmendFurther: boolean;
  canSubmit: boolean;
  canWithdraw: boolean;
}

/** What besides the policy's subject the abilities depend on. */
export interface AmendmentAbilityFacts {
  /** The process's amendments phase is open by server time. */
  phaseOpen: boolean;
  /** The viewer already supports it. */
  hasSupported: boolean;
}

/** The viewer's abilities on an amendment described by `access` (db: common.ts `amendmentAccess`). */
export function amendmentAbilities(viewer: CurrentUser | null, access: AmendmentAccess, facts: AmendmentAbilityFacts): AmendmentAbilities {
  const canWrite = can(viewer, "amendment.write", access);
  const manages = can(viewer, "amendment.manage", { isCoauthor: access.isCoauthor });
  return {
    isCoauthor: access.isCoauthor,
    canView: can(viewer, "amendment.view", access),
    canWrite,
    canManage: manages && access.status === "draft",
    canSupport: access.status === "submitted" && facts.phaseOpen && !facts.hasSupported && can(viewer, "amendment.support", { isCoauthor: access.isCoauthor }),
    hasSupported: facts.hasSupported,
    canAmendFurther: access.status === "submitted" && facts.phaseOpen && can(viewer, "amendment.create", null),
    canSubmit: canWrite && facts.phaseOpen,
    canWithdraw: manages && access.status !== "withdrawn",
  };
}
