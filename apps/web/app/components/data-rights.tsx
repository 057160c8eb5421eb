import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { dataRights } from "@bilet/core";
import { DELETION_PHRASE, REQUEST_STATUS_NAMES, TRIAL_FORMAT_LABELS, TRIAL_LEVEL_LABELS } from "@bilet/validators";
import { plural } from "~/components/diagnostics/game-log";
import { Field } from "~/components/form";
import { formatDate, formatDateTime, ROLE_TITLES } from "~/lib/format";

type Overview = dataRights.DataRightsOverview;
type DataExport = dataRights.DataExport;

export interface DataRightsResult {
  message?: string | null;
  formError?: string | null;
  fieldErrors?: Partial<Record<string, string>>;
}

const days = (n: number) => `${n} ${plural(n, ["день", "дня", "дней"])}`;

/** The words of the page for each reader: a student about themselves («ты»), an adult about themselves, a parent about a child. */
function wordsFor(viewer: "student" | "adult", about: "self" | "child", graceDays: number) {
  const kept =
    "По закону сохраняются записи о согласиях и журнал безопасности; результаты диагностики и проб остаются только как обезличенные цифры.";
  if (about === "child") {
    return {
      exportTitle: "Скачать данные ребёнка",
      exportText: "Всё, что платформа хранит о ребёнке: профиль, связи с семьёй, согласия и их история, результаты диагностики, пробы и отзывы, план, уведомления, обращения, приглашения, сеансы входа.",
      deleteTitle: "Удалить данные ребёнка",
      deleteText: `После запроса данные хранятся ещё ${days(graceDays)}: за это время запрос можно отменить, а второй родитель получит уведомление и тоже сможет его отменить. Затем удаляются имя, электронная почта и логин, дата рождения и школа, сеансы входа, приглашения и уведомления ребёнка, а связь с кабинетами родителей прекращается. ${kept} Удаление нельзя отменить после срока.`,
      password: "Ваш пароль",
      phrase: `Введите слово «${DELETION_PHRASE}»`,
    };
  }
  const you = viewer === "student";
  return {
    exportTitle: "Скачать мои данные",
    exportText: `Всё, что платформа хранит о ${you ? "тебе" : "вас"}: профиль, связи с семьёй, согласия и их история, результаты диагностики, пробы и отзывы, план, уведомления, обращения, приглашения, сеансы входа.`,
    deleteTitle: "Удалить данные",
    deleteText: `После запроса данные хранятся ещё ${days(graceDays)}: за это время запрос можно отменить. Затем удаляются имя, электронная почта и логин, дата рождения и школа, сеансы входа, приглашения и уведомления, связи с семьёй, и войти в учётную запись будет нельзя. ${kept} Удаление нельзя отменить после срока.`,
    password: you ? "Твой пароль" : "Ваш пароль",
    phrase: `Введите слово «${DELETION_PHRASE}»`,
  };
}

/** «Скачать мои данные» and «Удалить данные» for one person, on «Мои данные» and on a child's «Данные ребёнка». */
export function DataRightsPanel(props: {
  overview: Overview;
  viewer: "student" | "adult";
  about: "self" | "child";
  paths: { json: string; print: string };
  result?: DataRightsResult | null;
}) {
  const { overview, result } = props;
  const w = wordsFor(props.viewer, props.about, overview.graceDays);
  const pending = overview.pending;
  return (
    <>
      {result?.message ? (
        <div className="alert success" role="status">
          {result.message}
        </div>
      ) : null}
      {result?.formError && !result.fieldErrors?.password && !result.fieldErrors?.phrase ? (
        <div className="alert error" role="alert">
          {result.formError}
        </div>
      ) : null}

      <section className="card" aria-labelledby="data-export-title">
        <h2 id="data-export-title" style={{ marginTop: 0 }}>{w.exportTitle}</h2>
        <p>{w.exportText}</p>
        <p className="small muted">Файл JSON подходит для других программ; страницу для печати удобно читать, распечатать или сохранить в PDF.</p>
        <div className="actions">
          <a className="button" href={props.paths.json} download>
            Скачать файл (JSON)
          </a>
          <a className="button secondary" href={props.paths.print}>
            Открыть для печати
          </a>
        </div>
      </section>

      <section className="card" aria-labelledby="data-delete-title">
        <h2 id="data-delete-title" style={{ marginTop: 0 }}>{w.deleteTitle}</h2>
        {pending ? (
          <>
            <p className="alert info" role="status" aria-label="Запрос на удаление">
              Данные будут удалены {formatDateTime(pending.effectiveAt)}. Запрос отправлен {formatDateTime(pending.requestedAt)}
              {pending.requestedByName && !pending.requestedBySubject ? `, родитель: ${pending.requestedByName}` : ""}.
            </p>
            {overview.cancelRefusal ? (
              <p className="muted">{overview.cancelRefusal}</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="cancel" />
                <button type="submit" className="secondary">
                  Отменить удаление
                </button>
              </Form>
            )}
          </>
        ) : overview.requestRefusal ? (
          <p className="muted">{overview.requestRefusal}</p>
        ) : (
          <Form method="post" className="stack">
            <p>{w.deleteText}</p>
            <input type="hidden" name="intent" value="request" />
            {overview.confirmWith === "password" ? (
              <Field name="password" type="password" label={w.password} autoComplete="current-password" errors={result?.fieldErrors} hint="Пароль нужен, чтобы подтвердить запрос." required />
            ) : (
              <Field name="phrase" label={w.phrase} autoComplete="off" errors={result?.fieldErrors} hint="Так вы подтверждаете запрос." required />
            )}
            <div className="actions">
              <button type="submit" className="danger">
                Удалить данные
              </button>
            </div>
          </Form>
        )}
      </section>
    </>
  );
}

// ---------------------------------------------------------------- the printable page

const PRINT_CSS = `
@media print {
  .site-header, .toast-area, .no-print, nav.tabs { display: none !important; }
  main { max-width: none; padding: 0; }
  .card { border: 0; padding: 0; margin: 0 0 1rem; break-inside: avoid-page; }
  a { color: inherit; text-decoration: none; }
}
.export-page .card li { overflow-wrap: anywhere; }
`;

const ENROLLMENT_STATUS: Record<string, string> = {
  awaiting_approval: "ждёт подтверждения родителя",
  confirmed: "участие подтверждено",
  waitlisted: "в листе ожидания",
  declined: "родитель не подтвердил",
  expired: "не подтверждено вовремя",
  cancelled: "запись отменена",
  trial_cancelled: "проба отменена организаторами",
};
const ATTENDANCE = { present: "присутствие", late: "опоздание", absent: "отсутствие" } as const;
const INVITATION_STATE = { pending: "ожидает ответа", expired: "истекло", accepted: "принято", revoked: "отозвано" } as const;
const LINK_PURPOSE: Record<string, string> = { activation: "подтверждение почты", password_reset: "восстановление пароля", email_change: "смена адреса почты" };
const LETTER_STATUS: Record<string, string> = { pending: "ожидает отправки", sent: "отправлено", failed: "не доставлено", captured: "в почтовом ящике разработчика" };
const DELETION_STATUS = { pending: "ожидает удаления", cancelled: "отменено", completed: "данные удалены" } as const;
const METHOD = { password: "вход по паролю", esia: "вход через Госуслуги" } as const;
const MESSAGE_AUTHOR = { user: "автор обращения", staff: "оператор проекта", system: "платформа" } as const;
const ACTIONS: Record<string, string> = {
  "account.registered": "регистрация",
  "account.activated": "подтверждение учётной записи",
  "account.login": "вход",
  "account.logout": "выход",
  "account.password_reset": "новый пароль по ссылке из письма",
  "account.password_reset_requested": "запрос на восстановление пароля",
  "account.activation_resent": "новое письмо для подтверждения",
  "consent.given": "согласие дано",
  "consent.withdrawn": "согласие отозвано",
  "family.invited": "приглашение отправлено",
  "family.invitation_resent": "приглашение отправлено ещё раз",
  "family.invitation_revoked": "приглашение отозвано",
  "family.linked": "кабинеты связаны",
  "data.exported": "скачаны данные",
  "data.deletion_requested": "запрошено удаление данных",
  "data.deletion_cancelled": "удаление данных отменено",
  "trial.approved": "участие в пробе подтверждено",
  "trial.declined": "участие в пробе не подтверждено",
  "trial.cancelled": "запись на пробу отменена",
  "diagnostics.finished": "тест пройден",
  "request.submitted": "обращение отправлено",
};

const yesNo = (v: boolean) => (v ? "да" : "нет");
const when = (v: string | null) => (v ? formatDateTime(v) : "—");

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: "contents" }}>
          <dt>{label}</dt>
          <dd>{value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

function Section({ id, title, empty, children }: { id: string; title: string; empty: boolean; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={`export-${id}`}>
      <h2 id={`export-${id}`} style={{ marginTop: 0 }}>{title}</h2>
      {empty ? <p className="muted">Нет записей.</p> : children}
    </section>
  );
}

/** An answer as it reads: a number, an option, a list; a game's event log by its length. */
function answerText(answer: unknown): string {
  if (Array.isArray(answer)) {
    if (answer.every((a) => typeof a === "string")) return answer.join(", ");
    return `журнал игры, ${answer.length} ${plural(answer.length, ["событие", "события", "событий"])}`;
  }
  if (typeof answer === "string" || typeof answer === "number") return String(answer);
  return JSON.stringify(answer);
}

interface ResultLike {
  scales?: { title?: string; scale?: string; percent?: number | null }[];
  quiz?: { correct: number; total: number } | null;
}
interface PlanLike {
  summary?: string;
  sections?: { title?: string; items?: { text?: string }[] }[];
}

/** The readable copy of a DataExport: the same content as the JSON file, in Russian, ready to print. */
export function DataExportView({ data, title, back }: { data: DataExport; title: string; back: ReactNode }) {
  const p = data.person;
  return (
    <div className="export-page">
      <style>{PRINT_CSS}</style>
      <p className="no-print">{back}</p>
      <h1>{title}</h1>
      <p className="muted">
        Сформировано {formatDateTime(data.generatedAt)}. Оператор персональных данных: {data.operator.name}, {data.operator.address}.
      </p>
      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>
          Распечатать
        </button>
      </div>

      <Section id="profile" title="Профиль" empty={false}>
        <Facts
          rows={[
            ["Фамилия", p.lastName],
            ["Имя", p.firstName],
            ["Отчество", p.middleName],
            ["Роль", ROLE_TITLES[p.role]],
            ["Электронная почта", p.email],
            ["Логин", p.login],
            ...(p.student
              ? ([
                  ["Дата рождения", formatDate(p.student.birthDate)],
                  ["Класс", String(p.student.grade)],
                  ["Регион", p.student.regionName],
                  ["Школа", p.student.school],
                  ["Окончание школы", p.student.graduatedAt ? formatDate(p.student.graduatedAt) : null],
                ] as [string, ReactNode][])
              : []),
            ...(p.parent ? ([["Регион", p.parent.regionName]] as [string, ReactNode][]) : []),
            ["Учётная запись создана", formatDateTime(p.createdAt)],
            ["Подтверждена", when(p.activatedAt)],
            ["Личность подтверждена через Госуслуги", when(p.identityVerifiedAt)],
            ["Учётную запись создал родитель", p.createdByParent],
            ["Нужно сменить временный пароль", yesNo(p.mustChangePassword)],
          ]}
        />
      </Section>

      <Section id="family" title="Семья" empty={data.family.length === 0}>
        <ul className="plain">
          {data.family.map((l, i) => (
            <li key={i}>
              {l.role === "parent" ? "Родитель" : "Ребёнок"}: {l.name}, кабинеты связаны {formatDateTime(l.linkedAt)}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="consents" title="Согласия на обработку персональных данных" empty={data.consents.length === 0}>
        <ul className="plain">
          {data.consents.map((c, i) => (
            <li key={i}>
              Согласие родителя {c.parentName} на обработку данных ребёнка {c.childName}: редакция от {formatDate(c.documentVersion)}, {METHOD[c.method]}, дано {formatDateTime(c.givenAt)}
              {c.ip || c.userAgent ? ` (адрес ${c.ip ?? "—"}, браузер ${c.userAgent ?? "—"})` : ""}
              {c.withdrawnAt ? `; отозвано ${formatDateTime(c.withdrawnAt)}${c.withdrawnIp ? ` (адрес ${c.withdrawnIp}, браузер ${c.withdrawnUserAgent ?? "—"})` : ""}` : "; действует"}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="diagnostics" title="Онлайн-диагностика" empty={data.diagnostics.length === 0}>
        <ul className="plain">
          {data.diagnostics.map((a, i) => {
            const result = (a.result ?? {}) as ResultLike;
            return (
              <li key={i}>
                <strong>{a.testTitle}</strong> (версия {a.testVersion}): начат {formatDateTime(a.startedAt)}, {a.finishedAt ? `завершён ${formatDateTime(a.finishedAt)}` : "не завершён"}
                {result.scales?.length ? (
                  <ul>
                    {result.scales.map((s, j) => (
                      <li key={j}>
                        {s.title ?? s.scale}: {s.percent === null || s.percent === undefined ? "нет ответов" : `${s.percent} из 100`}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {result.quiz ? (
                  <p className="small">
                    Верных ответов: {result.quiz.correct} из {result.quiz.total}
                  </p>
                ) : null}
                {a.answers.length ? <p className="small muted">Ответы: {a.answers.map((x) => `${x.itemId} — ${answerText(x.answer)}`).join("; ")}</p> : null}
              </li>
            );
          })}
        </ul>
      </Section>

      <Section id="trials" title="Профессиональные пробы" empty={data.trials.length === 0}>
        <ul className="plain">
          {data.trials.map((e, i) => (
            <li key={i}>
              <strong>«{e.trial.title}»</strong>, {e.trial.competency}, {TRIAL_LEVEL_LABELS[e.trial.level as keyof typeof TRIAL_LEVEL_LABELS] ?? e.trial.level},{" "}
              {TRIAL_FORMAT_LABELS[e.trial.format as keyof typeof TRIAL_FORMAT_LABELS] ?? e.trial.format}, {formatDateTime(e.trial.startsAt)}
              <br />
              Запись {formatDateTime(e.enrolledAt)}: {ENROLLMENT_STATUS[e.status] ?? e.status}
              {e.decidedAt ? `; решение ${formatDateTime(e.decidedAt)}${e.decidedBy ? ` (${e.decidedBy})` : ""}` : ""}
              {e.attendance ? `; посещение: ${ATTENDANCE[e.attendance]}` : ""}
              {e.mentorFeedback ? (
                <>
                  <br />
                  Отзыв наставника{e.mentorFeedback.mentorName ? ` (${e.mentorFeedback.mentorName})` : ""}: результат {e.mentorFeedback.performance} из 5, интерес {e.mentorFeedback.interest} из 5
                  {e.mentorFeedback.comment ? `, «${e.mentorFeedback.comment}»` : ""}
                </>
              ) : null}
              {e.rating ? (
                <>
                  <br />
                  Оценка пробы: {e.rating.rating} из 5{e.rating.comment ? `, «${e.rating.comment}»` : ""}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="plans" title="Индивидуальный учебный план" empty={data.studyPlans.length === 0}>
        <ul className="plain">
          {data.studyPlans.map((v) => {
            const plan = (v.plan ?? {}) as PlanLike;
            return (
              <li key={v.version}>
                <strong>Версия {v.version}</strong> от {formatDateTime(v.createdAt)}
                {plan.summary ? <p>{plan.summary}</p> : null}
                {plan.sections?.map((s, j) => (
                  <div key={j}>
                    <p className="small">
                      <strong>{s.title}</strong>
                    </p>
                    <ul className="small">
                      {s.items?.map((item, k) => (
                        <li key={k}>{item.text}</li>
                      ))}
                    </ul>
                  </div>
                ))}
              </li>
            );
          })}
        </ul>
      </Section>

      <Section id="notifications" title="Уведомления" empty={data.notifications.length === 0}>
        <ul className="plain">
          {data.notifications.map((n, i) => (
            <li key={i}>
              <strong>{n.title}</strong> — {formatDateTime(n.createdAt)}
              {n.readAt ? `, прочитано ${formatDateTime(n.readAt)}` : ", не прочитано"}
              {n.body ? <p className="small">{n.body}</p> : null}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="settings" title="Настройки уведомлений и устройства" empty={data.notificationSettings.preferences.length === 0 && data.notificationSettings.pushDevices.length === 0}>
        <ul className="plain">
          {data.notificationSettings.preferences.map((s, i) => (
            <li key={`p${i}`}>
              {s.kind}: по почте — {yesNo(s.email)}, push — {yesNo(s.push)} (изменено {formatDateTime(s.updatedAt)})
            </li>
          ))}
          {data.notificationSettings.pushDevices.map((d, i) => (
            <li key={`d${i}`}>
              Устройство для push-уведомлений: {d.userAgent ?? "—"}, подключено {formatDateTime(d.createdAt)}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="requests" title="Обращения" empty={data.requests.length === 0 && data.requestDrafts.length === 0}>
        <ul className="plain">
          {data.requests.map((r, i) => (
            <li key={i}>
              <strong>
                Обращение{r.number ? ` № ${r.number}` : ""}: {r.subject}
              </strong>{" "}
              — {formatDateTime(r.createdAt)}, {REQUEST_STATUS_NAMES[r.status as keyof typeof REQUEST_STATUS_NAMES] ?? r.status}
              <p className="small">
                {r.fullName}, {r.email}, {r.regionName}
              </p>
              <p className="small">{r.text}</p>
              {r.messages.length ? (
                <ul className="small">
                  {r.messages.map((m, j) => (
                    <li key={j}>
                      {MESSAGE_AUTHOR[m.author]}, {formatDateTime(m.createdAt)}: {m.text}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
          {data.requestDrafts.map((d, i) => (
            <li key={`d${i}`}>
              Незаконченное обращение по почте от {formatDateTime(d.createdAt)}:{" "}
              {Object.values(d.fields)
                .filter(Boolean)
                .join("; ")}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="invitations" title="Приглашения" empty={data.invitations.sent.length === 0 && data.invitations.received.length === 0}>
        <ul className="plain">
          {data.invitations.sent.map((i, k) => (
            <li key={`s${k}`}>
              Отправлено приглашение {i.inviteeRole === "parent" ? "родителю" : "ребёнку"}
              {i.inviteeEmail ? ` на адрес ${i.inviteeEmail}` : ""} {formatDateTime(i.createdAt)}: {INVITATION_STATE[i.state]}
              {i.acceptedBy ? ` (${i.acceptedBy}${i.acceptedAt ? `, ${formatDateTime(i.acceptedAt)}` : ""})` : ""}
              {i.sentCount > 1 ? `, отправлено раз: ${i.sentCount}` : ""}
            </li>
          ))}
          {data.invitations.received.map((i, k) => (
            <li key={`r${k}`}>
              Получено приглашение от пользователя {i.inviterName} {formatDateTime(i.createdAt)}: {INVITATION_STATE[i.state]}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="sessions" title="Сеансы входа" empty={data.sessions.length === 0}>
        <ul className="plain">
          {data.sessions.map((s, i) => (
            <li key={i}>
              {formatDateTime(s.createdAt)}, {METHOD[s.method]}, адрес {s.ip ?? "—"}, браузер {s.userAgent ?? "—"}; действует до {formatDateTime(s.expiresAt)}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="identities" title="Вход через Госуслуги" empty={data.identities.length === 0}>
        <ul className="plain">
          {data.identities.map((i, k) => (
            <li key={k}>
              {i.provider === "esia" ? "Госуслуги" : i.provider}: идентификатор {i.subject}, привязано {formatDateTime(i.createdAt)}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="links" title="Ссылки из писем" empty={data.emailLinks.length === 0}>
        <ul className="plain">
          {data.emailLinks.map((l, i) => (
            <li key={i}>
              {LINK_PURPOSE[l.purpose] ?? l.purpose}
              {l.newEmail ? ` (${l.newEmail})` : ""}: создана {formatDateTime(l.createdAt)}, {l.usedAt ? `использована ${formatDateTime(l.usedAt)}` : `действует до ${formatDateTime(l.expiresAt)}`}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="letters" title="Письма" empty={data.letters.length === 0}>
        <ul className="plain">
          {data.letters.map((l, i) => (
            <li key={i}>
              «{l.subject}» — {formatDateTime(l.createdAt)}, {LETTER_STATUS[l.status] ?? l.status}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="deletions" title="Запросы на удаление данных" empty={data.deletions.length === 0}>
        <ul className="plain">
          {data.deletions.map((d, i) => (
            <li key={i}>
              Запрос от {formatDateTime(d.requestedAt)}
              {d.requestedBy ? ` (${d.requestedBy})` : ""}: {DELETION_STATUS[d.status]}; срок — {formatDateTime(d.effectiveAt)}
              {d.cancelledAt ? `; отменён ${formatDateTime(d.cancelledAt)}${d.cancelledBy ? ` (${d.cancelledBy})` : ""}` : ""}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="activity" title="Журнал безопасности" empty={data.activity.length === 0}>
        <ul className="plain">
          {data.activity.map((a, i) => (
            <li key={i}>
              {formatDateTime(a.createdAt)}: {ACTIONS[a.action] ?? a.action}
              {a.own ? (a.ip ? `, адрес ${a.ip}` : "") : " (действие другого пользователя)"}
            </li>
          ))}
        </ul>
      </Section>

      {data.work ? (
        <Section id="work" title="Работа в проекте" empty={false}>
          <ul className="plain">
            {data.work.trialsMentored.map((t, i) => (
              <li key={`m${i}`}>
                Наставник пробы «{t.title}», {formatDateTime(t.startsAt)}; отзывов: {t.feedbackGiven}
              </li>
            ))}
            {data.work.trialsCreated.map((t, i) => (
              <li key={`c${i}`}>
                Создана проба «{t.title}», {formatDateTime(t.startsAt)}
              </li>
            ))}
            {data.work.testsUploaded.map((t, i) => (
              <li key={`t${i}`}>
                Загружен тест «{t.title}» (версия {t.version}), {formatDateTime(t.createdAt)}
              </li>
            ))}
            <li>Приглашений наставникам: {data.work.mentorInvitationsSent}</li>
            <li>Решений по обращениям: {data.work.requestsDecided}</li>
          </ul>
        </Section>
      ) : null}

      <Section id="not-included" title="Что не включено и почему" empty={false}>
        <ul>
          {data.notIncluded.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
