import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { Field, FormAlert } from "~/components/form";
import { TrialFields } from "~/components/trial-fields";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Пробы и сезон — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  const [season, trials, competencies, mentors, regions] = await Promise.all([
    context.api.trials.season(),
    context.api.trials.list({}),
    context.api.trials.competencies(),
    context.api.trials.mentors(),
    context.api.reference.regions(),
  ]);
  return { season, trials, competencies, mentors, regions };
}

import { moscowInput } from "~/lib/trials";

export async function action({ request, context }: ActionFunctionArgs) {
  requireRole(context, request, "staff");
  const f = await formFields(request);
  const result = await attempt<unknown>(async () => {
    switch (f.intent) {
      case "season":
        return context.api.trials.setSeason(f as never);
      case "create":
        return context.api.trials.create({ ...f, startsAt: moscowInput(f.startsAt), enrollDeadline: moscowInput(f.enrollDeadline) } as never);
      case "cancel":
        return context.api.trials.cancelTrial({ trialId: f.trialId ?? "" });
      case "assign":
        return context.api.trials.assignMentor({ trialId: f.trialId ?? "", mentorId: f.mentorId ?? "" });
      default:
        return context.api.trials.inviteMentor({ email: f.email ?? "" });
    }
  });
  const messages: Record<string, string> = { season: "Календарь сезона сохранён.", create: "Проба создана.", cancel: "Проба отменена, участники и родители уведомлены.", assign: "Наставник назначен.", invite: "Приглашение наставнику отправлено." };
  if (!result.ok) return data({ intent: f.intent, formError: result.formError, fieldErrors: result.fieldErrors, message: null, values: f }, { status: result.status });
  return { intent: f.intent, formError: null, fieldErrors: {}, message: messages[f.intent ?? "invite"], values: {} as Record<string, string> };
}

export default function StaffTrials() {
  const { season, trials, competencies, mentors, regions } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const errorsFor = (intent: string) => (r?.intent === intent ? r.fieldErrors : {});
  const v = r?.formError ? r.values : {};
  return (
    <>
      <p>
        <Link to="/staff">← Кабинет оператора</Link>
      </p>
      <h1>Пробы и сезон</h1>
      {r?.message ? (
        <div className="alert success" role="status">
          {r.message}
        </div>
      ) : null}
      <FormAlert message={r?.formError} />

      <section className="card">
        <h2>Календарь сезона</h2>
        <Form method="post" className="grid">
          <input type="hidden" name="intent" value="season" />
          <Field name="registrationOpensOn" label="Открытие регистрации" type="date" defaultValue={season?.registrationOpensOn} errors={errorsFor("season")} />
          <Field name="esiaOpensOn" label="Вход родителей через Госуслуги" type="date" defaultValue={season?.esiaOpensOn} errors={errorsFor("season")} />
          <Field name="trialsStartOn" label="Начало проб" type="date" defaultValue={season?.trialsStartOn} errors={errorsFor("season")} />
          <Field name="trialsEndOn" label="Окончание проб" type="date" defaultValue={season?.trialsEndOn} errors={errorsFor("season")} />
          <Field name="recommendationsOn" label="Рекомендации" type="date" defaultValue={season?.recommendationsOn} errors={errorsFor("season")} />
          <div className="actions">
            <button type="submit">Сохранить календарь</button>
          </div>
        </Form>
      </section>

      <section className="card">
        <h2>Новая проба</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="create" />
          <TrialFields values={v} errors={errorsFor("create")} competencies={competencies} regions={regions} />
          <div className="actions">
            <button type="submit">Создать пробу</button>
          </div>
        </Form>
      </section>

      <section className="card">
        <h2>Предстоящие пробы</h2>
        <ul className="plain" aria-label="Предстоящие пробы">
          {trials.map((t) => (
            <li key={t.id}>
              <Link to={`/staff/trials/${t.id}`}>
                <strong>{t.title}</strong>
              </Link>
              <div className="small muted">
                {formatDateTime(t.startsAt)} · мест {t.capacity - t.freeSeats}/{t.capacity} · наставники: {t.mentors.join(", ") || "не назначены"}
              </div>
              <div className="actions">
                <Form method="post" className="actions">
                  <input type="hidden" name="intent" value="assign" />
                  <input type="hidden" name="trialId" value={t.id} />
                  <label className="small" htmlFor={`mentor-${t.id}`}>
                    Наставник
                  </label>
                  <select id={`mentor-${t.id}`} name="mentorId">
                    {mentors.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="secondary">
                    Назначить
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="cancel" />
                  <input type="hidden" name="trialId" value={t.id} />
                  <button type="submit" className="danger" aria-label={`Отменить пробу: ${t.title}`}>
                    Отменить
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section className="card">
        <h2>Пригласить наставника</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="invite" />
          <Field name="email" label="Электронная почта наставника" type="email" errors={errorsFor("invite")} />
          <div className="actions">
            <button type="submit">Отправить приглашение</button>
          </div>
        </Form>
      </section>
    </>
  );
}
