import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { exportForPage } from "~/.server/data-rights";
import { requireRole } from "~/.server/session";
import { DataExportView } from "~/components/data-rights";

export const meta: MetaFunction = () => [{ title: "Данные ребёнка для печати — Билет в будущее" }];

/** A linked child's data as a readable page to print or save as PDF. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "parent");
  return { data: await exportForPage(context, params.studentId ?? "") };
}

export default function ChildDataPrint() {
  const { data } = useLoaderData<typeof loader>();
  const name = [data.person.lastName, data.person.firstName, data.person.middleName].filter(Boolean).join(" ");
  return (
    <DataExportView
      data={data}
      title={`Данные ребёнка на платформе «Билет в будущее»: ${name}`}
      back={<Link to={`/parent/children/${data.person.id}/data`}>← Данные ребёнка</Link>}
    />
  );
}
