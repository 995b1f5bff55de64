/**
 * The request repeats something a database constraint allows only once (a second support of the
 * same comment, a second flag of the same content by the same person). Answered with 409.
 */
export class ConflictError extends Error {
  override readonly name = "ConflictError";
  constructor(readonly code: string) {
    super(`Conflict: ${code}`);
  }
}

/** Whether better-sqlite3 refused a write for a UNIQUE or PRIMARY KEY constraint. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error) || !("code" in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
