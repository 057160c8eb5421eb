import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { esiaSignupCookie } from "~/.server/esia-cookie";
import { attempt, formFields } from "~/.server/forms";
import { Field, FormAlert, RegionOptions } from "~/components/form";
import { SiteHeader } from "~/components/site-header";

export const meta: MetaFunction = () => [{ title: "Регистрация через Госуслуги — Билет в будущее" }];

async function completionToken(request: Request): Promise<string> {
  return ((await esiaSignupCookie.parse(request.headers.get("Cookie"))) as string | null) ?? "";
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = await completionToken(request);
  const preview = await attempt(() => context.api.esia.previewSignUp({ completionToken: token }));
  return { person: preview.ok ? preview.value : null, problem: preview.ok ? null : preview.formError, regions: await context.api.reference.regions() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  const token = await completionToken(request);
  const result = await attempt(() => context.api.esia.completeSignUp({ completionToken: token, regionCode: fields.regionCode ?? "" }));
  if (!result.ok) return data(result, { status: result.status });
  return redirect(result.value.redirectTo, { headers: { "Set-Cookie": await esiaSignupCookie.serialize("", { maxAge: 0 }) } });
}

export default function EsiaComplete() {
  const { person, problem, regions } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <>
      <SiteHeader />
      <main>
        <h1>Регистрация через Госуслуги</h1>
        {person ? (
          <Form method="post" className="stack" noValidate>
            <p>
              Госуслуги подтвердили: <strong>{[person.lastName, person.firstName, person.middleName].filter(Boolean).join(" ")}</strong>, {person.email}. Осталось указать субъект РФ.
            </p>
            <FormAlert message={failed?.formError} />
            <Field name="regionCode" label="Субъект РФ" errors={failed?.fieldErrors} required>
              <RegionOptions regions={regions} />
            </Field>
            <div className="actions">
              <button type="submit">Завершить регистрацию</button>
            </div>
          </Form>
        ) : (
          <>
            <div className="alert error" role="alert">
              {problem}
            </div>
            <Link to="/login">Вернуться ко входу</Link>
          </>
        )}
      </main>
    </>
  );
}
