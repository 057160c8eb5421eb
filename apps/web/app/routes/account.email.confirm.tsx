import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { FormAlert } from "~/components/form";

export const meta: MetaFunction = () => [{ title: "Подтверждение адреса электронной почты — Билет в будущее" }];

// GET only shows the page: mail scanners open links, and the token is single-use (docs/decisions/0004).
export function loader({ request, context }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get("token") ?? "", student: context.user?.role === "student", signedIn: Boolean(context.user) };
}

type Outcome =
  | { step: "confirmed"; email: string; attached: boolean; sameUser: boolean }
  | { step: "others_ended"; ended: number }
  | { step: "failed"; formError: string; code: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  if (fields.intent === "endOthers") {
    const result = await attempt(() => context.api.profile.endOtherSessions());
    if (!result.ok) return data<Outcome>({ step: "failed", formError: result.formError, code: result.code }, { status: result.status });
    return data<Outcome>({ step: "others_ended", ended: result.value.ended });
  }
  const result = await attempt(() => context.api.profile.confirmEmailChange({ token: fields.token ?? "" }));
  if (!result.ok) return data<Outcome>({ step: "failed", formError: result.formError, code: result.code }, { status: result.status });
  return data<Outcome>({ step: "confirmed", ...result.value });
}

export default function ConfirmEmail() {
  const { token, student, signedIn } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Подтверждение адреса электронной почты</h1>
      {outcome?.step === "confirmed" ? (
        <>
          <div className="alert success" role="status" style={{ overflowWrap: "anywhere" }}>
            {outcome.attached ? `Адрес привязан: ${outcome.email}. Входить можно и с ним, и с логином.` : `Адрес изменён: ${outcome.email}. Входить теперь нужно с ним.`}
          </div>
          {outcome.sameUser ? (
            <section className="card">
              <p style={{ marginTop: 0 }}>
                {student
                  ? "Если вход выполнен ещё где-то — например, на чужом компьютере, — заверши те сеансы: этот останется."
                  : "Если вход выполнен ещё где-то — например, на чужом компьютере, — завершите те сеансы: этот останется."}
              </p>
              <Form method="post" className="actions" style={{ marginBottom: 0 }}>
                <input type="hidden" name="intent" value="endOthers" />
                <button type="submit" className="secondary" disabled={busy}>
                  Завершить сеансы на других устройствах
                </button>
              </Form>
              <p className="small">
                <Link to="/account">Вернуться в профиль</Link>
              </p>
            </section>
          ) : (
            <p>{signedIn ? <Link to="/account">Мой профиль</Link> : <Link to="/login">Войти с новым адресом</Link>}</p>
          )}
        </>
      ) : outcome?.step === "others_ended" ? (
        <>
          <div className="alert success" role="status">
            {outcome.ended > 0 ? `Сеансы на других устройствах завершены: ${outcome.ended}.` : "Других сеансов не было: вход выполнен только здесь."}
          </div>
          <p>
            <Link to="/account">Вернуться в профиль</Link>
          </p>
        </>
      ) : (
        <>
          {outcome?.step === "failed" ? (
            <FormAlert message={outcome.formError}>
              {" "}
              <Link to="/account">Мой профиль</Link>
            </FormAlert>
          ) : (
            <p className="lead">
              {student ? "Нажми кнопку, чтобы подтвердить новый адрес электронной почты." : "Нажмите кнопку, чтобы подтвердить новый адрес электронной почты."}
            </p>
          )}
          {/* A spent, expired or refused link does not get better with another click. */}
          {outcome?.step === "failed" ? null : (
            <Form method="post">
              <input type="hidden" name="token" value={token} />
              <button type="submit" disabled={busy}>
                Подтвердить адрес
              </button>
            </Form>
          )}
        </>
      )}
    </>
  );
}
