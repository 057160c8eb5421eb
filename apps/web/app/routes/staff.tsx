import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { cabinetShell } from "~/.server/shell";
import { CabinetShell } from "~/components/cabinet-shell";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { shell } = await cabinetShell(context, request, "staff");
  return { shell };
}

export default function StaffCabinet() {
  const { shell } = useLoaderData<typeof loader>();
  return (
    <CabinetShell shell={shell}>
      <Outlet />
    </CabinetShell>
  );
}
