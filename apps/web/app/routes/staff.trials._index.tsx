import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { TRIAL_FILTER_PARAMS, trialFilterFrom } from "~/lib/trial-filter";
import { Field, FilterSelect, FormAlert } from "~/components/form";
import { Pager } from "~/components/pager";
import { TrialFields } from "~/components/trial-fields";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Пробы и сезон — Билет в будущее" }];

/** The mentor picker's address parameters: the search words and the chosen mentor. */
const MENTOR_SEARCH = "mentor";
const MENTOR_CHOSEN = "mentorId";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  const { filter, params, badDates } = trialFilterFrom(request);
  const mentorWords = (params[MENTOR_SEARCH] ?? "").trim().slice(0, 100);
  const [season, trials, competencies, mentors, regions] = await Promise.all([
    context.api.trials.season(),
    context.api.trials.list({ ...filter, fit: undefined }),
    context.api.trials.competencies(),
    // Only a search shows mentors (at most ten), never all of them.
    mentorWords ? context.api.trials.mentors({ q: mentorWords }) : Promise.resolve(null),
    context.api.reference.regions(),
  ]);
  const chosen = mentors?.find((m) => m.id === params[MENTOR_CHOSEN]) ?? null;
  return { season, trials, competencies, mentors, chosen, mentorWords, regions, params, dateNotice: badDates ? "Такой даты нет: фильтр по датам не применён" : null };
}

import { FORMATS, moscowInput } from "~/lib/trials";

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

/** The current address with `changes` applied (null removes a parameter); the page's other choices are kept. */
function addressWith(search: string, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  const query = next.toString();
  return query ? `?${query}` : "?";
}

/** Hidden inputs that carry the page's other choices through a GET form. */
function Keep({ params, names }: { params: Record<string, string>; names: readonly string[] }) {
  return (
    <>
      {names.map((name) => (params[name] ? <input key={name} type="hidden" name={name} value={params[name]} /> : null))}
    </>
  );
}

export default function StaffTrials() {
  const { season, trials, competencies, mentors, chosen, mentorWords, regions, params, dateNotice } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const { search } = useLocation();
  const errorsFor = (intent: string) => (r?.intent === intent ? r.fieldErrors : {});
  const v = r?.formError ? r.values : {};
  const filtered = TRIAL_FILTER_PARAMS.some((name) => params[name]);
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

      <section className="card" aria-labelledby="mentor-picker-title">
        <h2 id="mentor-picker-title">Наставник для назначения</h2>
        <Form method="get" className="actions" aria-labelledby="mentor-picker-title">
          <Keep params={params} names={[...TRIAL_FILTER_PARAMS, "after"]} />
          <div className="field">
            <label htmlFor="mentor-search">Найти наставника</label>
            <input id="mentor-search" name={MENTOR_SEARCH} type="search" maxLength={100} defaultValue={mentorWords} aria-describedby="mentor-search-hint" />
            <span id="mentor-search-hint" className="hint">
              Начало фамилии, имени или адреса почты
            </span>
          </div>
          <button type="submit" className="secondary" style={{ alignSelf: "end" }}>
            Найти
          </button>
        </Form>
        {chosen ? (
          <p>
            Выбран наставник: <strong>{chosen.name}</strong> <span className="small muted">{chosen.email}</span>.{" "}
            <Link to={addressWith(search, { [MENTOR_CHOSEN]: null })}>Снять выбор</Link>
          </p>
        ) : null}
        {mentors && !chosen ? (
          mentors.length === 0 ? (
            <p className="muted">Наставники по запросу «{mentorWords}» не найдены.</p>
          ) : (
            <ul className="plain" aria-label="Найденные наставники">
              {mentors.map((m) => (
                <li key={m.id}>
                  <strong>{m.name}</strong> <span className="small muted" style={{ overflowWrap: "anywhere" }}>{m.email}</span>{" "}
                  <Link to={addressWith(search, { [MENTOR_CHOSEN]: m.id })} aria-label={`Выбрать наставника: ${m.name}`}>
                    Выбрать
                  </Link>
                </li>
              ))}
            </ul>
          )
        ) : null}
        {!mentors ? <p className="small muted">Найдите и выберите наставника, затем назначьте его на пробы в списке ниже.</p> : null}
      </section>

      <section className="card" aria-labelledby="trials-title">
        <h2 id="trials-title">Предстоящие пробы</h2>
        {dateNotice ? (
          <div className="alert error" role="alert">
            {dateNotice}
          </div>
        ) : null}
        <Form method="get" className="grid" aria-label="Фильтр проб">
          <Keep params={params} names={[MENTOR_SEARCH, MENTOR_CHOSEN]} />
          <div className="field">
            <label htmlFor="t-q">Поиск по названию</label>
            <input id="t-q" name="q" type="search" maxLength={100} defaultValue={params.q ?? ""} />
          </div>
          <FilterSelect id="t-competency" name="competencyCode" label="По компетенции" value={params.competencyCode} options={competencies.map((c) => [c.code, c.name] as const)} />
          <FilterSelect id="t-format" name="format" label="Онлайн или очно" any="Любой формат" value={params.format} options={Object.entries(FORMATS)} />
          <FilterSelect id="t-region" name="regionCode" label="По субъекту РФ" value={params.regionCode} options={regions.map((g) => [g.code, g.name] as const)} />
          <div className="field">
            <label htmlFor="t-from">Начинается с</label>
            <input id="t-from" name="from" type="date" defaultValue={params.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="t-to">Начинается по</label>
            <input id="t-to" name="to" type="date" defaultValue={params.to ?? ""} />
          </div>
          <div className="actions" style={{ alignSelf: "end", margin: 0 }}>
            <button type="submit" className="secondary">
              Показать
            </button>
            {filtered ? (
              <Link className="button secondary" to={addressWith("", { [MENTOR_SEARCH]: params[MENTOR_SEARCH] ?? null, [MENTOR_CHOSEN]: params[MENTOR_CHOSEN] ?? null })}>
                Сбросить
              </Link>
            ) : null}
          </div>
        </Form>
        {trials.items.length === 0 ? <p className="muted">{filtered ? "По этому фильтру проб нет." : "Предстоящих проб нет."}</p> : null}
        <ul className="plain" aria-label="Предстоящие пробы">
          {trials.items.map((t) => (
            <li key={t.id}>
              <Link to={`/staff/trials/${t.id}`}>
                <strong>{t.title}</strong>
              </Link>
              <div className="small muted">
                {formatDateTime(t.startsAt)} · мест {t.capacity - t.freeSeats}/{t.capacity} · наставники: {t.mentors.join(", ") || "не назначены"}
              </div>
              <div className="actions">
                {chosen ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="assign" />
                    <input type="hidden" name="trialId" value={t.id} />
                    <input type="hidden" name="mentorId" value={chosen.id} />
                    <button type="submit" className="secondary" aria-label={`Назначить наставника ${chosen.name}: ${t.title}`}>
                      Назначить: {chosen.name}
                    </button>
                  </Form>
                ) : null}
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
        <Pager next={trials.nextCursor} label="Страницы списка проб" hash="trials-title" />
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
