import { TRPCClientError } from "@trpc/client";
import { useEffect, useId, useRef, useState, type CSSProperties, type FormEvent, type KeyboardEvent } from "react";
import { trpc } from "~/lib/trpc";
import { REQUEST_FIELD_LABELS } from "@bilet/validators";

type FaqItem = Awaited<ReturnType<typeof trpc.requests.faq.query>>[number];
type Prefill = Awaited<ReturnType<typeof trpc.requests.prefill.query>>;
type SubmitResult = Awaited<ReturnType<typeof trpc.requests.submit.mutate>>;
type Missing = Extract<SubmitResult, { ok: false }>["missing"][number];
type FieldName = Missing["field"];
type Draft = Partial<Record<FieldName, string>>;

type Entry =
  | { id: number; kind: "user"; text: string }
  | { id: number; kind: "bot"; text: string }
  | { id: number; kind: "answers"; items: FaqItem[]; question: string; settled: boolean }
  | { id: number; kind: "sent"; number: number; signedIn: boolean };

type Mode = { kind: "question" } | { kind: "field"; field: FieldName; question: string } | { kind: "done" };


const MAX_LENGTH: Record<FieldName, number> = { regionCode: 3, fullName: 120, email: 254, subject: 200, text: 5000 };

const GREETING = "Здравствуйте! Напишите ваш вопрос — я поищу готовый ответ. Если он не подойдёт, передам вопрос специалисту.";
const NETWORK_ERROR = "Не получилось связаться с сервером. Проверьте подключение к интернету и попробуйте ещё раз.";
const errorText = (e: unknown) => (e instanceof TRPCClientError && /[а-яё]/i.test(e.message) ? e.message : NETWORK_ERROR);

const styles = {
  launcher: {
    position: "fixed",
    right: "1rem",
    bottom: "1rem",
    zIndex: 50,
    borderRadius: 999,
    minHeight: 48,
    padding: "0.7rem 1.1rem",
    boxShadow: "0 6px 18px rgba(0,0,0,0.22)",
  },
  panel: {
    position: "fixed",
    right: "1rem",
    bottom: "4.75rem",
    zIndex: 50,
    width: "min(400px, calc(100vw - 2rem))",
    maxHeight: "min(640px, calc(100dvh - 6rem))",
    display: "flex",
    flexDirection: "column",
    background: "var(--card)",
    border: "1px solid var(--line)",
    borderRadius: "var(--radius)",
    boxShadow: "0 12px 32px rgba(0,0,0,0.25)",
  },
  head: { display: "flex", alignItems: "center", gap: "0.5rem", padding: "0.6rem 0.75rem", borderBottom: "1px solid var(--line)" },
  log: { flex: "1 1 auto", overflowY: "auto", padding: "0.75rem" },
  list: { display: "grid", gap: "0.6rem", alignContent: "start", listStyle: "none", margin: 0, padding: 0 },
  bubble: { padding: "0.5rem 0.75rem", borderRadius: 10, whiteSpace: "pre-wrap", overflowWrap: "anywhere", maxWidth: "92%" },
  foot: { borderTop: "1px solid var(--line)", padding: "0.6rem 0.75rem", display: "grid", gap: "0.5rem" },
  answer: { border: "1px solid var(--line)", borderRadius: 8, padding: "0.5rem 0.75rem", margin: "0 0 0.5rem" },
} satisfies Record<string, CSSProperties>;

/**
 * The help bot on every page: answers from the knowledge base first; when
 * they do not help, it files a request, asking one by one for what the server
 * says is missing. Everything people wrote is shown as plain text.
 */
export function HelpBot() {
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [mode, setMode] = useState<Mode>({ kind: "question" });
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const draft = useRef<Draft>({});
  const prefill = useRef<Prefill | null>(null);
  const lastQuestion = useRef("");
  const nextId = useRef(1);
  const closeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement & HTMLTextAreaElement & HTMLSelectElement>(null);
  const logEnd = useRef<HTMLLIElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const inputId = useId();

  const push = (...items: DistributiveOmit<Entry, "id">[]) =>
    setEntries((current) => [...current, ...items.map((e) => ({ ...e, id: nextId.current++ }) as Entry)]);

  useEffect(() => {
    logEnd.current?.scrollIntoView?.({ block: "end" });
  }, [entries, mode]);

  useEffect(() => {
    if (!open) return;
    if (!busy && mode.kind !== "done") input.current?.focus();
    // The field goes away while the bot thinks or when it is done: keep the focus in the panel, so Escape still closes it.
    else if (!document.activeElement || document.activeElement === document.body) panel.current?.focus();
  }, [open, mode, busy]);

  useEffect(
    () => () => {
      if (closeTimer.current) clearTimeout(closeTimer.current);
    },
    [],
  );

  function reset() {
    if (closeTimer.current) clearTimeout(closeTimer.current);
    closeTimer.current = null;
    setEntries([]);
    setMode({ kind: "question" });
    setValue("");
    setError(null);
    draft.current = {};
    lastQuestion.current = "";
  }

  function close() {
    setOpen(false);
    // A finished conversation starts afresh next time; an unfinished one waits where it was.
    if (mode.kind === "done") reset();
    launcher.current?.focus();
  }

  function onPanelKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === "Escape") {
      e.stopPropagation();
      close();
    }
  }

  async function ask(question: string) {
    push({ kind: "user", text: question });
    lastQuestion.current = question;
    setBusy(true);
    setError(null);
    try {
      const items = await trpc.requests.faq.query({ q: question });
      if (items.length === 0) push({ kind: "bot", text: "Готового ответа на этот вопрос не нашлось. Можно задать его специалисту — кнопка ниже." });
      else push({ kind: "answers", items, question, settled: false });
      setValue("");
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  /** Sends what the bot has; the server answers with the first thing still missing or the request's number. */
  async function submit(next: Draft) {
    setBusy(true);
    setError(null);
    try {
      const sent = Object.fromEntries(Object.entries(next).filter(([, v]) => v && v.trim() !== "")) as Draft;
      const result = await trpc.requests.submit.mutate({ ...sent, channel: "chat" });
      if (result.ok) {
        const p = prefill.current;
        push({ kind: "sent", number: result.number, signedIn: Boolean(p && (p.email || p.fullName)) });
        setMode({ kind: "done" });
        setValue("");
        return;
      }
      const first = result.missing[0];
      if (!first) {
        setError(NETWORK_ERROR);
        return;
      }
      if (first.field === "regionCode" && regions.length === 0) setRegions(await trpc.reference.regions.query());
      push({ kind: "bot", text: first.question });
      setMode({ kind: "field", field: first.field, question: first.question });
      // An invalid value comes back for correction; a missing one starts empty.
      setValue(first.reason === "invalid" ? (next[first.field] ?? "") : "");
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function startRequest() {
    setBusy(true);
    setError(null);
    try {
      prefill.current ??= await trpc.requests.prefill.query();
    } catch {
      // Without the prefill the bot simply asks for everything.
      prefill.current = { fullName: null, email: null, regionCode: null };
    }
    const p = prefill.current;
    draft.current = {
      ...(p.fullName ? { fullName: p.fullName } : {}),
      ...(p.email ? { email: p.email } : {}),
      ...(p.regionCode ? { regionCode: p.regionCode } : {}),
      ...(lastQuestion.current ? { text: lastQuestion.current } : {}),
      ...draft.current,
    };
    push({ kind: "bot", text: "Передадим ваш вопрос специалисту. Уточню несколько сведений для обращения." });
    await submit(draft.current);
  }

  function settle(entryId: number) {
    setEntries((current) => current.map((e) => (e.id === entryId && e.kind === "answers" ? { ...e, settled: true } : e)));
  }

  function helped(entryId: number) {
    settle(entryId);
    push({ kind: "user", text: "Да, помогло" }, { kind: "bot", text: "Спасибо! Рады, что ответ помог." });
    setMode({ kind: "done" });
    closeTimer.current = setTimeout(() => {
      setOpen(false);
      reset();
      closeTimer.current = null;
    }, 1500);
  }

  function notHelped(entryId: number) {
    settle(entryId);
    push({ kind: "user", text: "Нет, не помогло" });
    void startRequest();
  }

  function onSend(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const text = value.trim();
    if (mode.kind === "question") {
      if (!text) return setError("Напишите вопрос, чтобы бот поискал ответ.");
      void ask(text);
      return;
    }
    if (mode.kind !== "field") return;
    if (!text) return setError(mode.field === "regionCode" ? "Выберите субъект РФ из списка." : "Это поле нужно заполнить.");
    const shown = mode.field === "regionCode" ? (regions.find((r) => r.code === text)?.name ?? text) : text;
    push({ kind: "user", text: shown });
    draft.current = { ...draft.current, [mode.field]: text };
    setValue("");
    void submit(draft.current);
  }

  const canAskSpecialist = mode.kind === "question" && !busy;

  return (
    <>
      <button
        ref={launcher}
        type="button"
        className="no-print"
        style={styles.launcher}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Задать вопрос
      </button>
      {open ? (
        <div id={panelId} ref={panel} tabIndex={-1} role="dialog" aria-label="Чат-бот помощи" style={{ ...styles.panel, outline: "none" }} onKeyDown={onPanelKey}>
          <div style={styles.head}>
            <strong style={{ marginRight: "auto" }}>Помощь</strong>
            <button type="button" className="secondary" style={{ padding: "0.3rem 0.7rem" }} onClick={close}>
              Свернуть
            </button>
          </div>
          <div style={styles.log} tabIndex={0} role="log" aria-live="polite" aria-label="Переписка с ботом">
            <ul style={styles.list}>
            <li style={{ ...styles.bubble, background: "#eef3ff" }}>{GREETING}</li>
            {entries.map((entry) => (
              <EntryView key={entry.id} entry={entry} onYes={() => helped(entry.id)} onNo={() => notHelped(entry.id)} onReset={reset} />
            ))}
            {busy ? (
              <li className="small muted" style={{ padding: "0 0.25rem" }}>
                Бот печатает…
              </li>
            ) : null}
            <li ref={logEnd} aria-hidden="true" />
            </ul>
          </div>
          {/* Hidden while the bot thinks, so the next question always comes with its own fresh field. */}
          {mode.kind === "done" || busy ? null : (
            <form style={styles.foot} onSubmit={onSend} aria-label={mode.kind === "question" ? "Вопрос боту" : "Ответ боту"}>
              {error ? (
                <div className="small" role="alert" style={{ color: "var(--bad)" }}>
                  {error}
                </div>
              ) : null}
              <div className="field">
                <label htmlFor={inputId}>{mode.kind === "question" ? "Ваш вопрос" : REQUEST_FIELD_LABELS[mode.field]}</label>
                {mode.kind === "field" && mode.field === "regionCode" ? (
                  <select id={inputId} ref={input} value={value} onChange={(e) => setValue(e.target.value)} disabled={busy}>
                    <option value="">Выберите из списка</option>
                    {regions.map((r) => (
                      <option key={r.code} value={r.code}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                ) : mode.kind === "field" && mode.field === "text" ? (
                  <textarea id={inputId} ref={input} rows={3} value={value} onChange={(e) => setValue(e.target.value)} maxLength={MAX_LENGTH.text} disabled={busy} />
                ) : (
                  <input
                    id={inputId}
                    ref={input}
                    type={mode.kind === "field" && mode.field === "email" ? "email" : "text"}
                    autoComplete={mode.kind === "field" ? (mode.field === "email" ? "email" : mode.field === "fullName" ? "name" : "off") : "off"}
                    value={value}
                    onChange={(e) => setValue(e.target.value)}
                    maxLength={mode.kind === "question" ? 300 : MAX_LENGTH[mode.field]}
                    disabled={busy}
                  />
                )}
              </div>
              <div style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
                <button type="submit" disabled={busy}>
                  Отправить
                </button>
                {canAskSpecialist ? (
                  <button type="button" className="secondary" onClick={() => void startRequest()}>
                    Задать вопрос специалисту
                  </button>
                ) : null}
              </div>
            </form>
          )}
        </div>
      ) : null}
    </>
  );
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function EntryView({ entry, onYes, onNo, onReset }: { entry: Entry; onYes(): void; onNo(): void; onReset(): void }) {
  switch (entry.kind) {
    case "user":
      return <li style={{ ...styles.bubble, background: "var(--brand)", color: "#fff", justifySelf: "end" }}>{entry.text}</li>;
    case "bot":
      return <li style={{ ...styles.bubble, background: "#eef3ff" }}>{entry.text}</li>;
    case "answers":
      return (
        <li>
          <p style={{ margin: "0 0 0.5rem" }}>{entry.items.length === 1 ? "Вот что нашлось:" : "Вот ответы, которые подходят лучше всего:"}</p>
          {entry.items.map((item) => (
            <article key={item.id} style={styles.answer} aria-label={item.question}>
              <p style={{ margin: "0 0 0.3rem", fontWeight: 600, overflowWrap: "anywhere" }}>{item.question}</p>
              <p className="small" style={{ margin: "0 0 0.4rem", whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {item.answer}
              </p>
              {item.link ? (
                <p style={{ margin: "0 0 0.4rem" }}>
                  <a href={item.link} aria-label={`Перейти: ${item.question}`}>
                    Перейти
                  </a>
                </p>
              ) : null}
              {entry.settled ? null : (
                <div role="group" aria-label={`Это помогло? ${item.question}`} style={{ display: "flex", flexWrap: "wrap", alignItems: "center", gap: "0.5rem" }}>
                  <span className="small">Это помогло?</span>
                  <button type="button" className="secondary" style={{ padding: "0.3rem 0.8rem" }} onClick={onYes}>
                    Да
                  </button>
                  <button type="button" className="secondary" style={{ padding: "0.3rem 0.8rem" }} onClick={onNo}>
                    Нет
                  </button>
                </div>
              )}
            </article>
          ))}
        </li>
      );
    case "sent":
      return (
        <li style={{ ...styles.bubble, background: "#f0faf3", color: "var(--ok)" }}>
          <span role="status">Обращение № {entry.number} отправлено.</span>{" "}
          {entry.signedIn ? (
            <>
              Ответ появится в разделе <a href="/requests">«Мои обращения»</a> и придёт на вашу почту.
            </>
          ) : (
            "Ответ придёт на email, который вы указали."
          )}
          <div style={{ marginTop: "0.5rem" }}>
            <button type="button" className="secondary" style={{ padding: "0.3rem 0.8rem" }} onClick={onReset}>
              Задать другой вопрос
            </button>
          </div>
        </li>
      );
  }
}
