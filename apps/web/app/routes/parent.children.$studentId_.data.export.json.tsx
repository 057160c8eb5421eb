import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportJsonResponse } from "~/.server/data-rights";
import { requireRole } from "~/.server/session";

/** A linked child's data as a dated JSON file; another family's child gets 403. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "parent");
  return exportJsonResponse(context, params.studentId ?? "");
}
