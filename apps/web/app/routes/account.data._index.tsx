import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { dataRightsAction, overviewForPage } from "~/.server/data-rights";
import { requireUser } from "~/.server/session";
import { DataRightsPanel } from "~/components/data-rights";

export const meta: MetaFunction = () => [{ title: "Мои данные — Билет в будущее" }];

/** «Мои данные» for every role (inside the «Мой профиль» frame, account.tsx): the person's own data rights. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { overview: await overviewForPage(context), viewer: user.role === "student" ? ("student" as const) : ("adult" as const) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireUser(context, request);
  return dataRightsAction(context, request);
}

export default function MyData() {
  const { overview, viewer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Мои данные</h1>
      <p className="lead">
        {viewer === "student"
          ? "По закону о персональных данных ты можешь узнать, что платформа о тебе хранит, и скачать это."
          : "По закону о персональных данных вы можете узнать, что платформа о вас хранит, скачать это и попросить удалить."}
      </p>
      <DataRightsPanel overview={overview} viewer={viewer} about="self" paths={{ json: "/account/data/export/json", print: "/account/data/print" }} result={result} />
    </>
  );
}
