import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { afterParam } from "~/lib/list-page";
import { requireRole } from "~/.server/session";
import { ActionMessage } from "~/components/action-message";
import { Pager } from "~/components/pager";
import { formatDateTime } from "~/lib/format";
import { ATTENDANCE, ENROLLMENT_STATUS } from "~/lib/trials";

export const meta: MetaFunction = () => [{ title: "Список участников — Билет в будущее" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "mentor");
  const trialId = params.trialId ?? "";
  const roster = await attempt(() => context.api.trials.roster({ trialId, cursor: afterParam(request) }));
  if (!roster.ok) throw data(roster.formError, { status: roster.status === 400 ? 404 : roster.status });
  return { trial: await context.api.trials.byId({ trialId }), roster: roster.value };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireRole(context, request, "mentor");
  const f = await formFields(request);
  const result = await attempt<unknown>(() =>
    f.intent === "feedback"
      ? context.api.trials.leaveFeedback({ enrollmentId: f.enrollmentId ?? "", performance: Number(f.performance), interest: Number(f.interest), comment: f.comment ?? "" })
      : context.api.trials.markAttendance({ enrollmentId: f.enrollmentId ?? "", mark: f.mark as "present" }),
  );
  if (!result.ok) return data({ formError: result.formError, message: null }, { status: result.status });
  return { formError: null, message: f.intent === "feedback" ? "Отзыв сохранён." : "Посещение отмечено." };
}

/** Phone-sized: one tap per child to mark attendance, then feedback. */
export default function Roster() {
  const { trial, roster } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/mentor">← Мои пробы</Link>
      </p>
      <h1>{trial.title}</h1>
      <p className="muted">{formatDateTime(trial.startsAt)}</p>
      <ActionMessage result={result} />
      {roster.items.length === 0 ? <p className="muted">Записавшихся пока нет.</p> : null}
      <ul className="plain" aria-label="Участники">
        {roster.items.map((p) => (
          <li key={p.enrollmentId} className="card">
            <strong>{p.name}</strong>, {p.grade} класс <span className={`status ${ENROLLMENT_STATUS[p.status][1]}`}>{ENROLLMENT_STATUS[p.status][0]}</span>
            {p.attendance ? <span className="status ok">{ATTENDANCE[p.attendance]}</span> : null}
            {p.status === "confirmed" ? (
              <Form method="post" className="actions">
                <input type="hidden" name="enrollmentId" value={p.enrollmentId} />
                {(["present", "late", "absent"] as const).map((mark) => (
                  <button key={mark} type="submit" name="mark" value={mark} className={p.attendance === mark ? "" : "secondary"} aria-label={`${p.name}: ${ATTENDANCE[mark]}`}>
                    {ATTENDANCE[mark]}
                  </button>
                ))}
              </Form>
            ) : null}
            {p.attendance === "present" || p.attendance === "late" ? (
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="feedback" />
                <input type="hidden" name="enrollmentId" value={p.enrollmentId} />
                <div className="field">
                  <label htmlFor={`perf-${p.enrollmentId}`}>Результат на пробе, 1–5</label>
                  <select id={`perf-${p.enrollmentId}`} name="performance" defaultValue="4">
                    {[5, 4, 3, 2, 1].map((n) => (
                      <option key={n}>{n}</option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`int-${p.enrollmentId}`}>Интерес к профессии, 1–5</label>
                  <select id={`int-${p.enrollmentId}`} name="interest" defaultValue="4">
                    {[5, 4, 3, 2, 1].map((n) => (
                      <option key={n}>{n}</option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`com-${p.enrollmentId}`}>Комментарий</label>
                  <textarea id={`com-${p.enrollmentId}`} name="comment" rows={2} />
                </div>
                <button type="submit" aria-label={`Сохранить отзыв: ${p.name}`}>
                  {p.hasFeedback ? "Обновить отзыв" : "Сохранить отзыв"}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <Pager next={roster.nextCursor} label="Страницы списка участников" />
    </>
  );
}
