import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { trialAction } from "~/.server/trial-actions";
import { ActionMessage } from "~/components/action-message";
import { CancelEnrollment } from "~/components/enrollments";
import { formatDateTime } from "~/lib/format";
import { ENROLLMENT_STATUS, LEVELS } from "~/lib/trials";
import { safeExternalUrl } from "@bilet/validators";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.trial.title ?? "Проба"} — Билет в будущее` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "student");
  const trial = await attempt(() => context.api.trials.byId({ trialId: params.trialId ?? "" }));
  if (!trial.ok) throw data(trial.formError, { status: trial.status === 400 ? 404 : trial.status });
  const mine = (await context.api.trials.mine()).find((e) => e.trialId === trial.value.id && ["awaiting_approval", "confirmed", "waitlisted"].includes(e.status));
  return { trial: trial.value, mine: mine ?? null };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  requireRole(context, request, "student");
  const f = await formFields(request);
  return trialAction({ ...f, intent: f.intent === "cancelEnrollment" ? "cancelEnrollment" : "enroll", trialId: params.trialId ?? "" }, context);
}

/** One trial as a student sees it: what, when, where, free seats, and their own enrollment. */
export default function TrialPage() {
  const { trial, mine } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const closed = trial.status === "cancelled" || Date.parse(trial.enrollDeadline) <= Date.now();
  return (
    <>
      <p>
        <Link to="/student/trials">← Каталог проб</Link>
      </p>
      <h1>{trial.title}</h1>
      <ActionMessage result={result} />
      <section className="card">
        <p className="small muted">
          {trial.area} · {trial.competencyName} · уровень: {LEVELS[trial.level]}
        </p>
        {trial.description ? <p>{trial.description}</p> : null}
        <dl className="facts">
          <dt>Когда</dt>
          <dd>
            {formatDateTime(trial.startsAt)}, {trial.durationMinutes} мин
          </dd>
          <dt>Где</dt>
          <dd>{trial.format === "in_person" ? `Очно: ${trial.address ?? ""}` : mine?.status === "confirmed" && safeExternalUrl(trial.link) ? <a href={safeExternalUrl(trial.link)!}>Ссылка на онлайн-пробу</a> : "Онлайн (ссылка появится, когда родитель подтвердит участие)"}</dd>
          <dt>Для кого</dt>
          <dd>
            {trial.minGrade}–{trial.maxGrade} классы
          </dd>
          <dt>Наставник</dt>
          <dd>{trial.mentors.join(", ") || "будет назначен"}</dd>
          <dt>Запись до</dt>
          <dd>{formatDateTime(trial.enrollDeadline)}</dd>
          <dt>Свободных мест</dt>
          <dd aria-label="Свободных мест">
            {trial.freeSeats} из {trial.capacity}
          </dd>
        </dl>
      </section>
      <section className="card" aria-label="Моя запись">
        {trial.status === "cancelled" ? <p className="status off">Проба отменена</p> : null}
        {mine ? (
          <>
            <p>
              Твоя запись: <span className={`status ${ENROLLMENT_STATUS[mine.status][1]}`}>{ENROLLMENT_STATUS[mine.status][0]}</span>
              {mine.status === "awaiting_approval" && mine.approvalDueAt ? <span className="small muted"> · решение родителя до {formatDateTime(mine.approvalDueAt)}</span> : null}
              {mine.status === "waitlisted" && mine.waitlistPosition ? <span className="small muted"> · место в очереди: {mine.waitlistPosition}</span> : null}
            </p>
            {mine.attendance ? null : <CancelEnrollment enrollmentId={mine.enrollmentId} />}
          </>
        ) : closed ? (
          trial.status === "cancelled" ? null : <p className="muted">Запись на эту пробу закрыта.</p>
        ) : (
          <Form method="post">
            <button type="submit">{trial.freeSeats > 0 ? "Записаться" : "Встать в лист ожидания"}</button>
          </Form>
        )}
      </section>
    </>
  );
}
