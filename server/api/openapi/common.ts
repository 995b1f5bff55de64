import { jsonResponse, ref, type OpenApiFragment, type ResponseObject, type SecurityRequirement } from "./types";

/**
 * What every feature shares: the error envelope the HTTP layer and the API routes answer with,
 * and the path of this document itself.
 */
export const common: OpenApiFragment = {
  tags: [{ name: "meta", description: "About the API itself." }],
  paths: {
    "/api/v1/openapi.json": {
      get: {
        operationId: "getOpenApi",
        summary: "This OpenAPI 3.1 document",
        tags: ["meta"],
        security: [{}],
        responses: {
          "200": jsonResponse("The document.", {
            type: "object",
            required: ["openapi", "info", "paths", "components"],
            properties: {
              openapi: { type: "string", const: "3.1.0" },
              info: { type: "object" },
              paths: { type: "object" },
              components: { type: "object" },
            },
          }),
        },
      },
    },
  },
  schemas: {
    Error: {
      type: "object",
      description: "Every error answer. `code` is stable and machine-readable; `message` is English prose for developers.",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["status", "code", "message"],
          properties: {
            status: { type: "integer", description: "The HTTP status, repeated." },
            code: { type: "string", examples: ["not_found", "invalid_request", "rate_limited"] },
            message: { type: "string" },
            fields: {
              type: "object",
              description: "For `invalid_request`: the reasons per field of the request body.",
              additionalProperties: { type: "array", items: { type: "string" } },
            },
          },
        },
      },
    },
  },
};

/** Reusable error responses, by status. */
export const errorResponses = {
  badRequest: jsonResponse("The body is not JSON or fails validation; `fields` says which field and why.", ref("Error")),
  unauthorized: jsonResponse("Not signed in, or the bearer token is unknown, revoked or expired.", ref("Error")),
  forbidden: jsonResponse("Refused: cross-site request, missing CSRF token, or not allowed.", ref("Error")),
  notFound: jsonResponse("No such resource, or you may not see it.", ref("Error")),
  payloadTooLarge: jsonResponse("The body is larger than 1 MiB.", ref("Error")),
  unsupportedMediaType: jsonResponse("The body must be application/json.", ref("Error")),
  tooManyRequests: jsonResponse("Too many attempts; retry after the number of seconds in Retry-After.", ref("Error"), {
    "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 1 } },
  }),
} satisfies Record<string, ResponseObject>;

/** Security that accepts a bearer token, the browser session, or nobody. */
export const optionalAuth: SecurityRequirement[] = [{ bearerAuth: [] }, { cookieAuth: [] }, {}];

/** Security that needs a bearer token or the browser session. */
export const requiredAuth: SecurityRequirement[] = [{ bearerAuth: [] }, { cookieAuth: [] }];
