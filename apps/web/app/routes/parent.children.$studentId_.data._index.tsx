import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { dataRightsAction, overviewForPage } from "~/.server/data-rights";
import { requireRole } from "~/.server/session";
import { DataRightsPanel } from "~/components/data-rights";

export const meta: MetaFunction = () => [{ title: "Данные ребёнка — Билет в будущее" }];

/** «Данные ребёнка»: a linked parent downloads a child's data and asks to delete it (or cancels). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "parent");
  return { overview: await overviewForPage(context, params.studentId ?? "") };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  requireRole(context, request, "parent");
  return dataRightsAction(context, request, params.studentId ?? "");
}

export default function ChildData() {
  const { overview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/parent/children/${overview.subject.id}`;
  return (
    <>
      <p>
        <Link to={base}>← {overview.subject.name}</Link>
      </p>
      <h1>Данные ребёнка</h1>
      <p className="lead">
        {overview.subject.name}. По закону о персональных данных вы можете узнать, что платформа хранит о ребёнке, скачать это и попросить удалить.
      </p>
      <DataRightsPanel overview={overview} viewer="adult" about="child" paths={{ json: `${base}/data/export/json`, print: `${base}/data/print` }} result={result} />
    </>
  );
}
