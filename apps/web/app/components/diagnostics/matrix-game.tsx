import { useId, useReducer, useRef, type KeyboardEvent } from "react";
import {
  ANSWER_DELAY_MS,
  describeLimit,
  endLog,
  emptyLog,
  formatRemaining,
  gridMove,
  logEvent,
  plural,
  useFinishOnce,
  useGameTimer,
  type GameLog,
  type GameLogEvent,
  type MatrixCell,
  type PublicPuzzle,
} from "./game-log";

export type MatrixGamePuzzle = Extract<PublicPuzzle, { kind: "matrix" }>;
type Figure = Extract<MatrixCell, { kind: "figure" }>;

export interface MatrixState {
  phase: "ready" | "playing" | "done";
  total: number;
  limitMs: number;
  index: number;
  shownAt: number;
  answered: number;
  log: GameLog;
}

export type MatrixAction = { type: "start" } | { type: "answer"; option: number; t: number } | { type: "timeout"; t: number };

export function initMatrix(total: number, timeLimitSeconds: number): MatrixState {
  return { phase: "ready", total, limitMs: timeLimitSeconds * 1000, index: 0, shownAt: 0, answered: 0, log: emptyLog };
}

/** The matrices' state machine: show a puzzle, take one answer, show the next. */
export function matrixReducer(s: MatrixState, a: MatrixAction): MatrixState {
  switch (a.type) {
    case "start":
      if (s.phase !== "ready") return s;
      return { ...s, phase: "playing", index: 0, shownAt: 0, log: logEvent(s.log, "shown", 0, 0) };
    case "timeout":
      if (s.phase !== "playing") return s;
      return { ...s, phase: "done", log: endLog(s.log, a.t, s.limitMs) };
    case "answer": {
      if (s.phase !== "playing") return s;
      if (a.t > s.limitMs) return { ...s, phase: "done", log: endLog(s.log, a.t, s.limitMs) };
      // A second Enter on the same button, or a click on the next puzzle's option before it could be seen.
      if (a.t - s.shownAt < ANSWER_DELAY_MS) return s;
      if (!Number.isInteger(a.option) || a.option < 0) return s;
      let log = logEvent(s.log, "answer", a.option, a.t);
      const answered = s.answered + 1;
      if (s.index + 1 >= s.total) return { ...s, answered, phase: "done", log: endLog(log, a.t, s.limitMs) };
      log = logEvent(log, "shown", s.index + 1, a.t);
      return { ...s, answered, index: s.index + 1, shownAt: log.events.at(-1)!.t, log };
    }
  }
}

const SHAPE_NAMES: Record<Figure["shape"], [string, string, string]> = {
  circle: ["круг", "круга", "кругов"],
  square: ["квадрат", "квадрата", "квадратов"],
  triangle: ["треугольник", "треугольника", "треугольников"],
  diamond: ["ромб", "ромба", "ромбов"],
  star: ["звезда", "звезды", "звёзд"],
};
const FILL_NAMES: Record<Figure["fill"], string> = { empty: "без заливки", striped: "в полоску", solid: "с заливкой" };

/** «3 круга в полоску», «Число 12»: what a cell shows, in words. */
export function describeCell(cell: MatrixCell): string {
  if (cell.kind === "number") return `Число ${cell.value}`;
  return `${cell.count} ${plural(cell.count, SHAPE_NAMES[cell.shape])} ${FILL_NAMES[cell.fill]}`;
}

/** Centres of `count` figures in a 100×100 box, rows of up to three, and their radius. */
export function figureLayout(count: number): { points: { x: number; y: number }[]; r: number } {
  const n = Math.max(1, Math.floor(count));
  const cols = n <= 3 ? n : n === 4 ? 2 : 3;
  const rows = Math.ceil(n / cols);
  // One size for every count above one, so that sizes do not hint at the answer.
  const step = n === 1 ? 60 : 88 / Math.max(3, cols, rows);
  const top = (100 - rows * step) / 2;
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / cols);
    const inRow = Math.min(cols, n - row * cols);
    const left = (100 - inRow * step) / 2;
    points.push({ x: left + (i % cols) * step + step / 2, y: top + row * step + step / 2 });
  }
  return { points, r: step * 0.38 };
}

function shapePath(shape: Figure["shape"], x: number, y: number, r: number): string {
  const poly = (pts: [number, number][]) => `M${pts.map(([px, py]) => `${px.toFixed(2)},${py.toFixed(2)}`).join("L")}Z`;
  switch (shape) {
    case "circle":
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
    case "square":
      return poly([
        [x - 0.85 * r, y - 0.85 * r],
        [x + 0.85 * r, y - 0.85 * r],
        [x + 0.85 * r, y + 0.85 * r],
        [x - 0.85 * r, y + 0.85 * r],
      ]);
    case "triangle":
      return poly([
        [x, y - r],
        [x + 0.95 * r, y + 0.75 * r],
        [x - 0.95 * r, y + 0.75 * r],
      ]);
    case "diamond":
      return poly([
        [x, y - r],
        [x + 0.8 * r, y],
        [x, y + r],
        [x - 0.8 * r, y],
      ]);
    case "star":
      return poly(
        Array.from({ length: 10 }, (_, i): [number, number] => {
          const rad = i % 2 === 0 ? r : r * 0.45;
          const a = -Math.PI / 2 + (i * Math.PI) / 5;
          return [x + rad * Math.cos(a), y + rad * Math.sin(a)];
        })
      );
  }
}

/** A cell drawn in SVG; the words for it come from describeCell on the element around it. */
export function CellPicture({ cell }: { cell: MatrixCell | null }) {
  const pattern = `stripes-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const box = { width: "100%", height: "100%", display: "block" } as const;
  if (cell === null) {
    return (
      <svg viewBox="0 0 100 100" style={box} aria-hidden="true" focusable="false">
        <text x="50" y="66" textAnchor="middle" fontSize="48" fontWeight="700" fill="var(--muted)">
          ?
        </text>
      </svg>
    );
  }
  if (cell.kind === "number") {
    return (
      <svg viewBox="0 0 100 100" style={box} aria-hidden="true" focusable="false">
        <text x="50" y="63" textAnchor="middle" fontSize={cell.value >= 100 ? 30 : 38} fontWeight="700" fill="currentColor">
          {cell.value}
        </text>
      </svg>
    );
  }
  const { points, r } = figureLayout(cell.count);
  const fill = cell.fill === "solid" ? "currentColor" : cell.fill === "striped" ? `url(#${pattern})` : "none";
  return (
    <svg viewBox="0 0 100 100" style={box} aria-hidden="true" focusable="false">
      {cell.fill === "striped" ? (
        <defs>
          <pattern id={pattern} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#fff" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" strokeWidth="3" />
          </pattern>
        </defs>
      ) : null}
      {points.map((p, i) => (
        <path key={i} d={shapePath(cell.shape, p.x, p.y, r)} fill={fill} stroke="currentColor" strokeWidth={Math.max(1.5, r * 0.14)} strokeLinejoin="round" />
      ))}
    </svg>
  );
}

const optionButton = {
  background: "#fff",
  color: "var(--ink)",
  border: "2px solid #b8c0cf",
  borderRadius: 8,
  padding: 4,
  minWidth: 0,
  minHeight: 44,
  width: "100%",
  display: "grid",
  gap: 2,
  justifyItems: "center",
  fontWeight: 600,
} as const;

/** Logic: find the rule of the 3×3 matrix and choose the figure in place of «?». */
export function MatrixGame({
  puzzle,
  timeLimitSeconds,
  onFinish,
}: {
  puzzle: MatrixGamePuzzle;
  timeLimitSeconds: number;
  onFinish: (log: GameLogEvent[]) => void;
}) {
  const total = puzzle.puzzles.length;
  const [state, dispatch] = useReducer(matrixReducer, undefined, () => initMatrix(total, timeLimitSeconds));
  const { clock, remainingMs } = useGameTimer(state.phase === "playing", timeLimitSeconds, (t) => dispatch({ type: "timeout", t }));
  useFinishOnce(state.log, onFinish);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const current = puzzle.puzzles[state.index];

  const onKeyDown = (e: KeyboardEvent, index: number, count: number) => {
    const to = gridMove(e.key, index, count, count);
    if (to === null) return;
    e.preventDefault();
    buttons.current[to]?.focus();
  };

  const announce =
    state.phase === "ready"
      ? ""
      : state.phase === "done"
      ? state.answered < total
        ? `Время вышло. Решено заданий: ${state.answered} из ${total}.`
        : "Готово: ответы на все задания приняты."
      : `Задание ${state.index + 1} из ${total}. Выбери, что должно стоять на месте знака вопроса.`;

  return (
    <section aria-label="Матрицы" style={{ maxWidth: "100%" }}>
      {state.phase === "ready" ? (
        <>
          <p>
            В каждой таблице 3 на 3 фигуры или числа меняются по одному правилу — по строкам и по столбцам. Найди правило и выбери из четырёх вариантов то, что
            должно стоять на месте знака вопроса. Заданий — {total}, на всё — {describeLimit(timeLimitSeconds)}.
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
      ) : null}
      {state.phase === "playing" && current ? (
        <>
          <p className="small muted" style={{ display: "flex", justifyContent: "space-between", gap: "1rem", flexWrap: "wrap" }}>
            <span>
              Задание {state.index + 1} из {total}
            </span>
            <span role="timer">Осталось {formatRemaining(remainingMs)}</span>
          </p>
          <div
            role="list"
            aria-label="Таблица 3 на 3, последняя клетка пустая"
            style={{ display: "grid", gridTemplateColumns: "repeat(3, minmax(0, 1fr))", gap: 4, width: "100%", maxWidth: 300 }}
          >
            {current.cells.map((cell, i) => (
              <div
                key={i}
                role="listitem"
                aria-label={`Клетка ${i + 1}: ${cell ? describeCell(cell) : "знак вопроса"}`}
                style={{ aspectRatio: "1", border: "1px solid var(--line)", borderRadius: 6, background: "#fff", color: "var(--ink)", padding: 4 }}
              >
                <CellPicture cell={cell} />
              </div>
            ))}
          </div>
          <p style={{ fontWeight: 600, margin: "1rem 0 0.5rem" }}>Варианты ответа</p>
          <div
            role="group"
            aria-label="Варианты ответа"
            style={{
              display: "grid",
              gridTemplateColumns: `repeat(${Math.min(4, current.options.length)}, minmax(0, 1fr))`,
              gap: 8,
              width: "100%",
              maxWidth: 400,
            }}
          >
            {current.options.map((option, i) => (
              <button
                key={i}
                ref={(el) => {
                  buttons.current[i] = el;
                }}
                type="button"
                aria-label={`Вариант ${i + 1}: ${describeCell(option)}`}
                onClick={() => dispatch({ type: "answer", option: i, t: clock.elapsed() })}
                onKeyDown={(e) => onKeyDown(e, i, current.options.length)}
                style={optionButton}
              >
                <span style={{ width: "100%", aspectRatio: "1", display: "block" }}>
                  <CellPicture cell={option} />
                </span>
                <span aria-hidden="true" className="small">
                  {i + 1}
                </span>
              </button>
            ))}
          </div>
        </>
      ) : null}
      <p role="status" aria-live="polite" className="small" style={{ minHeight: "1.5em" }}>
        {announce}
      </p>
    </section>
  );
}
