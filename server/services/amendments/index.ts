/**
 * Amendments: proposed new wording for a clause, co-written live over Yjs while a draft, frozen
 * with a content hash on submit, then supported. One concept per file; pages and the API import
 * from here. The wording diff (wording-diff.ts) is imported directly: it ships to the browser.
 */
export { amendFurther } from "./amend-further";
export { baseAmounts, budgetLines, validateBudgetMove, type BudgetLine } from "./budget";
export { addOrganizationCoauthor, listOrganizationCandidates, removeCoauthor, type CoauthorCandidate } from "./coauthors";
export type { AmendmentCollab } from "./collab-gateway";
export {
  AMENDMENT_PAGE_SIZE,
  AmendmentsClosedError,
  amendmentDocumentName,
  INVITE_TTL_MS,
  isAmendmentPhaseOpen,
  JUSTIFICATION_MAX,
  MAX_COAUTHORS,
  parseAmendmentDocumentName,
} from "./common";
export { encodeInitialState, storeInitialState, type InitialAmendmentState } from "./initial-state";
export { acceptInvite, createInvite, InviteRevokedError, listInvites, previewInvite, revokeInvite, type CreatedInvite, type InvitePreview, type InviteView } from "./invites";
export { updateJustification } from "./justification";
export { loadAmendment, type AmendmentDetail, type AmendmentViewerFlags } from "./load";
export { listClauseAmendments, listProcessAmendments, type AmendmentPage, type AmendmentSummary } from "./list";
export { countLineAmendments, listLineAmendments } from "./line-amendments";
export { readAmendmentState, stateOfYDoc, type AmendmentState, type CollabStateSource } from "./read-state";
export { startAmendment, type StartAmendmentInput } from "./start";
export { submitAmendment } from "./submit";
export { supportAmendment } from "./support";
export { withdrawAmendment } from "./withdraw";
