/**
 * Every action code Redacta writes to the audit log, with the kind of target its entries name.
 * `appendAudit` accepts only these codes (the type checker refuses any other), and the staff
 * audit page reads each entry as the sentence `admin.audit.sentence.<code>` in every language;
 * tests/unit/audit-actions.test.ts scans the sources for appendAudit calls and checks both.
 * Adding an action means adding it here and writing its sentence and label in four languages.
 */
export const AUDIT_ACTIONS = {
  "process.create": "process",
  "process.update": "process",
  "process.phases": "process",
  "process.publish": "process",
  "process.unpublish": "process",
  "draft.save": "process",
  "document.import": "process",
  "version.publish": "process",
  "user.verify": "user",
  "user.unverify": "user",
  "user.role.grant": "user",
  "user.role.revoke": "user",
  "user.block": "user",
  "user.unblock": "user",
  "organization.create": "organization",
  "organization.verify": "organization",
  "organization.unverify": "organization",
  "organization.apply": "organization",
  "organization.reject": "organization",
  "organization.resubmit": "organization",
  "organization.member.add": "organization",
  "organization.member.remove": "organization",
  "annotation.hide": "annotation",
  "annotation.delete": "annotation",
  "annotation.resolveOrphan": "annotation",
  "comment.hide": "comment",
  "flag.dismiss": "content",
  "amendment.start": "amendment",
  "amendment.justify": "amendment",
  "amendment.submit": "amendment",
  "amendment.withdraw": "amendment",
  "amendment.support": "amendment",
  "amendment.addCoauthor": "amendment",
  "amendment.removeCoauthor": "amendment",
  "amendment.leave": "amendment",
  "amendment.invite": "amendment",
  "amendment.revokeInvite": "amendment",
  "amendment.join": "amendment",
  "submission.registerPaper": "process",
} as const satisfies Record<string, AuditTargetKind | "content">;

/** A code written to the audit log. */
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The kinds of thing an entry can be about ("content" in the table above: an annotation or a comment). */
export const AUDIT_TARGET_KINDS = ["process", "user", "organization", "amendment", "annotation", "comment"] as const;
export type AuditTargetKind = (typeof AUDIT_TARGET_KINDS)[number];

/** Every action code, in the order above. */
export const AUDIT_ACTION_CODES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

/** Narrows a string (a query parameter, a stored row) to a known action code. */
export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === "string" && Object.hasOwn(AUDIT_ACTIONS, value);
}

/** Narrows a string to a target kind. */
export function isAuditTargetKind(value: unknown): value is AuditTargetKind {
  return typeof value === "string" && (AUDIT_TARGET_KINDS as readonly string[]).includes(value);
}
