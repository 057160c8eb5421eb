import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { attempt, formFields } from "~/.server/forms";

export function loader(_: LoaderFunctionArgs) {
  return redirect("/login");
}

/** Sends the browser to ESIA; a signed-in parent attaches it to the account. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { redirectTo } = await formFields(request);
  const result = await attempt(() => context.api.esia.start({ redirectTo: redirectTo || undefined }));
  if (!result.ok) throw data(result.formError, { status: result.status });
  return redirect(result.value.url);
}
