import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { familyAction } from "~/.server/family-actions";
import { formFields } from "~/.server/forms";
import { ActionMessage } from "~/components/action-message";
import { trialAction } from "~/.server/trial-actions";
import { EnrollmentList } from "~/components/enrollments";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { afterParam } from "~/lib/list-page";
import { requireRole } from "~/.server/session";
import { IncomingInvitations, INVITATIONS_PAGE, InvitationsSection } from "~/components/invitations";
import { formatDate } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Личный кабинет участника — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "student");
  const [cabinet, admission, parents, invitations, incoming, enrollments] = await Promise.all([
    context.api.cabinet.student(),
    context.api.consent.myAdmission(),
    context.api.family.linked(),
    context.api.family.sentInvitationsPage({ cursor: afterParam(request, INVITATIONS_PAGE) }),
    context.api.family.incomingInvitations(),
    context.api.trials.mine(),
  ]);
  return { firstName: user.firstName, profile: cabinet.profile, admission, parents, invitations, incoming, enrollments };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const fields = await formFields(request);
  return (await trialAction(fields, context)) ?? familyAction(fields, context);
}

export default function StudentHome() {
  const { firstName, profile, admission, parents, invitations, incoming, enrollments } = useLoaderData<typeof loader>();
  const any = useActionData<{ scope?: string; message?: string; formError?: string | null }>();
  const result = any?.scope === "trials" ? any : undefined;
  return (
    <>
      <h1>Личный кабинет участника</h1>
      <p className="lead">Здравствуй, {firstName}!</p>
      {profile.graduatedAt ? (
        <p>
          <span className="status ok">Выпускник</span> Школа окончена: результаты тестов, пробы и учебный план остаются здесь, а записаться на новую пробу или начать новый тест уже нельзя.
        </p>
      ) : null}

      <section className="card" aria-labelledby="admission-title">
        <h2 id="admission-title">Допуск к практическим мероприятиям</h2>
        {admission.admitted ? (
          <p>
            <span className="status ok">Допуск получен</span> Согласие на обработку персональных данных получено от родителя: {admission.consent?.parentName}.
          </p>
        ) : (
          <>
            <p>
              <span className="status wait">Допуска пока нет</span>
            </p>
            <ol>
              <li>
                {admission.missing.includes("parent_link") ? "Пригласи родителя (законного представителя) — ниже форма приглашения." : "Кабинет родителя связан ✓"}
              </li>
              <li>Родитель даёт согласие на обработку персональных данных в своём кабинете.</li>
            </ol>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="diagnostics-title">
        <h2 id="diagnostics-title">Онлайн-диагностика</h2>
        <p>Тесты и игры об интересах, склонностях и сильных сторонах: результат с графиком сразу после прохождения.</p>
        <p>
          <Link className="button secondary" to="/student/diagnostics">
            Пройти тесты
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="trials-title">
        <h2 id="trials-title">Мои пробы</h2>
        <ActionMessage result={result} />
        <EnrollmentList items={enrollments} viewer="student" />
        <p>
          <Link className="button secondary" to="/student/trials">
            Каталог проб
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="recommendations-title">
        <h2 id="recommendations-title">Рекомендации</h2>
        <p>Индивидуальный учебный план по итогам тестов и проб: что изучать дальше и почему.</p>
        <p>
          <Link className="button secondary" to="/student/recommendations">
            Рекомендации
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="parents-title">
        <h2 id="parents-title">Мои родители</h2>
        {parents.length === 0 ? (
          <p className="muted">Кабинет ещё не связан с кабинетом родителя.</p>
        ) : (
          <ul className="plain" aria-label="Связанные родители">
            {parents.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong> <span className="small muted">· {p.email} · связаны {formatDate(p.linkedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <IncomingInvitations items={incoming} viewer="student" />
      {parents.length < 2 ? <InvitationsSection title="Пригласить родителя" inviteLabel="Электронная почта родителя" invitations={invitations.items} next={invitations.nextCursor} /> : null}

      <section className="card">
        <h2>Мои данные</h2>
        <p>
          {profile.graduatedAt ? <span className="status ok">Выпускник</span> : `${profile.grade} класс`} · {profile.school} · {profile.regionName}
        </p>
        <p className="small">
          <Link to="/account">Изменить в профиле</Link>
        </p>
      </section>

      <section className="card">
        <h2>Что дальше</h2>
        <p>Выбирай профессиональные пробы в каталоге. Новые разделы появятся здесь, когда откроются.</p>
      </section>
    </>
  );
}
