import { errorResponses } from "./common";
import { jsonResponse, ref, type OpenApiFragment } from "./types";

/** `POST /api/v1/session` (sign in, get a bearer token) and `DELETE /api/v1/session` (revoke it). */
export const sessionApi: OpenApiFragment = {
  tags: [{ name: "session", description: "Bearer tokens for API clients." }],
  paths: {
    "/api/v1/session": {
      post: {
        operationId: "createSession",
        summary: "Exchange e-mail and password for a bearer token",
        description:
          "Same rate limits as the sign-in form: five failures per account in 15 minutes, then 429. " +
          "Needs no cookie and no CSRF token when sent as application/json without a session cookie; " +
          "cross-site browser requests are refused.",
        tags: ["session"],
        security: [{}],
        requestBody: { required: true, content: { "application/json": { schema: ref("SessionRequest") } } },
        responses: {
          "201": jsonResponse("Signed in. Send `Authorization: Bearer <token>` from now on.", ref("Session")),
          "400": errorResponses.badRequest,
          "401": jsonResponse("The e-mail or the password is wrong.", ref("Error")),
          "403": errorResponses.forbidden,
          "413": errorResponses.payloadTooLarge,
          "415": errorResponses.unsupportedMediaType,
          "429": errorResponses.tooManyRequests,
        },
      },
      delete: {
        operationId: "deleteSession",
        summary: "Revoke the bearer token used for this request",
        tags: ["session"],
        security: [{ bearerAuth: [] }],
        responses: {
          "204": { description: "Revoked; the token no longer works." },
          "401": errorResponses.unauthorized,
        },
      },
    },
  },
  schemas: {
    SessionRequest: {
      type: "object",
      required: ["email", "password"],
      properties: {
        email: { type: "string", format: "email", maxLength: 254 },
        password: { type: "string", minLength: 1, maxLength: 1024 },
      },
    },
    Session: {
      type: "object",
      required: ["token", "tokenType", "expiresAt"],
      properties: {
        token: { type: "string", description: "Shown once; only its hash is stored." },
        tokenType: { type: "string", const: "Bearer" },
        expiresAt: { type: "string", format: "date-time" },
      },
    },
  },
};
