import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formFields } from "~/.server/forms";
import { ActionMessage } from "~/components/action-message";
import { FilterSelect } from "~/components/form";
import { Pager } from "~/components/pager";
import { requireRole } from "~/.server/session";
import { trialAction } from "~/.server/trial-actions";
import { trialFilterFrom } from "~/lib/trial-filter";
import { formatDateTime } from "~/lib/format";
import { FORMATS, LEVELS, myEnrollmentBadge } from "~/lib/trials";

export const meta: MetaFunction = () => [{ title: "Каталог проб — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "student");
  const { filter, params, badDates } = trialFilterFrom(request);
  const [list, competencies, regions, mine] = await Promise.all([
    context.api.trials.list(filter),
    context.api.trials.competencies(),
    context.api.reference.regions(),
    context.api.trials.mine(),
  ]);
  const live = new Map(
    mine.flatMap((e) => (e.status === "awaiting_approval" || e.status === "confirmed" || e.status === "waitlisted" ? [[e.trialId, myEnrollmentBadge(e.status, e.waitlistPosition)] as const] : [])),
  );
  return {
    list: list.items.map((t) => ({ ...t, mine: live.get(t.id) ?? null })),
    next: list.nextCursor,
    competencies,
    regions,
    params,
    dateNotice: badDates ? "Такой даты нет: фильтр по датам не применён" : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireRole(context, request, "student");
  return trialAction({ ...(await formFields(request)), intent: "enroll" }, context);
}

export default function Catalogue() {
  const { list, next, competencies, regions, params, dateNotice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/student">← Личный кабинет</Link>
      </p>
      <h1>Каталог профессиональных проб</h1>
      <ActionMessage result={result} />
      {dateNotice ? (
        <div className="alert error" role="alert">
          {dateNotice}
        </div>
      ) : null}
      <Form method="get" className="card grid" aria-label="Фильтры">
        <div className="field">
          <label htmlFor="f-q">Название</label>
          <input id="f-q" name="q" type="search" maxLength={100} defaultValue={params.q ?? ""} />
        </div>
        <FilterSelect id="f-competency" name="competencyCode" label="Компетенция" value={params.competencyCode} options={competencies.map((c) => [c.code, c.name] as const)} />
        <FilterSelect id="f-format" name="format" label="Формат" any="Любой" value={params.format} options={Object.entries(FORMATS)} />
        <FilterSelect id="f-level" name="level" label="Уровень" any="Любой" value={params.level} options={Object.entries(LEVELS)} />
        <FilterSelect id="f-region" name="regionCode" label="Субъект РФ" value={params.regionCode} options={regions.map((r) => [r.code, r.name] as const)} />
        <div className="field">
          <label htmlFor="f-from">Дата с</label>
          <input id="f-from" name="from" type="date" defaultValue={params.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="f-to">Дата по</label>
          <input id="f-to" name="to" type="date" defaultValue={params.to ?? ""} />
        </div>
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="fit" value="1" defaultChecked={params.fit === "1"} /> Подходит мне (по результатам диагностики)
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            Показать
          </button>
        </div>
      </Form>
      {list.length === 0 ? (
        <p className="muted">
          {params.fit === "1" ? (
            <>
              Подходящих по профилю интересов проб пока нет. <Link to="/student/diagnostics">Пройди тесты</Link>, чтобы профиль стал точнее, или сними отметку «Подходит мне».
            </>
          ) : (
            "Подходящих проб пока нет."
          )}
        </p>
      ) : null}
      <ul className="plain" aria-label="Пробы">
        {list.map((t) => (
          <li key={t.id} className="card">
            <h2>
              <Link to={`/student/trials/${t.id}`}>{t.title}</Link>
            </h2>
            <p className="small muted">
              {t.competencyName} · {LEVELS[t.level]} · {FORMATS[t.format]} · {formatDateTime(t.startsAt)}, {t.durationMinutes} мин · {t.minGrade}–{t.maxGrade} классы
            </p>
            <p>{t.description}</p>
            {t.fit ? <p className="small fit-reason">{t.fit.reason[0]!.toUpperCase() + t.fit.reason.slice(1)}</p> : null}
            <p className="small">
              {t.format === "in_person" ? t.address : "Онлайн"} · Наставник: {t.mentors.join(", ") || "будет назначен"} · Свободных мест: {t.freeSeats} из {t.capacity}
            </p>
            {t.mine ? (
              <span className={`status ${t.mine.tone}`}>{t.mine.text}</span>
            ) : (
              <Form method="post">
                <input type="hidden" name="trialId" value={t.id} />
                <button type="submit" aria-label={`Записаться: ${t.title}`}>
                  {t.freeSeats > 0 ? "Записаться" : "Встать в лист ожидания"}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Pager next={next} label="Страницы каталога" />
    </>
  );
}
