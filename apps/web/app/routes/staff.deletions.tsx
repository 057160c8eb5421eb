import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/.server/session";
import { formatDateTime, ROLE_TITLES } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Удаление данных — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  return context.api.dataRights.pendingDeletions();
}

/**
 * Requests to delete a person's data that wait for their term. Read only:
 * the erasure is done by the platform's job at the term, and nobody can hurry it.
 */
export default function StaffDeletions() {
  const { pending, completed } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/staff">← Кабинет оператора</Link>
      </p>
      <h1>Удаление данных</h1>
      <p className="lead">
        Запросы на удаление персональных данных, которые ждут своего срока. В срок платформа удаляет данные сама, раньше срока удалить их нельзя. Отменить запрос
        может сам пользователь или родитель ребёнка.
      </p>
      <section className="card" aria-labelledby="pending-deletions-title">
        <h2 id="pending-deletions-title" style={{ marginTop: 0 }}>Ожидают удаления: {pending.length}</h2>
        {pending.length === 0 ? (
          <p className="muted">Запросов, ожидающих удаления, нет.</p>
        ) : (
          <ul className="plain" aria-label="Запросы на удаление">
            {pending.map((d) => (
              <li key={d.id}>
                <strong>{d.subjectName}</strong> <span className="small muted">({ROLE_TITLES[d.subjectRole].toLowerCase()})</span>
                <br />
                Удаление: <strong>{formatDateTime(d.effectiveAt)}</strong>
                <br />
                <span className="small muted">
                  Запрос от {formatDateTime(d.requestedAt)}, {d.requestedBySubject ? "от самого пользователя" : `от родителя: ${d.requestedByName ?? "—"}`}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="small muted">Удалено по запросам за всё время: {completed}.</p>
      </section>
    </>
  );
}
