import type { CurrentUser, RoleName } from "../services/current-user";
import { roleNames } from "../services/current-user";
import { phaseStatus, type PhaseStatus } from "../services/phases";
import type { PhaseKind, ProcessKind, ProcessSummary } from "../services/processes";

/**
 * The JSON shapes of API v1. They are the public contract documented in server/api/openapi:
 * field names never change meaning within v1, dates are ISO 8601 strings in UTC.
 */

/** A phase window as the API shows it. */
export interface PhaseJson {
  kind: PhaseKind;
  startsAt: string;
  endsAt: string;
  status: PhaseStatus;
}

/** A process as the API shows it, in lists and on its own. */
export interface ProcessJson {
  id: number;
  slug: string;
  kind: ProcessKind;
  title: string;
  summary: string;
  department: string;
  publishedAt: string | null;
  currentPhase: PhaseKind | null;
  latestVersion: number | null;
  phases: PhaseJson[];
  /** The process page for people (path on this site). */
  url: string;
}

/** The signed-in caller as `GET /api/v1/me` shows them. */
export interface MeJson {
  id: number;
  name: string;
  email: string;
  roles: RoleName[];
  organizations: Array<{ id: number; slug: string; name: string; verified: boolean }>;
}

/** The answer to a successful `POST /api/v1/session`. */
export interface SessionJson {
  token: string;
  tokenType: "Bearer";
  expiresAt: string;
}

/** A process with phase statuses computed at `now` (server time). */
export function serializeProcess(process: ProcessSummary, now: Date): ProcessJson {
  return {
    id: process.id,
    slug: process.slug,
    kind: process.kind,
    title: process.title,
    summary: process.summary,
    department: process.department,
    publishedAt: process.publishedAt?.toISOString() ?? null,
    currentPhase: process.currentPhase?.kind ?? null,
    latestVersion: process.latestVersion,
    phases: process.phases.map((phase) => ({
      kind: phase.kind,
      startsAt: phase.startsAt.toISOString(),
      endsAt: phase.endsAt.toISOString(),
      status: phaseStatus(phase, now),
    })),
    url: `/processes/${encodeURIComponent(process.slug)}`,
  };
}

/** The caller's own account; only ever sent to that caller. */
export function serializeMe(user: CurrentUser): MeJson {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: roleNames(user),
    organizations: user.organizations.map((o) => ({ id: o.id, slug: o.slug, name: o.name, verified: o.verified })),
  };
}

/** A freshly issued bearer token; the plain token is shown this once. */
export function serializeSession(issued: { token: string; expiresAt: Date }): SessionJson {
  return { token: issued.token, tokenType: "Bearer", expiresAt: issued.expiresAt.toISOString() };
}
