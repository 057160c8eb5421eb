import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/.server/session";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Кабинет оператора проекта — Билет в будущее" }];

const ROLE_NAMES = { student: "Участники", parent: "Родители", mentor: "Наставники", staff: "Операторы" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  const [counts, regions] = await Promise.all([context.api.cabinet.staff(), context.api.reference.regions()]);
  const regionName = new Map<string, string>(regions.map((r) => [r.code, r.name]));
  const plans = counts.plans;
  return { users: counts.users, countedAt: counts.countedAt, plans: { ...plans, byRegion: plans.byRegion.map((r) => ({ ...r, name: regionName.get(r.regionCode) ?? r.regionCode })) } };
}

export default function StaffHome() {
  const { users, plans, countedAt } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Кабинет оператора проекта</h1>
      <p className="small muted">Числа на {formatDateTime(countedAt)}; они пересчитываются раз в минуту.</p>
      <section className="card">
        <h2>Пользователи</h2>
        {/* Focusable, so a keyboard can scroll the table on a narrow screen. */}
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Пользователи по ролям">
          <table>
            <thead>
              <tr>
                <th>Роль</th>
                <th>Зарегистрировано</th>
                <th>Подтвердили почту</th>
              </tr>
            </thead>
            <tbody>
              {users.map((r) => (
                <tr key={r.role}>
                  <td>{ROLE_NAMES[r.role]}</td>
                  <td>{r.registered}</td>
                  <td>{r.activated}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>Пробы, наставники и календарь сезона</h2>
        <p>
          <Link className="button" to="/staff/trials">
            Управлять пробами
          </Link>
        </p>
      </section>
      <section className="card">
        <h2>Обращения пользователей</h2>
        <p>
          <Link className="button" to="/staff/requests">
            Обращения
          </Link>
        </p>
      </section>
      <section className="card">
        <h2>Удаление данных</h2>
        <p>
          <Link className="button" to="/staff/deletions">
            Запросы на удаление
          </Link>
        </p>
      </section>
      <section className="card">
        <h2>Онлайн-диагностика</h2>
        <p>
          <Link className="button" to="/staff/diagnostics">
            Диагностика и психометрика
          </Link>
        </p>
      </section>
      <section className="card" aria-labelledby="plans-title">
        <h2 id="plans-title">Планы по классам и регионам</h2>
        <p>
          Индивидуальных учебных планов: <strong>{plans.total}</strong> <span className="small muted">(учеников с планом, без имён)</span>
        </p>
        {plans.total > 0 ? (
          <div className="grid">
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Планы по классам">
              <table>
                <caption className="small muted" style={{ textAlign: "left" }}>
                  По классам
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Класс</th>
                    <th scope="col">Планов</th>
                  </tr>
                </thead>
                <tbody>
                  {plans.byGrade.map((g) => (
                    <tr key={g.grade}>
                      <td>{g.grade}</td>
                      <td>{g.n}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Планы по регионам">
              <table>
                <caption className="small muted" style={{ textAlign: "left" }}>
                  По регионам
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Регион</th>
                    <th scope="col">Планов</th>
                  </tr>
                </thead>
                <tbody>
                  {plans.byRegion.map((r) => (
                    <tr key={r.regionCode}>
                      <td style={{ minWidth: 160 }}>{r.name}</td>
                      <td>{r.n}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ) : (
          <p className="muted">Планов пока нет: они появляются после проб с отзывом наставника.</p>
        )}
      </section>
    </>
  );
}
