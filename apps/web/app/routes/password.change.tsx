import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { safeRedirect } from "~/.server/session";
import { Field, FormAlert } from "~/components/form";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Новый пароль — Билет в будущее" }];

/**
 * Choosing a new password. After signing in with a one-time password (a login
 * sheet) every other page leads here, and no current password is asked.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (!context.user) throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  return {
    forced: context.user.mustChangePassword,
    student: context.user.role === "student",
    firstName: context.user.firstName,
    redirectTo: safeRedirect(url.searchParams.get("redirectTo")),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  const result = await attempt(() => context.api.auth.changePassword({ currentPassword: fields.currentPassword, password: fields.password ?? "" }));
  if (!result.ok) return data(result, { status: result.status });
  return redirect(safeRedirect(fields.redirectTo) ?? result.value.redirectTo);
}

export default function ChangePassword() {
  const { forced, student, firstName, redirectTo } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = failed?.fieldErrors ?? {};
  return (
    <>
      <SiteHeader />
      <main>
        <h1>{forced ? (student ? "Придумай свой пароль" : "Придумайте свой пароль") : "Новый пароль"}</h1>
        {forced ? (
          <p className="lead">
            {student
              ? `${firstName}, вход выполнен по временному паролю из листа входа. Придумай свой пароль: дальше входи с ним, а лист входа больше не понадобится.`
              : "Вход выполнен по временному паролю. Придумайте свой пароль: дальше входите с ним."}
          </p>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <FormAlert message={failed?.formError} />
          <input type="hidden" name="redirectTo" value={redirectTo ?? ""} />
          {forced ? null : <Field name="currentPassword" label="Текущий пароль" type="password" errors={errors} autoComplete="current-password" required />}
          <Field name="password" label="Новый пароль" type="password" hint="Не меньше 8 символов, буквы и цифры" errors={errors} autoComplete="new-password" required />
          <div className="actions">
            <button type="submit" disabled={busy}>
              Сохранить пароль
            </button>
          </div>
        </Form>
        <Form method="post" action="/logout" className="actions">
          <button type="submit" className="secondary">
            Выйти
          </button>
        </Form>
      </main>
    </>
  );
}
