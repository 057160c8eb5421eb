import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { Field, FormAlert } from "~/components/form";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Восстановление пароля — Билет в будущее" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  const result = await attempt(() => context.api.auth.requestPasswordReset({ email: fields.email ?? "" }));
  if (!result.ok) return data({ ...result, sentTo: null, email: fields.email ?? "" }, { status: result.status });
  return { ok: true as const, sentTo: result.value.email, email: result.value.email, formError: null, fieldErrors: {} };
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Восстановление пароля</h1>
        {result?.sentTo ? (
          <div className="alert success" role="status">
            Если учётная запись с адресом {result.sentTo} существует, мы отправили на него ссылку для смены пароля. Она действует 60 минут.
          </div>
        ) : (
          <p className="muted">Укажите адрес, с которым вы регистрировались, и мы пришлём ссылку для смены пароля.</p>
        )}
        <Form method="post" className="stack" noValidate>
          <FormAlert message={result?.formError} />
          <Field name="email" label="Электронная почта" type="email" errors={result?.fieldErrors} defaultValue={result?.email} autoComplete="email" required />
          <div className="actions">
            <button type="submit">Отправить ссылку</button>
          </div>
        </Form>
      </main>
    </>
  );
}
