import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";

export function loader(_: LoaderFunctionArgs) {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  if (!context.user) return redirect("/");
  const { redirectTo } = await context.api.auth.logout();
  return redirect(redirectTo);
}
