import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { CABINET_PATH, PASSWORD_CHANGE_PATH } from "@bilet/core";

export { safeRedirect } from "@bilet/core/redirect";
export { PASSWORD_CHANGE_PATH };

type Role = keyof typeof CABINET_PATH;

/** The signed-in user of the given role; others are sent to log in or to their own cabinet. */
export function requireRole(context: AppLoadContext, request: Request, role: Role) {
  const user = context.user;
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (user.mustChangePassword) throw passwordChangeFirst(request);
  if (user.role !== role) throw redirect(CABINET_PATH[user.role]);
  return user;
}

export function requireUser(context: AppLoadContext, request: Request) {
  const user = context.user;
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (user.mustChangePassword) throw passwordChangeFirst(request);
  return user;
}

/**
 * A one-time password (a login sheet) is good for one thing: choosing a new
 * one. Pages send such a person there first, and back to this page after.
 */
export function passwordChangeFirst(request: Request) {
  const url = new URL(request.url);
  const back = request.method === "GET" && url.pathname !== PASSWORD_CHANGE_PATH ? `?redirectTo=${encodeURIComponent(url.pathname + url.search)}` : "";
  return redirect(`${PASSWORD_CHANGE_PATH}${back}`);
}
