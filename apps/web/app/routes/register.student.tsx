import { redirect, data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { attempt, formFields, keepValues } from "~/.server/forms";
import { Field, FormAlert, RegionOptions } from "~/components/form";
import { NameFields, StudentFields } from "~/components/person-fields";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Регистрация участника — Билет в будущее" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return { regions: await context.api.reference.regions() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  const result = await attempt(() => context.api.auth.registerStudent(fields as never));
  if (!result.ok) return data({ ...result, values: keepValues(fields) }, { status: result.status });
  return redirect(`/register/sent?email=${encodeURIComponent(result.value.email)}`);
}

export default function RegisterStudent() {
  const { regions } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = failed?.fieldErrors ?? {};
  const v = failed?.values ?? {};
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Регистрация участника</h1>
        <p className="muted">Для школьников 6–11 классов. После регистрации придёт письмо со ссылкой для подтверждения.</p>
        <Form method="post" className="stack" noValidate>
          <FormAlert message={failed?.formError} />
          <NameFields errors={errors} values={v} />
          <StudentFields errors={errors} values={v} />
          <Field name="regionCode" label="Субъект РФ" errors={errors} defaultValue={v.regionCode} required>
            <RegionOptions regions={regions} />
          </Field>
          <Field name="school" label="Школа" hint="Название или номер, например «Школа № 57»" errors={errors} defaultValue={v.school} required />
          <Field name="email" label="Электронная почта" type="email" errors={errors} defaultValue={v.email} autoComplete="email" required />
          <Field name="password" label="Пароль" type="password" hint="Не меньше 8 символов, буквы и цифры" errors={errors} autoComplete="new-password" required />
          <div className="actions">
            <button type="submit" disabled={busy}>
              Зарегистрироваться
            </button>
          </div>
          <p className="small">
            Уже есть учётная запись? <Link to="/login">Войти</Link>
          </p>
        </Form>
      </main>
    </>
  );
}
