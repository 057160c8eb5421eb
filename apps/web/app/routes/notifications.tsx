import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { PAGE_SIZE } from "@bilet/validators";
import { afterParam } from "~/lib/list-page";
import { requireUser } from "~/.server/session";
import { cabinetShell } from "~/.server/shell";
import { CabinetShell } from "~/components/cabinet-shell";
import { Pager } from "~/components/pager";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Уведомления — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { shell } = await cabinetShell(context, request, user.role);
  const all = await context.api.notifications.list({ limit: PAGE_SIZE, unreadOnly: false, cursor: afterParam(request) });
  return { shell, all };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireUser(context, request);
  return context.api.notifications.markAllRead();
}

export default function Notifications() {
  const { shell, all } = useLoaderData<typeof loader>();
  return (
    <CabinetShell shell={shell}>
      <h1>Уведомления</h1>
      <Form method="post" className="actions">
        <button type="submit" className="secondary" disabled={all.unreadCount === 0}>
          Отметить все прочитанными
        </button>
        <Link to="/settings/notifications" style={{ alignSelf: "center" }}>
          Письма и уведомления на телефон
        </Link>
      </Form>
      {all.items.length === 0 ? <p className="muted">Уведомлений пока нет.</p> : null}
      <ul className="plain" aria-label="Все уведомления">
        {all.items.map((n) => (
          <li key={n.id}>
            <div>
              {n.readAt ? null : <span className="status wait">новое</span>} <strong>{n.link ? <a href={n.link}>{n.title}</a> : n.title}</strong>
            </div>
            <div>{n.body}</div>
            <div className="small muted">{formatDateTime(n.createdAt)}</div>
          </li>
        ))}
      </ul>
      <Pager next={all.nextCursor} label="Страницы уведомлений" />
    </CabinetShell>
  );
}
