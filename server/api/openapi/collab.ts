import { errorResponses, requiredAuth } from "./common";
import { jsonResponse, ref, type OpenApiFragment } from "./types";

/** `GET /api/v1/collab-token`: a short-lived token to open a collaborative document over WebSocket. */
export const collabApi: OpenApiFragment = {
  tags: [{ name: "collaboration", description: "Real-time co-editing over the y-websocket protocol." }],
  paths: {
    "/api/v1/collab-token": {
      get: {
        operationId: "getCollabToken",
        summary: "A five-minute token to open a collaborative document",
        description:
          "Open `ws(s)://{host}/collab/{document}?token={token}` with any y-websocket client within five minutes. " +
          "Access is decided again when the socket opens; the socket is closed with a named code " +
          "(4401 unauthenticated, 4403 forbidden, 4404 unknown document, 4410 access revoked, 4429 too many connections, " +
          "4413 document too large, 4426 editor outdated, 1002 malformed message, 1009 message over 1 MiB). " +
          "Read-only connections receive the document and presence but their changes are dropped.",
        tags: ["collaboration"],
        security: requiredAuth,
        parameters: [
          {
            name: "document",
            in: "query",
            required: true,
            description: "The document name, e.g. `draft-ordenanza-movilidad-sostenible`.",
            schema: { type: "string", minLength: 1, maxLength: 128 },
          },
        ],
        responses: {
          "200": jsonResponse("The token and what it allows.", ref("CollabToken")),
          "400": errorResponses.badRequest,
          "401": errorResponses.unauthorized,
          "403": errorResponses.forbidden,
          "404": errorResponses.notFound,
        },
      },
    },
  },
  schemas: {
    CollabToken: {
      type: "object",
      required: ["token", "document", "access", "url", "expiresAt"],
      properties: {
        token: { type: "string", description: "Pass as the `token` query parameter of the WebSocket URL." },
        document: { type: "string" },
        access: { type: "string", enum: ["write", "read"], description: "What the socket will allow, as of now." },
        url: { type: "string", description: "The WebSocket path to open, relative to the server, token included." },
        expiresAt: { type: "string", format: "date-time", description: "The socket must be opened before this time." },
      },
    },
  },
};
