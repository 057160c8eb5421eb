import { redirect, data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { Field, FormAlert } from "~/components/form";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Новый пароль — Билет в будущее" }];

export function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get("token") ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  const result = await attempt(() => context.api.auth.resetPassword({ token: fields.token ?? "", password: fields.password ?? "" }));
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`${result.value.redirectTo}?reset=1`);
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const tokenProblem = failed && failed.code.startsWith("TOKEN");
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Новый пароль</h1>
        <Form method="post" className="stack" noValidate>
          <FormAlert message={failed?.fieldErrors.token ?? failed?.formError}>
            {tokenProblem ? (
              <>
                {" "}
                <Link to="/password/forgot">Запросить новую ссылку</Link>
              </>
            ) : null}
          </FormAlert>
          <input type="hidden" name="token" value={token} />
          <Field name="password" label="Новый пароль" type="password" hint="Не меньше 8 символов, буквы и цифры" errors={failed?.fieldErrors} autoComplete="new-password" required />
          <div className="actions">
            <button type="submit">Сохранить пароль</button>
          </div>
        </Form>
      </main>
    </>
  );
}
