import { useReducer, useRef, type KeyboardEvent } from "react";
import {
  cellButton,
  describeLimit,
  endLog,
  emptyLog,
  formatRemaining,
  gridMove,
  lastT,
  logEvent,
  PRESS_GAP_MS,
  useFinishOnce,
  useGameTimer,
  type GameLog,
  type GameLogEvent,
  type PublicPuzzle,
} from "./game-log";

export type SchultePuzzle = Extract<PublicPuzzle, { kind: "schulte" }>;

export interface SchulteState {
  phase: "ready" | "playing" | "done";
  /** How many numbers the table holds. */
  total: number;
  limitMs: number;
  /** The number to find now; total + 1 when all are found. */
  next: number;
  presses: number;
  /** The last number pressed that was not the next one, for the hint. */
  wrong: number | null;
  log: GameLog;
}

export type SchulteAction = { type: "start" } | { type: "press"; value: number; t: number } | { type: "timeout"; t: number };

export function initSchulte(size: number, timeLimitSeconds: number): SchulteState {
  return { phase: "ready", total: size * size, limitMs: timeLimitSeconds * 1000, next: 1, presses: 0, wrong: null, log: emptyLog };
}

/** The Schulte table's state machine: pure, so the log it builds can be checked against the server's rules. */
export function schulteReducer(s: SchulteState, a: SchulteAction): SchulteState {
  switch (a.type) {
    case "start":
      if (s.phase !== "ready") return s;
      return { ...s, phase: "playing", log: logEvent(s.log, "shown", undefined, 0) };
    case "timeout":
      if (s.phase !== "playing") return s;
      return { ...s, phase: "done", log: endLog(s.log, a.t, s.limitMs) };
    case "press": {
      if (s.phase !== "playing") return s;
      if (a.t > s.limitMs) return { ...s, phase: "done", log: endLog(s.log, a.t, s.limitMs) };
      // A double tap or a bouncing key: the server would take it for a machine.
      if (a.t - lastT(s.log) < PRESS_GAP_MS) return s;
      if (!Number.isInteger(a.value) || a.value < 1 || a.value > s.total) return s;
      const right = a.value === s.next;
      const next = right ? s.next + 1 : s.next;
      const presses = s.presses + 1;
      let log = logEvent(s.log, "press", a.value, a.t);
      // The server accepts at most three presses a number.
      const over = next > s.total || presses >= 3 * s.total;
      if (over) log = endLog(log, a.t, s.limitMs);
      return { ...s, next, presses, wrong: right ? null : a.value, log, phase: over ? "done" : "playing" };
    }
  }
}

function announce(s: SchulteState): string {
  if (s.phase === "ready") return "";
  const found = s.next - 1;
  if (s.phase === "done") return found === s.total ? `Готово: найдены все ${s.total} чисел.` : `Время вышло. Найдено ${found} из ${s.total}.`;
  if (s.wrong !== null) return `${s.wrong} — не то число. Ищи ${s.next}.`;
  return found === 0 ? `Ищи 1.` : `Найдено ${found} из ${s.total}. Ищи ${s.next}.`;
}

/** Attention: find the numbers 1…N² in order, as fast as you can. */
export function SchulteGame({
  puzzle,
  timeLimitSeconds,
  onFinish,
}: {
  puzzle: SchultePuzzle;
  timeLimitSeconds: number;
  onFinish: (log: GameLogEvent[]) => void;
}) {
  const [state, dispatch] = useReducer(schulteReducer, undefined, () => initSchulte(puzzle.size, timeLimitSeconds));
  const { clock, remainingMs } = useGameTimer(state.phase === "playing", timeLimitSeconds, (t) => dispatch({ type: "timeout", t }));
  useFinishOnce(state.log, onFinish);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const start = () => {
    clock.start();
    dispatch({ type: "start" });
  };
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const to = gridMove(e.key, index, puzzle.size, puzzle.cells.length);
    if (to === null) return;
    e.preventDefault();
    buttons.current[to]?.focus();
  };

  return (
    <section aria-label="Таблица Шульте" style={{ maxWidth: "100%" }}>
      {state.phase === "ready" ? (
        <>
          <p>
            Найди и нажми числа от 1 до {state.total} по порядку как можно быстрее. На всё — {describeLimit(timeLimitSeconds)}. Между клетками можно переходить
            стрелками, нажимать — Enter или пробелом.
          </p>
          <button type="button" onClick={start}>
            Начать
          </button>
        </>
      ) : (
        <>
          <p className="small muted" style={{ display: "flex", justifyContent: "space-between", gap: "1rem", flexWrap: "wrap" }}>
            <span>
              Найдено: {state.next - 1} из {state.total}
            </span>
            {state.phase === "playing" ? <span role="timer">Осталось {formatRemaining(remainingMs)}</span> : null}
          </p>
          <div
            role="group"
            aria-label={`Таблица ${puzzle.size} на ${puzzle.size}`}
            style={{
              display: "grid",
              gridTemplateColumns: `repeat(${puzzle.size}, minmax(0, 1fr))`,
              gap: 4,
              width: "100%",
              maxWidth: puzzle.size * 72,
            }}
          >
            {puzzle.cells.map((n, i) => {
              const found = n < state.next;
              return (
                <button
                  key={n}
                  ref={(el) => {
                    buttons.current[i] = el;
                  }}
                  type="button"
                  aria-label={found ? `Число ${n}, найдено` : `Число ${n}`}
                  aria-disabled={state.phase !== "playing" || undefined}
                  onClick={() => {
                    if (state.phase === "playing") dispatch({ type: "press", value: n, t: clock.elapsed() });
                  }}
                  onKeyDown={(e) => onKeyDown(e, i)}
                  style={{ ...cellButton, ...(found ? { background: "#e2f5e8", color: "var(--ok)", borderColor: "#b7e3c6" } : null) }}
                >
                  {n}
                </button>
              );
            })}
          </div>
        </>
      )}
      <p role="status" aria-live="polite" className="small" style={{ minHeight: "1.5em" }}>
        {announce(state)}
      </p>
    </section>
  );
}
