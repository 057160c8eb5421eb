import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/session";
import { cabinetShell } from "~/.server/shell";
import { CabinetShell } from "~/components/cabinet-shell";
import { SiteHeader } from "~/components/site-header";

/** The confirmation link from an email may be opened in a browser that is not signed in: that page stands alone. */
const OPEN_WITHOUT_SESSION = "/account/email/confirm";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.user && new URL(request.url).pathname === OPEN_WITHOUT_SESSION) return { shell: null };
  const user = requireUser(context, request);
  const { shell } = await cabinetShell(context, request, user.role);
  return { shell };
}

/** «Мой профиль» for every role: the person's own data, sessions and data rights, under the cabinet frame. */
export default function Account() {
  const { shell } = useLoaderData<typeof loader>();
  if (!shell) {
    return (
      <>
        <SiteHeader />
        <main>
          <Outlet />
        </main>
      </>
    );
  }
  return (
    <CabinetShell shell={shell}>
      <nav className="tabs" aria-label="Разделы профиля">
        <NavLink to="/account" end>
          Профиль
        </NavLink>
        <NavLink to="/account/sessions">Сеансы</NavLink>
        <NavLink to="/account/data">Мои данные</NavLink>
      </nav>
      <Outlet />
    </CabinetShell>
  );
}
