import { errorResponses, requiredAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment } from "./types";

/** `GET /api/v1/me`. */
export const meApi: OpenApiFragment = {
  tags: [{ name: "account", description: "The signed-in account." }],
  paths: {
    "/api/v1/me": {
      get: {
        operationId: "getMe",
        summary: "The signed-in account, its roles and organizations",
        tags: ["account"],
        security: requiredAuth,
        responses: {
          "200": jsonResponse("The account.", ref("Me")),
          "401": errorResponses.unauthorized,
        },
      },
    },
  },
  schemas: {
    Role: {
      type: "string",
      enum: ["resident", "verified_resident", "organization_representative", "editor", "moderator", "admin"],
      description: "Derived roles, from least to most privileged.",
    },
    Me: {
      type: "object",
      required: ["id", "name", "email", "roles", "organizations"],
      properties: {
        id: { type: "integer" },
        name: { type: "string" },
        email: { type: "string", format: "email" },
        roles: { type: "array", items: ref("Role") },
        organizations: {
          type: "array",
          items: {
            type: "object",
            required: ["id", "slug", "name", "verified"],
            properties: {
              id: { type: "integer" },
              slug: { type: "string" },
              name: { type: "string" },
              verified: { type: "boolean", description: "Members of verified organizations are representatives." },
            },
          },
        },
      },
    },
  },
};
