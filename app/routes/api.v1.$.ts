import { apiError } from "../../server/api/respond";

/** Unknown API URLs answer JSON, not the HTML 404 page meant for people. */
function notFound() {
  return apiError(404, "not_found", "No such API endpoint; see /api/v1/openapi.json.");
}

export const loader = notFound;
export const action = notFound;
