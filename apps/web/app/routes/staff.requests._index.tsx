import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/components/form";
import { REQUEST_CHANNEL_NAMES, REQUEST_STATUS_NAMES, TRIAGE_DECISION_LABELS } from "@bilet/validators";
import { attempt } from "~/.server/forms";
import { afterParam } from "~/lib/list-page";
import { requireRole } from "~/.server/session";
import { FormAlert } from "~/components/form";
import { Pager } from "~/components/pager";
import { formatDateTime } from "~/lib/format";
import { STATUS_TONE } from "~/lib/requests";

export const meta: MetaFunction = () => [{ title: "Обращения пользователей — Билет в будущее" }];


/** «5 ч назад», in whole hours, so the oldest waiting requests stand out; the exact time is in the cell's title. */
const ageText = (hours: number) => (hours < 1 ? "меньше часа назад" : `${hours} ч назад`);

const FILTERS = ["status", "channel", "regionCode", "decision", "topic"] as const;
type Filter = Partial<Record<(typeof FILTERS)[number], string>>;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  const params = new URL(request.url).searchParams;
  const filter: Filter = {};
  for (const key of FILTERS) {
    const v = params.get(key);
    if (v) filter[key] = v;
  }
  const [regions, page] = await Promise.all([context.api.reference.regions(), attempt(() => context.api.requests.queue({ ...filter, cursor: afterParam(request) } as never))]);
  return {
    regions,
    filter,
    rows: page.ok ? page.value.items : [],
    next: page.ok ? page.value.nextCursor : null,
    formError: page.ok ? null : "Фильтр не применён: выберите значения из списков.",
  };
}

/** The staff queue of requests (обращения), newest first, with filters in the address so a view can be shared. */
export default function StaffRequests() {
  const { regions, filter, rows, next, formError } = useLoaderData<typeof loader>();
  const filtered = Object.keys(filter).length > 0;
  return (
    <>
      <p>
        <Link to="/staff">← Кабинет оператора</Link>
      </p>
      <h1>Обращения пользователей</h1>
      <FormAlert message={formError} />

      <section className="card" aria-labelledby="filter-title">
        <h2 id="filter-title" style={{ marginTop: 0 }}>
          Фильтр
        </h2>
        <Form method="get" className="grid" aria-labelledby="filter-title">
          <FilterSelect id="filter-status" name="status" label="Статус" value={filter.status} options={Object.entries(REQUEST_STATUS_NAMES)} />
          <FilterSelect id="filter-channel" name="channel" label="Канал" value={filter.channel} options={Object.entries(REQUEST_CHANNEL_NAMES)} />
          <FilterSelect id="filter-region" name="regionCode" label="Субъект РФ" value={filter.regionCode} options={regions.map((r) => [r.code, r.name] as const)} />
          <FilterSelect id="filter-decision" name="decision" label="Решение по обращению" value={filter.decision} options={Object.entries(TRIAGE_DECISION_LABELS)} />
          <div className="field">
            <label htmlFor="filter-topic">Тема содержит</label>
            <input id="filter-topic" name="topic" type="search" maxLength={100} defaultValue={filter.topic ?? ""} />
          </div>
          <div className="actions" style={{ alignSelf: "end", margin: 0 }}>
            <button type="submit">Показать</button>
            {filtered ? (
              <Link className="button secondary" to="/staff/requests">
                Сбросить
              </Link>
            ) : null}
          </div>
        </Form>
      </section>

      <section className="card" aria-labelledby="queue-title">
        <h2 id="queue-title" style={{ marginTop: 0 }}>
          Очередь{filtered ? " по фильтру" : ""}
        </h2>
        {rows.length === 0 ? (
          <p className="muted">{filtered ? "По этому фильтру обращений нет." : "Обращений пока нет."}</p>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Очередь обращений">
            <table>
              <thead>
                <tr>
                  <th scope="col">№</th>
                  <th scope="col">Получено</th>
                  <th scope="col">Канал</th>
                  <th scope="col">Регион</th>
                  <th scope="col">Автор</th>
                  <th scope="col">Тема</th>
                  <th scope="col">Решение</th>
                  <th scope="col">Статус</th>
                  <th scope="col">Исполнитель</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td style={{ whiteSpace: "nowrap" }}>
                      <Link to={`/staff/requests/${r.id}`} aria-label={`Обращение № ${r.number}`}>
                        № {r.number}
                      </Link>
                    </td>
                    <td style={{ whiteSpace: "nowrap" }} title={formatDateTime(r.createdAt)}>
                      {ageText(r.ageHours)}
                    </td>
                    <td>{REQUEST_CHANNEL_NAMES[r.channel]}</td>
                    <td style={{ minWidth: 140 }}>{r.regionName}</td>
                    <td style={{ minWidth: 140, overflowWrap: "anywhere" }}>
                      {r.fullName}
                      <div className="small muted">{r.email}</div>
                    </td>
                    <td style={{ minWidth: 160, overflowWrap: "anywhere" }}>
                      <Link to={`/staff/requests/${r.id}`}>{r.subject}</Link>
                    </td>
                    <td style={{ minWidth: 140 }} title={r.ruleExplanation}>
                      {r.decisionName}
                    </td>
                    <td>
                      <span className={`status ${STATUS_TONE[r.status] ?? "off"}`}>{r.statusName}</span>
                    </td>
                    <td>{r.assignedToName ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager next={next} label="Страницы очереди обращений" />
      </section>
    </>
  );
}
