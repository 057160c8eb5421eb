import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { Field, FormAlert } from "~/components/form";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Регистрация наставника — Билет в будущее" }];

export function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get("token") ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const f = await formFields(request);
  const result = await attempt(() => context.api.trials.registerMentor(f as never));
  if (!result.ok) return data(result, { status: result.status });
  return redirect(result.value.redirectTo);
}

export default function MentorJoin() {
  const { token } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Регистрация наставника</h1>
        <Form method="post" className="stack" noValidate>
          <FormAlert message={failed?.fieldErrors.token ?? failed?.formError} />
          <input type="hidden" name="token" value={token} />
          <Field name="lastName" label="Фамилия" errors={failed?.fieldErrors} required />
          <Field name="firstName" label="Имя" errors={failed?.fieldErrors} required />
          <Field name="middleName" label="Отчество (если есть)" errors={failed?.fieldErrors} />
          <Field name="password" label="Пароль" type="password" hint="Не меньше 8 символов, буквы и цифры" errors={failed?.fieldErrors} required />
          <div className="actions">
            <button type="submit">Зарегистрироваться</button>
          </div>
        </Form>
      </main>
    </>
  );
}
