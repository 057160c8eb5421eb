import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/.server/session";
import { Pager } from "~/components/pager";
import { afterParam } from "~/lib/list-page";
import { formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Кабинет наставника — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "mentor");
  const [me, trials] = await Promise.all([context.api.cabinet.mentor(), context.api.trials.mentorTrials({ cursor: afterParam(request) })]);
  return { name: me.name, trials: trials.items.map((t) => ({ ...t, startsAt: t.startsAt.toISOString() })), next: trials.nextCursor };
}

export default function MentorHome() {
  const { name, trials, next } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Кабинет наставника</h1>
      <p className="lead">Здравствуйте, {name}!</p>
      <section className="card">
        <h2>Мои пробы</h2>
        {trials.length === 0 ? <p className="muted">Вас пока не назначили ни на одну пробу.</p> : null}
        <ul className="plain" aria-label="Мои пробы">
          {trials.map((t) => (
            <li key={t.id}>
              <Link to={`/mentor/trials/${t.id}`}>{t.title}</Link>
              <div className="small muted">
                {formatDateTime(t.startsAt)} · занято мест {t.seatsTaken} из {t.capacity}
                {t.status === "cancelled" ? " · отменена" : ""}
              </div>
            </li>
          ))}
        </ul>
        <Pager next={next} label="Страницы списка моих проб" />
      </section>
    </>
  );
}
