import type { LoaderFunctionArgs } from "@remix-run/node";
import { listMyAmendmentsApi } from "../../server/api/participation";
import { apiMethodNotAllowed } from "../../server/api/respond";

/** `GET /api/v1/me/amendments`: the caller's amendments, drafts included (see server/api/participation.ts). */
export function loader({ context }: LoaderFunctionArgs) {
  return listMyAmendmentsApi(context.app);
}

export function action() {
  return apiMethodNotAllowed(["GET"]);
}
