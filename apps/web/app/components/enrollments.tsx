import { Form } from "@remix-run/react";
import { formatDateTime } from "~/lib/format";
import { ATTENDANCE, ENROLLMENT_STATUS, LEVELS } from "~/lib/trials";

export interface EnrollmentRow {
  enrollmentId: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  level: keyof typeof LEVELS;
  /** «очно: Москва, ул. …» or «онлайн». */
  place: string;
  mentors: string[];
  description: string;
  status: keyof typeof ENROLLMENT_STATUS;
  approvalDueAt: string | null;
  waitlistPosition: number | null;
  attendance: keyof typeof ATTENDANCE | null;
  feedback: { performance: number; interest: number; comment: string } | null;
  rating: { rating: number; comment: string } | null;
}

/** A student's trials; `viewer` decides which buttons appear. */
export function EnrollmentList({ items, viewer }: { items: EnrollmentRow[]; viewer: "student" | "parent" }) {
  if (items.length === 0) return <p className="muted">Записей на пробы пока нет.</p>;
  return (
    <ul className="plain" aria-label="Записи на пробы">
      {items.map((e) => {
        const [label, tone] = ENROLLMENT_STATUS[e.status];
        return (
          <li key={e.enrollmentId} id={`enrollment-${e.enrollmentId}`}>
            <div>
              <strong>{e.title}</strong> <span className={`status ${tone}`}>{label}</span>
              {e.attendance ? <span className="status ok">посещение: {ATTENDANCE[e.attendance]}</span> : null}
            </div>
            <div className="small muted">
              {formatDateTime(e.startsAt)}, {e.durationMinutes} мин
              {e.status === "awaiting_approval" && e.approvalDueAt ? ` · ${viewer === "parent" ? "ваше решение нужно" : "решение родителя"} до ${formatDateTime(e.approvalDueAt)}` : ""}
              {e.status === "waitlisted" && e.waitlistPosition ? ` · место в очереди: ${e.waitlistPosition}` : ""}
            </div>
            {viewer === "parent" ? <TrialFacts trial={e} /> : null}
            {e.feedback ? (
              <div className="small">
                Отзыв наставника: результат {e.feedback.performance}/5, интерес {e.feedback.interest}/5{e.feedback.comment ? ` — «${e.feedback.comment}»` : ""}
              </div>
            ) : null}
            {viewer === "parent" && e.status === "awaiting_approval" ? (
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="enrollmentId" value={e.enrollmentId} />
                  <button type="submit">Подтвердить участие</button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="decline" />
                  <input type="hidden" name="enrollmentId" value={e.enrollmentId} />
                  <button type="submit" className="danger">
                    Отклонить
                  </button>
                </Form>
              </div>
            ) : null}
            {viewer === "student" && ["awaiting_approval", "confirmed", "waitlisted"].includes(e.status) && !e.attendance ? (
              <CancelEnrollment enrollmentId={e.enrollmentId} />
            ) : null}
            {viewer === "student" && (e.attendance === "present" || e.attendance === "late") ? (
              e.rating ? (
                <div className="small">Твоя оценка: {e.rating.rating}/5</div>
              ) : (
                <Form method="post" className="actions">
                  <input type="hidden" name="intent" value="rate" />
                  <input type="hidden" name="enrollmentId" value={e.enrollmentId} />
                  <div className="field">
                    <label htmlFor={`rating-${e.enrollmentId}`}>Оценка пробы</label>
                    <select id={`rating-${e.enrollmentId}`} name="rating" defaultValue="5">
                      {[5, 4, 3, 2, 1].map((n) => (
                        <option key={n} value={n}>
                          {n}
                        </option>
                      ))}
                    </select>
                  </div>
                  <button type="submit">Оценить</button>
                </Form>
              )
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** What a parent needs to know to decide on a trial: where, level, mentor, what the child will do. */
export function TrialFacts({ trial }: { trial: Pick<EnrollmentRow, "place" | "level" | "mentors" | "description"> }) {
  return (
    <dl className="facts small">
      <dt>Где</dt>
      <dd>{trial.place}</dd>
      <dt>Уровень</dt>
      <dd>{LEVELS[trial.level]}</dd>
      <dt>Наставник</dt>
      <dd>{trial.mentors.join(", ") || "будет назначен"}</dd>
      {trial.description ? (
        <>
          <dt>Что предстоит</dt>
          <dd>{trial.description}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The student's own «Отменить запись» button (handled by trialAction). */
export function CancelEnrollment({ enrollmentId }: { enrollmentId: string }) {
  return (
    <Form method="post" className="actions">
      <input type="hidden" name="intent" value="cancelEnrollment" />
      <input type="hidden" name="enrollmentId" value={enrollmentId} />
      <button type="submit" className="secondary">
        Отменить запись
      </button>
    </Form>
  );
}
