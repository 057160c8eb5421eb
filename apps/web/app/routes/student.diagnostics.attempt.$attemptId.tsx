import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCClientError } from "@trpc/client";
import { useEffect, useRef, useState, type CSSProperties, type FormEvent, type MouseEvent } from "react";
import type { diagnostics } from "@bilet/core";
import { attempt } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { ActionMessage } from "~/components/action-message";
import { MatrixGame, SchulteGame, SequenceGame, type GameLogEvent } from "~/components/diagnostics";
import { trpc } from "~/lib/trpc";

type Answer = diagnostics.Answer;

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [{ title: `${d?.view.test.title ?? "Тест"} — Билет в будущее` }];

/** Shown when a test has no labels of its own (the same as the content package's defaults). */

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireRole(context, request, "student");
  const attemptId = params.attemptId ?? "";
  const view = await attempt(() => context.api.diagnostics.attempt({ attemptId }));
  if (!view.ok) throw data(view.formError, { status: view.status === 400 ? 404 : view.status });
  if (view.value.status === "finished") throw redirect(`/student/diagnostics/result/${attemptId}`);
  const url = new URL(request.url);
  const total = view.value.items.length;
  // ?at= and ?order= only come from the forms of this page sent without JavaScript.
  const at = Number(url.searchParams.get("at") ?? "NaN");
  const position = Number.isInteger(at) && at >= 0 && at <= total ? at : view.value.resumeAt;
  const order = url.searchParams.get("order")?.split(",") ?? null;
  return { view: view.value, position, order, saved: url.searchParams.has("saved") };
}

type Fail = { formError: string; message: null };
const fail = (formError: string, status: number) => data<Fail>({ formError, message: null }, { status });

/**
 * The page's forms without JavaScript: an answer (then the next item), a move
 * of a ranking option, and «Завершить тест». With JavaScript answers go
 * through the browser's tRPC client and only «Завершить тест» comes here.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  requireRole(context, request, "student");
  const attemptId = params.attemptId ?? "";
  const base = `/student/diagnostics/attempt/${attemptId}`;
  const form = await request.formData().catch(() => new FormData());
  const text = (key: string) => {
    const v = form.get(key);
    return typeof v === "string" ? v : "";
  };
  const values = form.getAll("answer").filter((v): v is string => typeof v === "string");
  const at = Math.max(0, Number.parseInt(text("at"), 10) || 0);

  if (text("intent") === "finish") {
    const done = await attempt(() => context.api.diagnostics.finish({ attemptId }));
    if (!done.ok) return fail(done.formError, done.status);
    return redirect(`/student/diagnostics/result/${attemptId}`);
  }
  const move = /^(\d+):(up|down)$/.exec(text("move"));
  if (move) {
    const i = Number(move[1]);
    const j = move[2] === "up" ? i - 1 : i + 1;
    const order = [...values];
    if (i < order.length && j >= 0 && j < order.length) [order[i], order[j]] = [order[j]!, order[i]!];
    return redirect(`${base}?at=${at}&order=${encodeURIComponent(order.join(","))}`);
  }
  if (text("intent") !== "answer") return fail("Не понятно, что сделать: обнови страницу и попробуй ещё раз", 400);
  const kind = text("kind");
  if (values.length === 0) return fail(kind === "multiple" ? "Выбери хотя бы один вариант" : "Выбери ответ, чтобы перейти дальше", 400);
  const answer = kind === "likert" ? Number(values[0]) : kind === "multiple" || kind === "ranking" ? values : values[0]!;
  const saved = await attempt(() => context.api.diagnostics.answer({ attemptId, itemId: text("itemId"), answer }));
  if (!saved.ok) return fail(saved.formError, saved.status);
  return redirect(`${base}?at=${at + 1}&saved=1`);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = Data["view"]["items"][number];
type GameItem = Extract<Item, { kind: "game" }>;
type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "error"; message: string };

const FALLBACK_ERROR = "Ответ не сохранился: проверь подключение к интернету и попробуй ещё раз.";
const errorText = (e: unknown) => (e instanceof TRPCClientError && /[а-яё]/i.test(e.message) ? e.message : FALLBACK_ERROR);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const choiceStyle = (checked: boolean, big = false): CSSProperties => ({
  display: "flex",
  alignItems: "center",
  gap: "0.75rem",
  minHeight: big ? 64 : 44,
  padding: big ? "0.9rem 1rem" : "0.5rem 0.85rem",
  margin: "0 0 0.5rem",
  border: `${checked ? 2 : 1}px solid ${checked ? "var(--brand)" : "#b8c0cf"}`,
  borderRadius: 8,
  background: checked ? "#eef3ff" : "#fff",
  cursor: "pointer",
  fontWeight: 400,
  overflowWrap: "anywhere",
});
const inputStyle: CSSProperties = { width: 20, height: 20, flex: "none", margin: 0 };
const fieldsetStyle: CSSProperties = { border: 0, padding: 0, margin: 0, minWidth: 0 };
const legendStyle: CSSProperties = { fontSize: "1.1rem", fontWeight: 600, padding: 0, marginBottom: "0.75rem" };

/** Which ranking order to show first: the saved one, the one sent without JavaScript, or the options as written. */
function initialOrder(item: Extract<Item, { kind: "ranking" }>, saved: Answer | undefined, fromUrl: string[] | null): string[] {
  const ids = item.options.map((o) => o.id);
  const valid = (xs: unknown): xs is string[] => Array.isArray(xs) && xs.length === ids.length && ids.every((id) => xs.includes(id));
  if (valid(fromUrl)) return fromUrl;
  if (valid(saved)) return saved;
  return ids;
}

export default function AttemptPage() {
  const d = useLoaderData<typeof loader>();
  return <TakeTest key={d.view.attemptId} {...d} />;
}

/** One item per screen; every answer is saved the moment it is given, so a student who leaves comes back to the same item. */
function TakeTest({ view, position, order: orderFromUrl, saved }: Data) {
  const total = view.items.length;
  const [index, setIndex] = useState(position);
  const [answers, setAnswers] = useState<Record<string, Answer>>(view.answers as Record<string, Answer>);
  const [drafts, setDrafts] = useState<Record<string, Answer>>({});
  const [save, setSave] = useState<SaveState>(saved ? { kind: "saved" } : { kind: "idle" });
  const [gameRun, setGameRun] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pointer = useRef(false);
  const changes = useRef(0);
  const indexRef = useRef(index);
  indexRef.current = index;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();

  const item = view.items[index];
  const answered = view.items.filter((i) => answers[i.id] !== undefined).length;
  const unanswered = view.items.findIndex((i) => answers[i.id] === undefined);

  useEffect(() => {
    // A new item: take the student (and a screen reader) to its heading.
    if (moved.current) heading.current?.focus();
  }, [index]);

  function goTo(i: number) {
    moved.current = true;
    setIndex(Math.max(0, Math.min(total, i)));
  }

  /** Saves one answer through tRPC; saves run one after another so that the last one given is the one kept. */
  function persist(itemId: string, answer: Answer): Promise<boolean> {
    setSave({ kind: "saving" });
    const run = queue.current.then(async () => {
      try {
        await trpc.diagnostics.answer.mutate({ attemptId: view.attemptId, itemId, answer });
        setAnswers((a) => ({ ...a, [itemId]: answer }));
        setSave({ kind: "saved" });
        return true;
      } catch (e) {
        setSave({ kind: "error", message: errorText(e) });
        return false;
      }
    });
    queue.current = run;
    return run;
  }

  const valueOf = (it: Item): Answer | undefined => drafts[it.id] ?? answers[it.id];
  const setDraft = (it: Item, v: Answer) => setDrafts((x) => ({ ...x, [it.id]: v }));

  /** A radio answer is saved at once; a click or tap also moves on, a key press (arrows) does not. */
  function choose(it: Item, v: Answer) {
    setDraft(it, v);
    const viaPointer = pointer.current;
    pointer.current = false;
    const seq = ++changes.current;
    const at = index;
    void persist(it.id, v).then((ok) => {
      if (ok && viaPointer) setTimeout(() => changes.current === seq && at === indexRef.current && goTo(at + 1), 250);
    });
  }
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!item) return;
    const v = item.kind === "ranking" ? (valueOf(item) ?? initialOrder(item, undefined, index === position ? orderFromUrl : null)) : valueOf(item);
    if (v === undefined || (Array.isArray(v) && v.length === 0)) {
      setSave({ kind: "error", message: item.kind === "multiple" ? "Выбери хотя бы один вариант" : "Выбери ответ, чтобы перейти дальше" });
      return;
    }
    if (same(v, answers[item.id])) return goTo(index + 1);
    changes.current++;
    void persist(item.id, v).then((ok) => ok && goTo(index + 1));
  }

  function back(e: MouseEvent<HTMLAnchorElement>) {
    e.preventDefault();
    goTo(index - 1);
  }

  const status = save.kind === "saving" ? "Сохраняем…" : save.kind === "saved" && !result?.formError ? "Сохранено" : "";
  const finishing = navigation.state !== "idle" && navigation.formData?.get("intent") === "finish";

  return (
    <>
      <p>
        <Link to="/student/diagnostics">← Все тесты</Link>
      </p>
      <h1>{view.test.title}</h1>
      {index === 0 ? (
        <p className="lead">{view.test.instructions}</p>
      ) : (
        <details style={{ margin: "0 0 1rem" }}>
          <summary style={{ cursor: "pointer", padding: "0.5rem 0" }}>Инструкция</summary>
          <p>{view.test.instructions}</p>
        </details>
      )}

      <div style={{ margin: "0 0 1rem" }}>
        <p id="progress-text" className="small" style={{ margin: "0 0 0.25rem" }}>
          Отвечено {answered} из {total}
        </p>
        <progress aria-labelledby="progress-text" max={total} value={answered} style={{ width: "100%", height: 12 }} />
        <p role="status" aria-live="polite" className="small" style={{ minHeight: "1.5em", margin: "0.25rem 0 0", color: "var(--ok)" }}>
          {status}
        </p>
      </div>
      {save.kind === "error" ? (
        <div className="alert error" role="alert">
          {save.message}
        </div>
      ) : null}
      <ActionMessage result={result} />

      {item ? (
        <section className="card" aria-labelledby="item-heading">
          <h2 id="item-heading" ref={heading} tabIndex={-1} style={{ marginTop: 0, outline: "none" }}>
            Вопрос {index + 1} из {total}
          </h2>
          {item.kind === "game" ? (
            <GameStep
              key={`${item.id}:${gameRun}`}
              item={item}
              done={answers[item.id] !== undefined}
              save={save}
              onFinish={(log) => void persist(item.id, log)}
              onAgain={() => {
                setSave({ kind: "idle" });
                setGameRun((n) => n + 1);
              }}
              onNext={() => goTo(index + 1)}
            />
          ) : (
            <Form method="post" onSubmit={onSubmit} onPointerDown={() => (pointer.current = true)} onKeyDown={() => (pointer.current = false)}>
              <input type="hidden" name="intent" value="answer" />
              <input type="hidden" name="itemId" value={item.id} />
              <input type="hidden" name="kind" value={item.kind} />
              <input type="hidden" name="at" value={index} />
              <ItemFields
                item={item}
                value={valueOf(item)}
                likertLabels={view.test.likertLabels}
                fromUrl={index === position ? orderFromUrl : null}
                onChoose={(v) => choose(item, v)}
                onDraft={(v) => setDraft(item, v)}
              />
              <div className="actions">
                <button type="submit">Дальше</button>
                {index > 0 ? (
                  <Link className="button secondary" to={`?at=${index - 1}`} onClick={back}>
                    Назад
                  </Link>
                ) : null}
              </div>
            </Form>
          )}
          {item.kind === "game" && index > 0 ? (
            <p>
              <Link className="button secondary" to={`?at=${index - 1}`} onClick={back}>
                Назад
              </Link>
            </p>
          ) : null}
        </section>
      ) : (
        <section className="card" aria-labelledby="item-heading">
          <h2 id="item-heading" ref={heading} tabIndex={-1} style={{ marginTop: 0, outline: "none" }}>
            {unanswered === -1 ? "Все ответы сохранены" : "Остались вопросы без ответа"}
          </h2>
          {unanswered === -1 ? (
            <p>Можно вернуться и изменить ответы или завершить тест и сразу увидеть результат.</p>
          ) : (
            <p>
              Без ответа: {total - answered}.{" "}
              <Link to={`?at=${unanswered}`} onClick={(e) => (e.preventDefault(), goTo(unanswered))}>
                Перейти к вопросу {unanswered + 1}
              </Link>
            </p>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="finish" />
            <div className="actions">
              <button type="submit" disabled={finishing}>
                {finishing ? "Считаем результат…" : "Завершить тест"}
              </button>
              <Link className="button secondary" to={`?at=${total - 1}`} onClick={back}>
                Назад
              </Link>
            </div>
          </Form>
        </section>
      )}
      <p className="small muted">Можно закрыть страницу: ответы сохранены, тест продолжится с того же места.</p>
    </>
  );
}

function ItemFields({
  item,
  value,
  likertLabels,
  fromUrl,
  onChoose,
  onDraft,
}: {
  item: Exclude<Item, GameItem>;
  value: Answer | undefined;
  likertLabels: readonly string[];
  fromUrl: string[] | null;
  onChoose(v: Answer): void;
  onDraft(v: Answer): void;
}) {
  switch (item.kind) {
    case "likert":
      return (
        <fieldset style={fieldsetStyle}>
          <legend style={legendStyle}>{item.text}</legend>
          {likertLabels.map((label, i) => (
            <label key={i} style={choiceStyle(value === i + 1)}>
              <input type="radio" name="answer" value={i + 1} checked={value === i + 1} onChange={() => onChoose(i + 1)} style={inputStyle} />
              {label}
            </label>
          ))}
        </fieldset>
      );
    case "forced":
      return (
        <fieldset style={fieldsetStyle}>
          <legend style={legendStyle}>{item.text ?? "Что тебе ближе?"}</legend>
          {(["a", "b"] as const).map((side) => (
            <label key={side} style={choiceStyle(value === side, true)}>
              <input type="radio" name="answer" value={side} checked={value === side} onChange={() => onChoose(side)} style={inputStyle} />
              {item[side].text}
            </label>
          ))}
        </fieldset>
      );
    case "single":
      return (
        <fieldset style={fieldsetStyle}>
          <legend style={legendStyle}>{item.text}</legend>
          {item.options.map((o) => (
            <label key={o.id} style={choiceStyle(value === o.id)}>
              <input type="radio" name="answer" value={o.id} checked={value === o.id} onChange={() => onChoose(o.id)} style={inputStyle} />
              {o.text}
            </label>
          ))}
        </fieldset>
      );
    case "multiple": {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <fieldset style={fieldsetStyle} aria-describedby={`hint-${item.id}`}>
          <legend style={legendStyle}>{item.text}</legend>
          <p id={`hint-${item.id}`} className="small muted" style={{ marginTop: 0 }}>
            Можно выбрать несколько вариантов, потом нажми «Дальше».
          </p>
          {item.options.map((o) => {
            const on = chosen.includes(o.id);
            return (
              <label key={o.id} style={choiceStyle(on)}>
                <input
                  type="checkbox"
                  name="answer"
                  value={o.id}
                  checked={on}
                  onChange={() => onDraft(on ? chosen.filter((c) => c !== o.id) : item.options.map((x) => x.id).filter((x) => x === o.id || chosen.includes(x)))}
                  style={inputStyle}
                />
                {o.text}
              </label>
            );
          })}
        </fieldset>
      );
    }
    case "ranking":
      return <Ranking item={item} order={initialOrder(item, value, fromUrl)} onDraft={onDraft} />;
  }
}

/** Options put in order with «Выше» / «Ниже»; the focus stays on the moved option. */
function Ranking({ item, order, onDraft }: { item: Extract<Item, { kind: "ranking" }>; order: string[]; onDraft(v: string[]): void }) {
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());
  const [focusNext, setFocusNext] = useState<string | null>(null);
  const textOf = (id: string) => item.options.find((o) => o.id === id)?.text ?? id;

  useEffect(() => {
    if (focusNext) buttons.current.get(focusNext)?.focus();
  }, [focusNext, order]);

  function move(e: MouseEvent<HTMLButtonElement>, i: number, dir: -1 | 1) {
    e.preventDefault();
    const j = i + dir;
    if (j < 0 || j >= order.length) return;
    const next = [...order];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onDraft(next);
    const id = order[i]!;
    const keep = (dir === -1 && j > 0) || (dir === 1 && j < order.length - 1);
    setFocusNext(`${id}:${keep ? (dir === -1 ? "up" : "down") : dir === -1 ? "down" : "up"}`);
  }

  const small: CSSProperties = { minWidth: 44, minHeight: 44, padding: "0.4rem 0.6rem" };
  return (
    <fieldset style={fieldsetStyle} aria-describedby={`hint-${item.id}`}>
      <legend style={legendStyle}>{item.text}</legend>
      <p id={`hint-${item.id}`} className="small muted" style={{ marginTop: 0 }}>
        Расставь варианты по порядку: первым — самый подходящий. Кнопки «Выше» и «Ниже» меняют место, потом нажми «Дальше».
      </p>
      <ol aria-label="Порядок вариантов" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {order.map((id, i) => (
          <li key={id} style={{ ...choiceStyle(false), cursor: "default", justifyContent: "space-between" }}>
            <input type="hidden" name="answer" value={id} />
            <span style={{ minWidth: 0 }}>
              <strong>{i + 1}.</strong> {textOf(id)}
            </span>
            <span style={{ display: "flex", gap: "0.4rem", flex: "none" }}>
              <button
                ref={(el) => void buttons.current.set(`${id}:up`, el)}
                type="submit"
                name="move"
                value={`${i}:up`}
                className="secondary"
                style={{ ...small, opacity: i === 0 ? 0.4 : 1 }}
                disabled={i === 0}
                aria-label={`Выше: ${textOf(id)}`}
                onClick={(e) => move(e, i, -1)}
              >
                ↑
              </button>
              <button
                ref={(el) => void buttons.current.set(`${id}:down`, el)}
                type="submit"
                name="move"
                value={`${i}:down`}
                className="secondary"
                style={{ ...small, opacity: i === order.length - 1 ? 0.4 : 1 }}
                disabled={i === order.length - 1}
                aria-label={`Ниже: ${textOf(id)}`}
                onClick={(e) => move(e, i, 1)}
              >
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
    </fieldset>
  );
}

/** A timed game: played in the browser, its event log saved when it ends; the server scores the log. */
function GameStep({
  item,
  done,
  save,
  onFinish,
  onAgain,
  onNext,
}: {
  item: GameItem;
  done: boolean;
  save: SaveState;
  onFinish(log: GameLogEvent[]): void;
  onAgain(): void;
  onNext(): void;
}) {
  const [played, setPlayed] = useState(false);
  const next = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (done && played) next.current?.focus();
  }, [done, played]);

  if (done && (played || save.kind !== "error")) {
    return (
      <>
        <p>{played ? "Игра окончена, результат сохранён." : "Эта игра уже пройдена, результат сохранён."}</p>
        <button ref={next} type="button" onClick={onNext}>
          Дальше
        </button>
      </>
    );
  }
  const finish = (log: GameLogEvent[]) => {
    setPlayed(true);
    onFinish(log);
  };
  const p = item.puzzle;
  return (
    <>
      {item.text ? <p>{item.text}</p> : null}
      <noscript>
        <p className="alert info">Для игры нужен JavaScript: включи его в браузере и обнови страницу.</p>
      </noscript>
      {played && save.kind === "error" ? (
        <p>
          <button type="button" onClick={onAgain}>
            Сыграть ещё раз
          </button>
        </p>
      ) : played ? (
        <p className="muted">Сохраняем результат игры…</p>
      ) : p.kind === "schulte" ? (
        <SchulteGame puzzle={p} timeLimitSeconds={item.timeLimitSeconds} onFinish={finish} />
      ) : p.kind === "sequence" ? (
        <SequenceGame puzzle={p} timeLimitSeconds={item.timeLimitSeconds} onFinish={finish} />
      ) : (
        <MatrixGame puzzle={p} timeLimitSeconds={item.timeLimitSeconds} onFinish={finish} />
      )}
    </>
  );
}
