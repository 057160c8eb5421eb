import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportJsonResponse } from "~/.server/data-rights";
import { requireUser } from "~/.server/session";

/** «Скачать мои данные»: the signed-in person's data as a dated JSON file. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  return exportJsonResponse(context);
}
