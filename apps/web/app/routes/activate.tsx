import { redirect, data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { FormAlert } from "~/components/form";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Подтверждение учётной записи — Билет в будущее" }];

export function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get("token") ?? "" };
}

// GET only shows the page: mail scanners open links, and the token is single-use.
export async function action({ request, context }: ActionFunctionArgs) {
  const { token = "" } = await formFields(request);
  const result = await attempt(() => context.api.auth.activate({ token }));
  if (!result.ok) return data(result, { status: result.status });
  return redirect(result.value.redirectTo);
}

export default function Activate() {
  const { token } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Подтверждение учётной записи</h1>
        {failed ? (
          <FormAlert message={failed.formError}>
            {" "}
            <Link to="/activation/resend">Отправить новое письмо</Link>
          </FormAlert>
        ) : (
          <p className="lead">Нажмите кнопку, чтобы подтвердить адрес электронной почты и перейти в личный кабинет.</p>
        )}
        <Form method="post">
          <input type="hidden" name="token" value={token} />
          <button type="submit">Подтвердить учётную запись</button>
        </Form>
      </main>
    </>
  );
}
