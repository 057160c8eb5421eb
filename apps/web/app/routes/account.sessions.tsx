import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { requireUser } from "~/.server/session";
import { ActionMessage } from "~/components/action-message";

export const meta: MetaFunction = () => [{ title: "Сеансы входа — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return { sessions: await context.api.profile.sessions(), student: user.role === "student" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireUser(context, request);
  const fields = await formFields(request);
  if (fields.intent === "endAll") {
    const result = await attempt(() => context.api.profile.endAllSessions());
    if (!result.ok) return data({ message: null, formError: result.formError }, { status: result.status });
    // The session cookie is cleared by the procedure; the sign-in page follows.
    return redirect(result.value.redirectTo);
  }
  if (fields.intent === "endOthers") {
    const result = await attempt(() => context.api.profile.endOtherSessions());
    if (!result.ok) return data({ message: null, formError: result.formError }, { status: result.status });
    return { message: result.value.ended > 0 ? `Сеансы на других устройствах завершены: ${result.value.ended}.` : "Других сеансов нет.", formError: null };
  }
  const result = await attempt(() => context.api.profile.endSession({ session: fields.session ?? "" }));
  if (!result.ok) return data({ message: null, formError: result.formError }, { status: result.status });
  if (result.value.current) return redirect("/login");
  return { message: "Сеанс завершён: на том устройстве нужно войти заново.", formError: null };
}

export default function Sessions() {
  const { sessions, student } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <h1>Сеансы входа</h1>
      <p className="lead">
        {student
          ? "Устройства, на которых выполнен вход в твою учётную запись. Если какое-то тебе незнакомо, заверши его сеанс и смени пароль."
          : "Устройства, на которых выполнен вход в вашу учётную запись. Если какое-то вам незнакомо, завершите его сеанс и смените пароль."}
      </p>
      <ActionMessage result={outcome} />
      <ul className="plain" aria-label="Активные сеансы">
        {sessions.map((s) => (
          <li key={s.handle}>
            <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1rem", alignItems: "center", justifyContent: "space-between" }}>
              <div style={{ minWidth: 0, overflowWrap: "anywhere" }}>
                <strong>{s.device}</strong> {s.current ? <span className="status ok">этот сеанс</span> : null}
                <div className="small muted">
                  Вход: {s.signedInAtText}
                  {s.authMethod === "esia" ? " через Госуслуги" : ""}
                  {s.ip ? ` · IP-адрес ${s.ip}` : ""}
                </div>
              </div>
              {s.current ? null : (
                <Form method="post">
                  <input type="hidden" name="session" value={s.handle} />
                  <button type="submit" className="secondary" disabled={busy} aria-label={`Завершить сеанс: ${s.device}, ${s.signedInAtText}`}>
                    Завершить
                  </button>
                </Form>
              )}
            </div>
          </li>
        ))}
      </ul>
      <div className="actions">
        {others > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="endOthers" />
            <button type="submit" className="secondary" disabled={busy}>
              Завершить сеансы на других устройствах
            </button>
          </Form>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="endAll" />
          <button type="submit" className="danger" disabled={busy}>
            Выйти на всех устройствах
          </button>
        </Form>
      </div>
    </>
  );
}
