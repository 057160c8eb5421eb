import { redirect, data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { attempt, formFields, keepValues } from "~/.server/forms";
import { PASSWORD_CHANGE_PATH, safeRedirect } from "~/.server/session";
import { Field, FormAlert } from "~/components/form";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Вход — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (context.user) throw redirect(redirectTo ?? (await context.api.auth.me())!.cabinetPath);
  return { redirectTo, reset: url.searchParams.has("reset"), esiaEnabled: context.esiaEnabled };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  const result = await attempt(() => context.api.auth.login({ identifier: fields.identifier ?? "", password: fields.password ?? "" }));
  if (!result.ok) return data({ ...result, values: keepValues(fields) }, { status: result.status });
  const back = safeRedirect(fields.redirectTo);
  // After a one-time password (a login sheet) the new password comes first, then the page asked for.
  if (result.value.redirectTo === PASSWORD_CHANGE_PATH) return redirect(back ? `${PASSWORD_CHANGE_PATH}?redirectTo=${encodeURIComponent(back)}` : PASSWORD_CHANGE_PATH);
  return redirect(back ?? result.value.redirectTo);
}

export default function Login() {
  const { redirectTo, reset, esiaEnabled } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Вход в личный кабинет</h1>
        {reset ? (
          <div className="alert success" role="status">
            Пароль изменён. Войдите с новым паролем.
          </div>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <FormAlert message={failed?.formError}>
            {failed?.code === "NOT_ACTIVATED" ? (
              <>
                {" "}
                <Link to={`/activation/resend?email=${encodeURIComponent(failed.values.identifier ?? "")}`}>Отправить письмо ещё раз</Link>
              </>
            ) : null}
          </FormAlert>
          <input type="hidden" name="redirectTo" value={redirectTo ?? ""} />
          <Field
            name="identifier"
            label="Электронная почта или логин"
            hint="Логин — для детей младше 14 лет: он напечатан в листе входа"
            errors={failed?.fieldErrors}
            defaultValue={failed?.values.identifier}
            autoComplete="username"
            required
          />
          <Field name="password" label="Пароль" type="password" errors={failed?.fieldErrors} autoComplete="current-password" required />
          <div className="actions">
            <button type="submit" disabled={busy}>
              Войти
            </button>
            <Link to="/password/forgot">Забыли пароль?</Link>
          </div>
        </Form>
        {esiaEnabled ? (
          <Form method="post" action="/auth/esia/start" className="actions">
            <input type="hidden" name="redirectTo" value={redirectTo ?? ""} />
            <button type="submit" className="secondary">
              Войти через Госуслуги
            </button>
            <span className="small muted">для родителей</span>
          </Form>
        ) : null}
        <p className="small">
          Нет учётной записи? <Link to="/register/student">Регистрация участника</Link> · <Link to="/register/parent">Регистрация родителя</Link>
        </p>
      </main>
    </>
  );
}
