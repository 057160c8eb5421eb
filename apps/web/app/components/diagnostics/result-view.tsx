import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { diagnostics } from "@bilet/core";
import { formatDate } from "~/lib/format";
import { ScaleChart } from "./score-chart";

/** A finished attempt as the loader hands it over (dates as ISO strings). */
export type ResultData = Omit<diagnostics.AttemptResult, never>;

/** A band is a description, not a grade: one neutral colour for all of them. */
const BAND_STYLE = { background: "#eef3ff", color: "#1d3f8f" } as const;

const PRINT_CSS = `
@media print {
  .site-header, .no-print { display: none !important; }
  main { max-width: none; padding: 0; }
  .card { border: 0; padding: 0; margin: 0 0 1rem; break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}`;

const WORDS = {
  student: { chart: "Твои результаты по шкалам", meaning: "Что это значит", note: null, answer: "Твой ответ" },
  parent: { chart: "Результаты ребёнка по шкалам", meaning: "Как понимать результат", note: "Пояснения написаны для ребёнка — их удобно обсудить вместе.", answer: "Ответ ребёнка" },
} as const;

/**
 * One finished test: the chart, each scale's band and what it means, the quiz
 * answers explained, earlier attempts, and printing. Shared by the student's
 * page («ты») and the parent's («вы»); the words differ, the facts do not.
 */
export function ResultView(props: {
  result: ResultData;
  viewer: keyof typeof WORDS;
  heading: string;
  back: { to: string; label: string };
  history: { to: string; label: string; extra?: ReactNode }[];
  actions: ReactNode;
}) {
  const { result, viewer } = props;
  const words = WORDS[viewer];
  const { quiz } = result;
  return (
    <>
      <style>{PRINT_CSS}</style>
      <p className="no-print">
        <Link to={props.back.to}>← {props.back.label}</Link>
      </p>
      <h1>{props.heading}</h1>
      <p className="muted">
        Тест пройден {formatDate(result.finishedAt)} · {result.test.categoryName}
      </p>

      <section className="card" aria-labelledby="chart-title">
        <h2 id="chart-title" style={{ marginTop: 0 }}>
          {words.chart}
        </h2>
        <ScaleChart scales={result.scales.map((s) => ({ id: s.scale, title: s.title, percent: s.percent, band: s.band?.label }))} />
      </section>

      <section aria-labelledby="meaning-title">
        <h2 id="meaning-title">{words.meaning}</h2>
        {words.note ? <p className="small muted">{words.note}</p> : null}
        {result.scales.map((s) => (
          <article key={s.scale} className="card" aria-labelledby={`scale-${s.scale}`}>
            <h3 id={`scale-${s.scale}`} style={{ margin: "0 0 0.5rem" }}>
              {s.title}
            </h3>
            {s.band ? (
              <>
                <p style={{ margin: "0 0 0.5rem" }}>
                  <span className="status" style={BAND_STYLE}>
                    {s.band.label}
                  </span> <span className="small muted">{s.percent === null ? "" : `${Math.round(s.percent)} из 100`}</span>
                </p>
                <p style={{ margin: 0 }}>{s.band.text}</p>
              </>
            ) : (
              <p className="muted" style={{ margin: 0 }}>
                По этой шкале ответов не было.
              </p>
            )}
          </article>
        ))}
      </section>

      {quiz ? (
        <section className="card" aria-labelledby="quiz-title">
          <h2 id="quiz-title" style={{ marginTop: 0 }}>
            Верно {quiz.correct} из {quiz.total}
          </h2>
          <ol style={{ paddingLeft: "1.25rem", margin: 0 }}>
            {quiz.items.map((q) => {
              const names = (ids: string[]) => ids.map((id) => q.optionTexts?.[id] ?? id).join("; ");
              return (
                <li key={q.item} style={{ margin: "0 0 1rem", overflowWrap: "anywhere" }}>
                  {q.question ? <p style={{ margin: "0 0 0.25rem", fontWeight: 600 }}>{q.question}</p> : null}
                  <p style={{ margin: "0 0 0.25rem" }}>
                    {q.correct ? <span className="status ok">Верно</span> : <span className="status bad">Неверно</span>}
                    <span className="small">
                      {" "}
                      {words.answer}: {q.chosen.length ? names(q.chosen) : "нет ответа"}
                    </span>
                  </p>
                  {!q.correct ? <p className="small" style={{ margin: "0 0 0.25rem" }}>Правильно: {names(q.correctOptions)}</p> : null}
                  <p className="small muted" style={{ margin: 0 }}>
                    {q.explanation}
                  </p>
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}

      {props.history.length > 0 ? (
        <section className="card no-print" aria-labelledby="history-title">
          <h2 id="history-title" style={{ marginTop: 0 }}>
            Другие попытки этого теста
          </h2>
          <ul className="plain">
            {props.history.map((h) => (
              <li key={h.to}>
                <Link to={h.to}>{h.label}</Link>
                {h.extra}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>
          Распечатать
        </button>
        {props.actions}
      </div>
    </>
  );
}
