/** What a person may do with a document: edit it, or only watch it. */
export type Access = "write" | "read";

/** A family's answer for one person: an access level, null (forbidden) or "unknown" (no such document). */
export type AccessDecision = Access | null | "unknown";

/** A family of documents sharing a name pattern, e.g. `draft-{processSlug}`. */
export interface DocumentFamily<U> {
  /** A readable name for logs and errors ("draft"). */
  name: string;
  /** Matches whole document names; capture groups are passed to `access`. */
  pattern: RegExp;
  /** Decides one person's access; runs on every connection, so a revoked role takes effect. */
  access(user: U, match: RegExpExecArray): AccessDecision;
}

/**
 * The authorize hook: maps document names to the family that owns them. A name no family
 * matches is unknown before anyone authenticates (nothing to protect); a family decides the
 * rest — including "unknown" for, e.g., a process slug that does not exist.
 */
export class DocumentRegistry<U> {
  private readonly families: Array<DocumentFamily<U>> = [];

  /** Adds a family; a pattern must be anchored so it matches whole names only. */
  register(family: DocumentFamily<U>): this {
    if (!family.pattern.source.startsWith("^") || !family.pattern.source.endsWith("$")) {
      throw new RangeError(`Document family ${family.name}: pattern ${family.pattern} must be anchored with ^…$`);
    }
    this.families.push(family);
    return this;
  }

  /** Whether some family could own this name (no user needed). */
  isKnown(document: string): boolean {
    return this.families.some((f) => f.pattern.test(document));
  }

  /** The access `user` has to `document`. */
  access(user: U, document: string): AccessDecision {
    for (const family of this.families) {
      const match = family.pattern.exec(document);
      if (match) return family.access(user, match);
    }
    return "unknown";
  }
}
