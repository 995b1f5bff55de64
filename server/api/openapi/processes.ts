import { PHASE_KINDS, PROCESS_KINDS } from "../../../db/schema";
import { errorResponses, optionalAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment } from "./types";

/** `GET /api/v1/processes` and `GET /api/v1/processes/{slug}`. */
export const processesApi: OpenApiFragment = {
  tags: [{ name: "processes", description: "Regulations and budgets being drafted." }],
  paths: {
    "/api/v1/processes": {
      get: {
        operationId: "listProcesses",
        summary: "List the processes you may see",
        description: "Published processes, plus unpublished ones for editors and admins, oldest first.",
        tags: ["processes"],
        security: optionalAuth,
        responses: {
          "200": jsonResponse("The processes.", {
            type: "object",
            required: ["processes"],
            properties: { processes: { type: "array", items: ref("Process") } },
          }),
          "401": errorResponses.unauthorized,
        },
      },
    },
    "/api/v1/processes/{slug}": {
      get: {
        operationId: "getProcess",
        summary: "One process with its phases",
        tags: ["processes"],
        security: optionalAuth,
        parameters: [{ name: "slug", in: "path", required: true, description: "The process's URL name.", schema: { type: "string" } }],
        responses: {
          "200": jsonResponse("The process.", {
            type: "object",
            required: ["process"],
            properties: { process: ref("Process") },
          }),
          "401": errorResponses.unauthorized,
          "404": errorResponses.notFound,
        },
      },
    },
  },
  schemas: {
    Phase: {
      type: "object",
      description: "A date window of a process. Status is computed from server time; start inclusive, end exclusive.",
      required: ["kind", "startsAt", "endsAt", "status"],
      properties: {
        kind: { type: "string", enum: [...PHASE_KINDS] },
        startsAt: { type: "string", format: "date-time" },
        endsAt: { type: "string", format: "date-time" },
        status: { type: "string", enum: ["upcoming", "open", "closed"] },
      },
    },
    Process: {
      type: "object",
      description: "A regulation or budget drafted with residents.",
      required: ["id", "slug", "kind", "title", "summary", "department", "publishedAt", "currentPhase", "latestVersion", "phases", "url"],
      properties: {
        id: { type: "integer" },
        slug: { type: "string" },
        kind: { type: "string", enum: [...PROCESS_KINDS] },
        title: { type: "string" },
        summary: { type: "string" },
        department: { type: "string" },
        publishedAt: { type: ["string", "null"], format: "date-time", description: "Null while unpublished (staff only)." },
        currentPhase: {
          type: ["string", "null"],
          enum: [...PHASE_KINDS, null],
          description: "Of the phases open now, the latest in natural order; null between phases.",
        },
        latestVersion: { type: ["integer", "null"], description: "Number of the latest published document version." },
        phases: { type: "array", items: ref("Phase"), description: "In natural order (information first)." },
        url: { type: "string", description: "Path of the process page on this site." },
      },
    },
  },
};
