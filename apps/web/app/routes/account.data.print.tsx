import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { exportForPage } from "~/.server/data-rights";
import { requireUser } from "~/.server/session";
import { DataExportView } from "~/components/data-rights";

export const meta: MetaFunction = () => [{ title: "Мои данные для печати — Билет в будущее" }];

/** The person's own data as a readable page to print or save as PDF. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  return { data: await exportForPage(context) };
}

export default function MyDataPrint() {
  const { data } = useLoaderData<typeof loader>();
  return <DataExportView data={data} title="Мои данные на платформе «Билет в будущее»" back={<Link to="/account/data">← Мои данные</Link>} />;
}
