import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { attempt, formFields } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { ActionMessage } from "~/components/action-message";
import { formatDateTime } from "~/lib/format";
import { STATUS_TONE } from "~/lib/requests";
import { REQUEST_CHANNEL_NAMES, TRIAGE_DECISION_LABELS } from "@bilet/validators";

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d ? `Обращение № ${d.request.number}` : "Обращение"} — Билет в будущее` }];

const AUTHOR: Record<string, string> = { user: "Автор обращения", staff: "Оператор проекта", system: "Платформа" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "staff");
  const found = await attempt(() => context.api.requests.byId({ id: params.requestId ?? "" }));
  if (!found.ok) throw data(found.formError, { status: found.status === 400 ? 404 : found.status });
  return { request: found.value };
}

const MESSAGES: Record<string, string> = {
  decide: "Решение сохранено.",
  assign: "Обращение взято в работу.",
  reply: "Ответ отправлен автору на почту и добавлен в переписку.",
  close: "Обращение закрыто.",
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  requireRole(context, request, "staff");
  const id = params.requestId ?? "";
  const f = await formFields(request);
  const intent = f.intent ?? "";
  const result = await attempt<unknown>(async () => {
    switch (intent) {
      case "decide":
        return context.api.requests.decide({ id, decision: f.decision as never, reason: (f.reason ?? "").trim() });
      case "assign":
        return context.api.requests.assign({ id });
      case "reply":
        return context.api.requests.reply({ id, text: (f.text ?? "").trim() });
      case "close":
        return context.api.requests.close({ id });
      default:
        throw data("Неизвестное действие", { status: 400 });
    }
  });
  if (!result.ok) return data({ intent, formError: result.formError, fieldErrors: result.fieldErrors, message: null, values: f }, { status: result.status });
  return { intent, formError: null, fieldErrors: {} as Record<string, string>, message: MESSAGES[intent] ?? null, values: {} as Record<string, string> };
}

/** One request: its text as plain text, the triage decision with its rule, the staff decision, work on it and the conversation. */
export default function StaffRequest() {
  const { request: r } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const errorsFor = (intent: string) => (result?.intent === intent ? result.fieldErrors : {});
  const kept = (intent: string, key: string) => (result?.intent === intent && result.formError ? result.values[key] : undefined);
  const replyForm = useRef<HTMLFormElement>(null);
  const decideForm = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (result?.message && result.intent === "reply") replyForm.current?.reset();
    if (result?.message && result.intent === "decide") decideForm.current?.reset();
  }, [result]);

  const open = r.status !== "closed";
  const answered = r.status === "answered" || r.status === "closed";
  const canAssign = r.decision === "accept" && (r.status === "new" || r.status === "in_progress");
  const canReply = r.decision === "accept" && open;
  const reasonError = errorsFor("decide").reason;
  const textError = errorsFor("reply").text;
  // The request's text is stored as the first message too; the conversation shows what came after it.
  const conversation = r.messages[0]?.author === "user" && r.messages[0].text === r.text ? r.messages.slice(1) : r.messages;

  return (
    <>
      <p>
        <Link to="/staff/requests">← Все обращения</Link>
      </p>
      <h1 style={{ overflowWrap: "anywhere" }}>
        Обращение № {r.number}: {r.subject}
      </h1>
      <p>
        <span className={`status ${STATUS_TONE[r.status] ?? "off"}`}>{r.statusName}</span>
      </p>
      <ActionMessage result={result} />

      <section className="card" aria-labelledby="request-title">
        <h2 id="request-title" style={{ marginTop: 0 }}>
          Обращение
        </h2>
        <dl className="facts">
          <dt>Получено</dt>
          <dd>{formatDateTime(r.createdAt)}</dd>
          <dt>Канал</dt>
          <dd>{REQUEST_CHANNEL_NAMES[r.channel]}</dd>
          <dt>Субъект РФ</dt>
          <dd>{r.regionName}</dd>
          <dt>Фамилия и имя</dt>
          <dd>{r.fullName}</dd>
          <dt>Email</dt>
          <dd>{r.email}</dd>
          <dt>Тема</dt>
          <dd>{r.subject}</dd>
        </dl>
        <h3 style={{ fontSize: "1rem", margin: "1rem 0 0.4rem" }}>Суть обращения</h3>
        {/* Plain text only: whatever a letter or the chat contained is never rendered as HTML. */}
        <div className="mail-body" style={{ background: "var(--bg)", padding: "0.75rem", borderRadius: 8 }}>
          {r.text}
        </div>
      </section>

      <section className="card" aria-labelledby="decision-title">
        <h2 id="decision-title" style={{ marginTop: 0 }}>
          Решение по обращению
        </h2>
        <p>
          <strong>{r.decisionName}</strong>
          {r.decidedByName ? <span className="muted"> — решение оператора: {r.decidedByName}</span> : <span className="muted"> — автоматическая проверка</span>}
        </p>
        {r.decisionReason ? (
          <p className="mail-body">
            <span className="muted">Причина: </span>
            {r.decisionReason}
          </p>
        ) : null}
        <dl className="facts">
          <dt>Правило проверки</dt>
          <dd>
            <code>{r.triageRule}</code>
          </dd>
          <dt>Пояснение</dt>
          <dd>{r.triageExplanation}</dd>
        </dl>
        {answered ? (
          <p className="small muted">На обращение уже ответили: решение не меняется.</p>
        ) : (
          <Form method="post" className="stack" style={{ marginTop: "1rem" }} ref={decideForm} aria-label="Подтвердить или изменить решение">
            <input type="hidden" name="intent" value="decide" />
            <div className="field">
              <label htmlFor="field-decision">Решение</label>
              <select id="field-decision" name="decision" defaultValue={kept("decide", "decision") ?? r.decision} required>
                {Object.entries(TRIAGE_DECISION_LABELS).map(([value, name]) => (
                  <option key={value} value={value}>
                    {name}
                  </option>
                ))}
              </select>
              <span className="hint">Любое решение, кроме «Принято к рассмотрению», оставляет обращение без ответа с этой причиной.</span>
            </div>
            <div className="field">
              <label htmlFor="field-reason">Причина решения</label>
              <textarea
                id="field-reason"
                name="reason"
                rows={3}
                required
                defaultValue={kept("decide", "reason")}
                aria-invalid={reasonError ? true : undefined}
                aria-describedby={reasonError ? "field-reason-error" : undefined}
              />
              {reasonError ? (
                <span id="field-reason-error" className="error">
                  {reasonError}
                </span>
              ) : null}
            </div>
            <div className="actions" style={{ margin: 0 }}>
              <button type="submit" disabled={busy("decide")}>
                {busy("decide") ? "Сохраняем…" : "Сохранить решение"}
              </button>
            </div>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="work-title">
        <h2 id="work-title" style={{ marginTop: 0 }}>
          Работа с обращением
        </h2>
        <div className="actions">
          {canAssign ? (
            <Form method="post">
              <input type="hidden" name="intent" value="assign" />
              <button type="submit" className="secondary" disabled={busy("assign")}>
                Взять в работу
              </button>
            </Form>
          ) : null}
          {open ? (
            <Form method="post">
              <input type="hidden" name="intent" value="close" />
              <button type="submit" className="secondary" disabled={busy("close")}>
                Закрыть
              </button>
            </Form>
          ) : null}
        </div>
        {canReply ? (
          <Form method="post" className="stack" ref={replyForm} aria-label="Ответ на обращение">
            <input type="hidden" name="intent" value="reply" />
            <div className="field">
              <label htmlFor="field-text">Ответ</label>
              <textarea
                id="field-text"
                name="text"
                rows={6}
                required
                defaultValue={kept("reply", "text")}
                aria-invalid={textError ? true : undefined}
                aria-describedby={textError ? "field-text-error" : "field-text-hint"}
              />
              <span id="field-text-hint" className="hint">
                Ответ уйдёт автору на почту{r.channel === "chat" ? " и появится в кабинете автора, если обращение отправлено после входа" : ""}.
              </span>
              {textError ? (
                <span id="field-text-error" className="error">
                  {textError}
                </span>
              ) : null}
            </div>
            <div className="actions" style={{ margin: 0 }}>
              <button type="submit" disabled={busy("reply")}>
                {busy("reply") ? "Отправляем…" : "Отправить ответ"}
              </button>
            </div>
          </Form>
        ) : (
          <p className="small muted">{open ? "Ответить можно на обращение, принятое к рассмотрению." : "Обращение закрыто."}</p>
        )}
      </section>

      <section className="card" aria-labelledby="conversation-title">
        <h2 id="conversation-title" style={{ marginTop: 0 }}>
          Переписка
        </h2>
        {conversation.length === 0 ? (
          <p className="muted">Ответов пока нет.</p>
        ) : (
          <ol style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Сообщения по обращению">
            {conversation.map((m) => (
              <li key={m.id} style={{ padding: "0.6rem 0", borderTop: "1px solid var(--line)" }}>
                <div className="small">
                  <strong>{AUTHOR[m.author] ?? m.author}</strong> <span className="muted">{formatDateTime(m.createdAt)}</span>
                </div>
                <div className="mail-body">{m.text}</div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
