/**
 * Typed errors thrown by services. Routes map them to HTTP statuses (403, 404, 400) so a
 * rule broken deep in a service still gives the caller a clear answer and changes nothing.
 */

/** The acting user may not do this (re-checked in the service, not only in the route). */
export class ForbiddenError extends Error {
  override readonly name = "ForbiddenError";
  constructor(readonly action: string) {
    super(`Forbidden: ${action}`);
  }
}

/** The thing acted upon does not exist (or is not visible to the actor). */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
  constructor(
    readonly entity: string,
    readonly key: string | number,
  ) {
    super(`${entity} ${String(key)} not found`);
  }
}

/**
 * Input that passed the form schema but breaks a rule only the service can check (a slug
 * already taken, an unknown e-mail). `fieldErrors` maps a field name to translation keys.
 */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super(`Invalid input: ${Object.keys(fieldErrors).join(", ")}`);
  }
}

/**
 * The request is valid but clashes with the current state (a quote found in several places,
 * a stale draft). `code` is a stable name; `detail` is what the caller needs to retry.
 */
export class ConflictError extends Error {
  override readonly name = "ConflictError";
  constructor(
    readonly code: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(`Conflict: ${code}`);
  }
}

/** A conditional request's precondition (If-Match) does not hold: nothing was changed. */
export class PreconditionFailedError extends Error {
  override readonly name = "PreconditionFailedError";
  constructor() {
    super("Precondition failed");
  }
}

/** The thing existed and was deleted (kept for the audit, no longer served). */
export class GoneError extends Error {
  override readonly name = "GoneError";
  constructor(
    readonly entity: string,
    readonly key: string | number,
  ) {
    super(`${entity} ${String(key)} was deleted`);
  }
}
