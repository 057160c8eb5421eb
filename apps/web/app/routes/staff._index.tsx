import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/.server/session";

export const meta: MetaFunction = () => [{ title: "Кабинет оператора проекта — Билет в будущее" }];

const ROLE_NAMES = { student: "Участники", parent: "Родители", mentor: "Наставники", staff: "Операторы" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  return context.api.cabinet.staff();
}

export default function StaffHome() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Кабинет оператора проекта</h1>
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
        <p className="small muted">Очередь обращений пользователей появится здесь позже.</p>
      </section>
      <section className="card">
        <h2>Онлайн-диагностика</h2>
        <p>
          <Link className="button" to="/staff/diagnostics">
            Диагностика и психометрика
          </Link>
        </p>
      </section>
    </>
  );
}
