import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { Field, FormAlert } from "~/components/form";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Новое письмо для подтверждения — Билет в будущее" }];

export function loader({ request }: LoaderFunctionArgs) {
  return { email: new URL(request.url).searchParams.get("email") ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  const result = await attempt(() => context.api.auth.resendActivation({ email: fields.email ?? "" }));
  if (!result.ok) return data({ ...result, sentTo: null, email: fields.email ?? "" }, { status: result.status });
  return { ok: true as const, sentTo: result.value.email, email: result.value.email, formError: null, fieldErrors: {} };
}

export default function ResendActivation() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Новое письмо для подтверждения</h1>
        {result?.sentTo ? (
          <div className="alert success" role="status">
            Если учётная запись с адресом {result.sentTo} ждёт подтверждения, мы отправили на него новое письмо. Прежняя ссылка больше не действует.
          </div>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <FormAlert message={result?.formError} />
          <Field name="email" label="Электронная почта" type="email" errors={result?.fieldErrors} defaultValue={result?.email ?? email} required />
          <div className="actions">
            <button type="submit">Отправить письмо</button>
          </div>
        </Form>
      </main>
    </>
  );
}
