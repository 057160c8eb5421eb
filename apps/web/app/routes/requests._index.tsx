import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/session";
import { cabinetShell } from "~/.server/shell";
import { CabinetShell } from "~/components/cabinet-shell";
import { Pager } from "~/components/pager";
import { afterParam } from "~/lib/list-page";
import { formatDateTime } from "~/lib/format";
import { STATUS_TONE } from "~/lib/requests";

export const meta: MetaFunction = () => [{ title: "Мои обращения — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  // The cabinet frame brings the live bell: a staff answer arrives as a notification and the bell reloads this page's data.
  const [{ shell }, page] = await Promise.all([cabinetShell(context, request, user.role), context.api.requests.mine({ cursor: afterParam(request) })]);
  return { shell, requests: page.items, next: page.nextCursor };
}

const AUTHOR: Record<string, string> = { user: "Вы", staff: "Специалист проекта", system: "Сообщение платформы" };

/** The signed-in person's requests (обращения) with their statuses and the conversation with staff. */
export default function MyRequests() {
  const { shell, requests, next } = useLoaderData<typeof loader>();
  return (
    <CabinetShell shell={shell}>
      <h1>Мои обращения</h1>
      <p className="lead">Вопросы, которые вы задали специалистам проекта через чат-бот или по почте, и ответы на них. Ответ приходит и на вашу почту.</p>
      {requests.length === 0 ? (
        <p className="muted">Обращений пока нет. Задать вопрос можно через кнопку «Задать вопрос» внизу страницы.</p>
      ) : (
        <ul className="plain" aria-label="Обращения">
          {requests.map((r) => (
            <li key={r.id} className="card">
              <article aria-labelledby={`request-${r.id}`}>
                <h2 id={`request-${r.id}`} style={{ marginTop: 0, overflowWrap: "anywhere" }}>
                  Обращение № {r.number}: {r.subject}
                </h2>
                <p className="small">
                  <span className={`status ${STATUS_TONE[r.status] ?? "off"}`}>{r.statusName}</span> <span className="muted">{formatDateTime(r.createdAt)}</span>
                </p>
                {/* The request's own text opens the conversation (stored as its first message). */}
                <ol style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={`Переписка по обращению № ${r.number}`}>
                  {(r.messages.length > 0 ? r.messages : [{ id: "text", author: "user" as const, text: r.text, createdAt: r.createdAt }]).map((m) => (
                    <li key={m.id} style={{ padding: "0.5rem 0", borderTop: "1px solid var(--line)" }}>
                      <div className="small">
                        <strong>{AUTHOR[m.author] ?? m.author}</strong> <span className="muted">{formatDateTime(m.createdAt)}</span>
                      </div>
                      <div className="mail-body">{m.text}</div>
                    </li>
                  ))}
                </ol>
                {(r.status === "new" || r.status === "in_progress") && !r.messages.some((m) => m.author === "staff") ? (
                  <p className="small muted">Ответа пока нет: специалист ответит здесь и на вашу почту.</p>
                ) : null}
              </article>
            </li>
          ))}
        </ul>
      )}
      <Pager next={next} label="Страницы обращений" />
    </CabinetShell>
  );
}
