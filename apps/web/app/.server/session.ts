import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { CABINET_PATH } from "@bilet/core";

export { safeRedirect } from "@bilet/core/redirect";

type Role = keyof typeof CABINET_PATH;

/** The signed-in user of the given role; others are sent to log in or to their own cabinet. */
export function requireRole(context: AppLoadContext, request: Request, role: Role) {
  const user = context.user;
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (user.role !== role) throw redirect(CABINET_PATH[user.role]);
  return user;
}

export function requireUser(context: AppLoadContext, request: Request) {
  const user = context.user;
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}
