import type { AppLoadContext } from "@remix-run/node";
import type { ShellData } from "~/components/cabinet-shell";
import { requireRole } from "./session";

/** The signed-in user of `role` and what the cabinet frame shows. */
export async function cabinetShell(context: AppLoadContext, request: Request, role: ShellData["user"]["role"]) {
  const user = requireRole(context, request, role);
  const notifications = await context.api.notifications.list({ limit: 20, unreadOnly: false });
  const shell: ShellData = { user: { firstName: user.firstName, lastName: user.lastName, role: user.role }, notifications };
  return { user, shell };
}
