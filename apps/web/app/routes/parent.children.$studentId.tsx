import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { trialAction } from "~/.server/trial-actions";
import { EnrollmentList } from "~/components/enrollments";
import { FormAlert } from "~/components/form";
import { formatDate, formatDateTime } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Ребёнок — Билет в будущее" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "parent");
  const studentId = params.studentId ?? "";
  const card = await attempt(() => context.api.family.child({ studentId }));
  if (!card.ok) throw data(card.formError, { status: card.status === 400 ? 404 : card.status });
  const [text, history, enrollments] = await Promise.all([
    context.api.consent.text({ studentId }),
    context.api.consent.history({ studentId }),
    context.api.trials.ofChild({ studentId }),
  ]);
  const sheet = new URL(request.url).searchParams.get("sheet");
  const sheetProblem: "limited" | "failed" | null = sheet === "limited" || sheet === "failed" ? sheet : null;
  return { ...card.value, text, history, enrollments, sheetProblem };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  requireRole(context, request, "parent");
  const fields = await formFields(request);
  const studentId = params.studentId ?? "";
  const trialResult = await trialAction(fields, context);
  if (trialResult) return trialResult;
  const withdraw = fields.intent === "withdraw";
  if (!withdraw && fields.agree !== "on") {
    return data({ message: null, formError: "Отметьте, что вы прочитали текст согласия и согласны с ним" }, { status: 400 });
  }
  const result = await attempt(() =>
    withdraw ? context.api.consent.withdraw({ studentId }) : context.api.consent.give({ studentId, version: fields.version ?? "" }),
  );
  if (!result.ok) return data({ message: null, formError: result.formError }, { status: result.status });
  return { message: withdraw ? "Согласие отозвано." : "Согласие дано. Ребёнок допущен к практическим мероприятиям.", formError: null };
}

export default function ChildPage() {
  const { child, admission, text, history, enrollments, sheetProblem } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const mine = history.find((h) => !h.withdrawnAt);
  return (
    <>
      <p>
        <Link to="/parent">← Личный кабинет</Link>
      </p>
      <h1>{child.name}</h1>
      <p className="muted">
        {child.grade} класс · {child.school} · {child.regionName} · {child.email ?? `вход по логину ${child.login}`}
      </p>
      {result?.message ? (
        <div className="alert success" role="status">
          {result.message}
        </div>
      ) : null}
      <FormAlert message={result?.formError} />

      <section className="card" aria-labelledby="child-diagnostics-title">
        <h2 id="child-diagnostics-title">Онлайн-диагностика</h2>
        <p>
          <Link to={`/parent/children/${child.id}/diagnostics`}>Результаты диагностики</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="child-recommendations-title">
        <h2 id="child-recommendations-title">Рекомендации</h2>
        <p>Индивидуальный учебный план по итогам тестов и проб: его можно распечатать или скачать в PDF.</p>
        <p>
          <Link to={`/parent/children/${child.id}/recommendations`}>Рекомендации</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="child-trials-title">
        <h2 id="child-trials-title">Пробы</h2>
        <EnrollmentList items={enrollments} viewer="parent" />
      </section>

      {child.login && !child.email ? <LoginSheetSection studentId={child.id} login={child.login} problem={sheetProblem} /> : null}

      <section className="card" aria-labelledby="consent-title">
        <h2 id="consent-title">Согласие на обработку персональных данных</h2>
        <p>
          {admission.admitted ? (
            <span className="status ok">Ребёнок допущен к практическим мероприятиям</span>
          ) : (
            <span className="status wait">Ребёнок не допущен: нужно согласие родителя</span>
          )}
        </p>
        {admission.admitted && mine ? (
          <Form method="post">
            <p className="small muted">
              Согласие дано {formatDateTime(mine.givenAt)} (редакция от {formatDate(mine.version)}). Отзыв согласия снимет допуск к практическим мероприятиям, если нет согласия другого родителя; записи на пробы, ожидающие подтверждения, будут отменены.
            </p>
            <input type="hidden" name="intent" value="withdraw" />
            <button type="submit" className="danger">
              Отозвать согласие
            </button>
          </Form>
        ) : (
          <Form method="post">
            <article className="card" aria-label="Текст согласия">
              <h3>{text.title}</h3>
              <p className="small muted">Редакция от {formatDate(text.version)}</p>
              {text.paragraphs.map((p, i) => (
                <p key={i}>{p}</p>
              ))}
            </article>
            <input type="hidden" name="intent" value="give" />
            <input type="hidden" name="version" value={text.version} />
            <div className="field">
              <label>
                <input type="checkbox" name="agree" /> Текст прочитан, даю согласие
              </label>
            </div>
            <div className="actions">
              <button type="submit">Дать согласие</button>
            </div>
          </Form>
        )}
      </section>

      {history.length > 0 ? (
        <section className="card">
          <h2>История согласий</h2>
          <ul className="plain">
            {history.map((h) => (
              <li key={h.id}>
                {h.parentName}: дано {formatDateTime(h.givenAt)} ({h.method === "esia" ? "вход через Госуслуги" : "вход по паролю"}, редакция от {formatDate(h.version)})
                {h.withdrawnAt ? `; отозвано ${formatDateTime(h.withdrawnAt)}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {/* ---- data rights (152-ФЗ): the child's data page ---- */}
      <section className="card" aria-labelledby="child-data-title">
        <h2 id="child-data-title">Данные ребёнка</h2>
        <p>Что платформа хранит о ребёнке: скачать файл или страницу для печати, попросить удалить данные.</p>
        <p>
          <Link to={`/parent/children/${child.id}/data`}>Данные ребёнка</Link>
        </p>
      </section>
    </>
  );
}

// ---------------------------------------------------------------- the login sheet of a child under 14 (child accounts)

/**
 * A new login sheet for a child whose account the parent created. The form
 * posts to a resource route that answers the PDF itself (a document request,
 * so the browser downloads it): the new password exists only in that answer.
 */
function LoginSheetSection(props: { studentId: string; login: string; problem: "limited" | "failed" | null }) {
  return (
    <section className="card" aria-labelledby="login-sheet-title">
      <h2 id="login-sheet-title">Вход ребёнка</h2>
      <p>
        Ребёнок входит по логину <strong>{props.login}</strong>. Если лист входа потерялся или ребёнок забыл пароль, скачайте новый лист.
      </p>
      {props.problem ? (
        <div className="alert error" role="alert">
          {props.problem === "limited" ? "Слишком много новых листов за сутки. Попробуйте позже." : "Не получилось сделать новый лист входа. Попробуйте ещё раз."}
        </div>
      ) : null}
      <p className="alert info" id="login-sheet-warning">
        В новом листе будет новый временный пароль. Прежний пароль перестанет действовать сразу, а ребёнок выйдет из кабинета на всех устройствах.
      </p>
      <Form method="post" action={`/parent/children/${props.studentId}/login-sheet`} reloadDocument>
        <button type="submit" className="secondary" aria-describedby="login-sheet-warning">
          Скачать новый лист входа (PDF)
        </button>
      </Form>
    </section>
  );
}
