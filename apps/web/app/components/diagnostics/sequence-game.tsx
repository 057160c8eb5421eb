import { useEffect, useReducer, useRef, useState, type KeyboardEvent } from "react";
import {
  cellButton,
  describeLimit,
  endLog,
  emptyLog,
  formatRemaining,
  gridMove,
  logEvent,
  plural,
  PRESS_GAP_MS,
  useFinishOnce,
  useGameTimer,
  type GameLog,
  type GameLogEvent,
  type PublicPuzzle,
} from "./game-log";

export type SequencePuzzle = Extract<PublicPuzzle, { kind: "sequence" }>;

/** A pause after a round, so that the student sees the round is over before the next one lights up. */
export const SEQUENCE_PAUSE_MS = 900;
/** Share of each cell's slot it stays lit; the dark rest tells two cells in a row apart. */
const LIT_SHARE = 0.75;

export interface SequenceState {
  phase: "ready" | "showing" | "input" | "pause" | "done";
  rounds: number[][];
  showMs: number;
  limitMs: number;
  round: number;
  shownAt: number;
  entered: number[];
  lastPressT: number;
  /** Whether each finished round was repeated right (shown to the student; the server scores on its own). */
  results: boolean[];
  log: GameLog;
}

export type SequenceAction =
  | { type: "start" }
  | { type: "showDone"; t: number }
  | { type: "press"; cell: number; t: number }
  | { type: "next"; t: number }
  | { type: "timeout"; t: number };

export function initSequence(puzzle: Pick<SequencePuzzle, "rounds" | "showMs">, timeLimitSeconds: number): SequenceState {
  return {
    phase: "ready",
    rounds: puzzle.rounds,
    showMs: puzzle.showMs,
    limitMs: timeLimitSeconds * 1000,
    round: 0,
    shownAt: 0,
    entered: [],
    lastPressT: -Infinity,
    results: [],
    log: emptyLog,
  };
}

/** When the showing of the current round is over. */
export const showEndsAt = (s: SequenceState) => s.shownAt + (s.rounds[s.round]?.length ?? 0) * s.showMs;

/** The cell lit at time t while a round is shown, or null. */
export function litCell(s: SequenceState, t: number): number | null {
  if (s.phase !== "showing") return null;
  const since = t - s.shownAt;
  const step = Math.floor(since / s.showMs);
  const seq = s.rounds[s.round] ?? [];
  if (since < 0 || step >= seq.length || since - step * s.showMs >= s.showMs * LIT_SHARE) return null;
  return seq[step] ?? null;
}

/** The memory game's state machine: show a round, take as many presses as it has cells, then the next round. */
export function sequenceReducer(s: SequenceState, a: SequenceAction): SequenceState {
  if (s.phase === "done") return s;
  if (a.type !== "start" && s.phase !== "ready" && a.t > s.limitMs) return { ...s, phase: "done", log: endLog(s.log, a.t, s.limitMs) };
  switch (a.type) {
    case "start":
      if (s.phase !== "ready") return s;
      return { ...s, phase: "showing", round: 0, shownAt: 0, log: logEvent(s.log, "shown", 0, 0) };
    case "timeout":
      if (s.phase === "ready") return s;
      return { ...s, phase: "done", log: endLog(s.log, a.t, s.limitMs) };
    case "showDone":
      // Timers may fire a moment early; a press before the showing ends would be refused.
      if (s.phase !== "showing" || a.t < showEndsAt(s)) return s;
      return { ...s, phase: "input" };
    case "press": {
      if (s.phase !== "input" || a.t < showEndsAt(s)) return s;
      if (a.t - s.lastPressT < PRESS_GAP_MS) return s;
      if (!Number.isInteger(a.cell) || a.cell < 0 || a.cell > 8) return s;
      const seq = s.rounds[s.round] ?? [];
      const entered = [...s.entered, a.cell];
      let log = logEvent(s.log, "press", a.cell, a.t);
      if (entered.length < seq.length) return { ...s, entered, lastPressT: a.t, log };
      const results = [...s.results, entered.every((c, i) => c === seq[i])];
      const last = s.round + 1 >= s.rounds.length;
      if (last) log = endLog(log, a.t, s.limitMs);
      return { ...s, entered, lastPressT: a.t, results, log, phase: last ? "done" : "pause" };
    }
    case "next": {
      if (s.phase !== "pause") return s;
      const round = s.round + 1;
      const log = logEvent(s.log, "shown", round, a.t);
      // The showing starts when it is logged, so the server and the screen agree on when presses may begin.
      return { ...s, phase: "showing", round, entered: [], shownAt: log.events.at(-1)!.t, log };
    }
  }
}

function announce(s: SequenceState): string {
  const total = s.rounds.length;
  const len = s.rounds[s.round]?.length ?? 0;
  switch (s.phase) {
    case "ready":
      return "";
    case "showing":
      return `Раунд ${s.round + 1} из ${total}. Запоминай…`;
    case "input": {
      const left = len - s.entered.length;
      return `Повтори по порядку: осталось ${left} ${plural(left, ["клетка", "клетки", "клеток"])}.`;
    }
    case "pause":
      return s.results.at(-1) ? "Верно!" : "Не совсем так. Следующий раунд.";
    case "done": {
      const right = s.results.filter(Boolean).length;
      return s.results.length < total
        ? `Время вышло. Верно повторено раундов: ${right} из ${total}.`
        : `Готово. Верно повторено раундов: ${right} из ${total}.`;
    }
  }
}

/** Working memory: cells light up one after another; repeat them in the same order. */
export function SequenceGame({
  puzzle,
  timeLimitSeconds,
  onFinish,
}: {
  puzzle: SequencePuzzle;
  timeLimitSeconds: number;
  onFinish: (log: GameLogEvent[]) => void;
}) {
  const [state, dispatch] = useReducer(sequenceReducer, undefined, () => initSequence(puzzle, timeLimitSeconds));
  const running = state.phase !== "ready" && state.phase !== "done";
  const { clock, remainingMs } = useGameTimer(running, timeLimitSeconds, (t) => dispatch({ type: "timeout", t }));
  useFinishOnce(state.log, onFinish);
  const [now, setNow] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const size = puzzle.gridSize;

  // While a round is shown, redraw often enough to light each cell in turn, then open the input.
  useEffect(() => {
    if (state.phase !== "showing") return;
    const tick = () => {
      const t = clock.elapsed();
      setNow(t);
      if (t >= showEndsAt(state)) dispatch({ type: "showDone", t });
    };
    tick();
    const id = setInterval(tick, 40);
    return () => clearInterval(id);
  }, [state, clock]);

  useEffect(() => {
    if (state.phase !== "pause") return;
    const id = setTimeout(() => dispatch({ type: "next", t: clock.elapsed() }), SEQUENCE_PAUSE_MS);
    return () => clearTimeout(id);
  }, [state.phase, clock]);

  const lit = litCell(state, now);
  const inputOpen = state.phase === "input";

  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const to = gridMove(e.key, index, size, size * size);
    if (to === null) return;
    e.preventDefault();
    buttons.current[to]?.focus();
  };

  return (
    <section aria-label="Последовательность" style={{ maxWidth: "100%" }}>
      {state.phase === "ready" ? (
        <>
          <p>
            Клетки поля будут по очереди загораться. Запомни порядок и, когда показ закончится, нажми клетки в том же порядке. Раундов — {puzzle.rounds.length},
            с каждым последовательность длиннее на одну клетку. На всё — {describeLimit(timeLimitSeconds)}. Между клетками можно переходить стрелками, нажимать
            — Enter или пробелом.
          </p>
          <button
            type="button"
            onClick={() => {
              clock.start();
              dispatch({ type: "start" });
            }}
          >
            Начать
          </button>
        </>
      ) : (
        <>
          <p className="small muted" style={{ display: "flex", justifyContent: "space-between", gap: "1rem", flexWrap: "wrap" }}>
            <span>
              Раунд {Math.min(state.round + 1, puzzle.rounds.length)} из {puzzle.rounds.length}
            </span>
            {running ? <span role="timer">Осталось {formatRemaining(remainingMs)}</span> : null}
          </p>
          <div
            role="group"
            aria-label="Поле 3 на 3"
            style={{ display: "grid", gridTemplateColumns: `repeat(${size}, minmax(0, 1fr))`, gap: 8, width: "100%", maxWidth: 288 }}
          >
            {Array.from({ length: size * size }, (_, i) => {
              const on = lit === i;
              return (
                <button
                  key={i}
                  ref={(el) => {
                    buttons.current[i] = el;
                  }}
                  type="button"
                  aria-label={`Клетка ${i + 1}`}
                  aria-disabled={!inputOpen || undefined}
                  onClick={() => {
                    if (inputOpen) dispatch({ type: "press", cell: i, t: clock.elapsed() });
                  }}
                  onKeyDown={(e) => onKeyDown(e, i)}
                  style={{
                    ...cellButton,
                    cursor: inputOpen ? "pointer" : "default",
                    ...(on ? { background: "var(--brand)", color: "#fff", borderColor: "var(--brand-dark)", boxShadow: "inset 0 0 0 4px #fff" } : null),
                    ...(!inputOpen && !on ? { background: "#eef1f6" } : null),
                  }}
                >
                  {on ? <span aria-hidden="true">●</span> : null}
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
