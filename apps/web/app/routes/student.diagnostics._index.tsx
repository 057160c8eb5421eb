import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { attempt, formFields } from "~/.server/forms";
import { requireRole } from "~/.server/session";
import { ActionMessage } from "~/components/action-message";
import { formatDate } from "~/lib/format";

export const meta: MetaFunction = () => [{ title: "Онлайн-диагностика — Билет в будущее" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, "student");
  const [catalogue, results] = await Promise.all([attempt(() => context.api.diagnostics.catalogue()), attempt(() => context.api.diagnostics.results({ studentId: user.id }))]);
  if (!catalogue.ok) throw data(catalogue.formError, { status: catalogue.status });
  return { tests: catalogue.value, results: results.ok ? results.value : [] };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireRole(context, request, "student");
  const f = await formFields(request);
  if (f.intent !== "start") return data({ formError: "Не понятно, что сделать: обнови страницу и попробуй ещё раз", message: null }, { status: 400 });
  const started = await attempt(() => context.api.diagnostics.start({ testId: f.testId ?? "" }));
  // A malformed id fails the input check: say «Тест не найден», not «проверьте форму».
  if (!started.ok) return data({ formError: started.fieldErrors.testId ?? started.formError, message: null }, { status: started.status === 400 && started.fieldErrors.testId ? 404 : started.status });
  return redirect(`/student/diagnostics/attempt/${started.value.attemptId}`);
}

function plural(n: number, forms: readonly [string, string, string]): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return forms[0];
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return forms[1];
  return forms[2];
}

/** «40 вопросов», «1 игра», «12 вопросов и 1 игра». */
function sizeOf(items: number, games: number): string {
  const questions = items - games;
  const parts = [
    questions > 0 ? `${questions} ${plural(questions, ["вопрос", "вопроса", "вопросов"])}` : null,
    games > 0 ? `${games} ${plural(games, ["игра", "игры", "игр"])}` : null,
  ].filter(Boolean);
  return parts.join(" и ");
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["tests"][number];

function StateLine({ t }: { t: Entry }) {
  if (t.state === "in_progress") {
    return (
      <span className="status wait">
        в процессе: {t.answered} из {t.items}
      </span>
    );
  }
  if (t.state === "finished" && t.lastFinishedAt) return <span className="status ok">пройден {formatDate(t.lastFinishedAt)}</span>;
  return <span className="status off">не начат</span>;
}

function StartForm({ t, label, secondary }: { t: Entry; label: string; secondary?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="start" />
      <input type="hidden" name="testId" value={t.testId} />
      <button type="submit" className={secondary ? "secondary" : undefined} aria-label={`${label}: ${t.title}`}>
        {label}
      </button>
    </Form>
  );
}

/** The student's tests of their grade by category, with progress, and their finished results. */
export default function DiagnosticsCatalogue() {
  const { tests, results } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const groups = new Map<string, Entry[]>();
  for (const t of tests) groups.set(t.categoryName, [...(groups.get(t.categoryName) ?? []), t]);
  return (
    <>
      <p>
        <Link to="/student">← Личный кабинет</Link>
      </p>
      <h1>Онлайн-диагностика</h1>
      <p className="lead">Тесты и игры помогут понять, что тебе интересно и что у тебя получается. Ответы сохраняются сразу: тест можно закрыть и продолжить потом.</p>
      <ActionMessage result={result} />
      <p>
        <Link className="button secondary" to="/student/diagnostics/profile">
          Мой профиль интересов
        </Link>
      </p>

      {tests.length === 0 ? <p className="muted">Для твоего класса тестов пока нет.</p> : null}
      {[...groups].map(([category, list]) => (
        <section key={category} aria-labelledby={`cat-${list[0]!.category}`}>
          <h2 id={`cat-${list[0]!.category}`}>{category[0]!.toUpperCase() + category.slice(1)}</h2>
          <ul className="plain" aria-label={`Тесты: ${category}`}>
            {list.map((t) => (
              <li key={t.testId} className="card">
                <h3 style={{ margin: "0 0 0.25rem" }}>{t.title}</h3>
                <p className="small muted" style={{ margin: "0 0 0.5rem" }}>
                  {t.minutes} мин · {sizeOf(t.items, t.games)}
                </p>
                <p style={{ margin: "0 0 0.5rem" }}>{t.description}</p>
                <p style={{ margin: 0 }}>
                  <StateLine t={t} />
                </p>
                <div className="actions" style={{ alignItems: "center" }}>
                  {t.state === "not_started" ? <StartForm t={t} label="Начать" /> : null}
                  {t.state === "in_progress" ? <StartForm t={t} label="Продолжить" /> : null}
                  {t.state === "finished" && t.attemptId ? (
                    <>
                      <Link className="button" to={`/student/diagnostics/result/${t.attemptId}`} aria-label={`Смотреть результат: ${t.title}`}>
                        Смотреть результат
                      </Link>
                      {t.retakeFrom ? <span className="small muted">Пройти ещё раз можно с {formatDate(t.retakeFrom)}</span> : <StartForm t={t} label="Пройти ещё раз" secondary />}
                    </>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}

      <section className="card" aria-labelledby="results-title" style={{ marginTop: "1.5rem" }}>
        <h2 id="results-title">Мои результаты</h2>
        {results.length === 0 ? (
          <p className="muted">Пройденных тестов пока нет. Начни с любого теста выше.</p>
        ) : (
          <ul className="plain" aria-label="Пройденные тесты">
            {results.map((r) => (
              <li key={r.attemptId}>
                <Link to={`/student/diagnostics/result/${r.attemptId}`}>{r.title}</Link> <span className="small muted">· {formatDate(r.finishedAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
