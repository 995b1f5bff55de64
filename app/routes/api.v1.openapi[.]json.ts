import { openApiDocument } from "../../server/api/openapi";
import { apiJson, apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of API v1. */
export function loader() {
  return apiJson(openApiDocument(), { personal: false });
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
