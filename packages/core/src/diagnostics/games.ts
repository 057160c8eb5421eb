import type { GameKind, MatrixParams, SchulteParams, SequenceParams } from "@bilet/content";
import type { GameLogEvent } from "./scoring.ts";

/**
 * Games are generated from a seed the server keeps with the attempt, so the
 * server can rebuild exactly what the browser showed and recompute the score
 * from the event log; the browser's own figures are never trusted.
 */

export type GameParams = { schulte: SchulteParams; sequence: SequenceParams; matrix: MatrixParams };

// ---- seeded randomness -------------------------------------------------------

/** xmur3-style 32-bit hash of a string, the seed of the generator. */
function hashSeed(seed: string): number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: small, fast and good enough for puzzles; returns floats in [0, 1). */
function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededRandom(seed: string): () => number {
  return mulberry32(hashSeed(seed));
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function shuffle<T>(rnd: () => number, xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

// ---- puzzles -----------------------------------------------------------------

export const SEQUENCE_GRID_CELLS = 9; // a 3×3 grid, cells numbered 0–8 row by row

export type Shape = "circle" | "square" | "triangle" | "diamond" | "star";
export type Fill = "empty" | "striped" | "solid";
/** A matrix cell: a number, or `count` equal figures of one shape and fill. */
export type MatrixCell = { kind: "number"; value: number } | { kind: "figure"; shape: Shape; count: number; fill: Fill };

export interface MatrixPuzzle {
  /** Nine cells row by row; the last one is missing (null) and is to be chosen from the options. */
  cells: (MatrixCell | null)[];
  options: MatrixCell[];
}

/** What the browser renders. The matrix answers are not in it. */
export type PublicPuzzle =
  | { kind: "schulte"; size: number; cells: number[] }
  | { kind: "sequence"; gridSize: 3; showMs: number; rounds: number[][] }
  | { kind: "matrix"; puzzles: MatrixPuzzle[] };

type FullPuzzle = PublicPuzzle & { answers?: number[] };

const SHAPES: readonly Shape[] = ["circle", "square", "triangle", "diamond", "star"];
const FILLS: readonly Fill[] = ["empty", "striped", "solid"];

const sameCell = (a: MatrixCell, b: MatrixCell) => JSON.stringify(a) === JSON.stringify(b);

/** One matrix puzzle by one of four rules, with three distractors differing from the answer. */
function matrixPuzzle(rnd: () => number, rule: number): { puzzle: MatrixPuzzle; answer: number } {
  let grid: MatrixCell[];
  let distractors: MatrixCell[];
  const [s0, s1, s2] = shuffle(rnd, SHAPES);
  const shapes = [s0!, s1!, s2!];
  const fill = pick(rnd, FILLS);
  switch (rule) {
    case 0: {
      // shape by row, count grows by column
      const base = 1 + Math.floor(rnd() * 2);
      grid = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c): MatrixCell => ({ kind: "figure", shape: shapes[r]!, count: base + c, fill })));
      const right = grid[8] as Extract<MatrixCell, { kind: "figure" }>;
      distractors = [
        { ...right, count: right.count - 1 },
        { ...right, shape: shapes[0]! },
        { ...right, count: right.count + 1 },
        { ...right, shape: shapes[1]! },
      ];
      break;
    }
    case 1: {
      // every row and column holds each shape once; the fill goes by row
      const fills = shuffle(rnd, FILLS);
      grid = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c): MatrixCell => ({ kind: "figure", shape: shapes[(r + c) % 3]!, count: 1, fill: fills[r]! })));
      const right = grid[8] as Extract<MatrixCell, { kind: "figure" }>;
      distractors = [
        { ...right, shape: shapes[0]! },
        { ...right, fill: fills[0]! },
        { ...right, shape: shapes[2]! },
        { ...right, fill: fills[1]! },
        { ...right, count: 2 },
      ];
      break;
    }
    case 2: {
      // numbers: every row is an arithmetic progression with the same step
      const step = 2 + Math.floor(rnd() * 6);
      const starts = [1 + Math.floor(rnd() * 9), 10 + Math.floor(rnd() * 10), 20 + Math.floor(rnd() * 15)];
      grid = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c): MatrixCell => ({ kind: "number", value: starts[r]! + c * step })));
      const v = (grid[8] as Extract<MatrixCell, { kind: "number" }>).value;
      distractors = [v + 1, v - step, v + step, v - 1].map((value): MatrixCell => ({ kind: "number", value }));
      break;
    }
    default: {
      // in each row the third cell holds as many figures as the first two together
      const counts = [0, 1, 2].map(() => [1 + Math.floor(rnd() * 3), 1 + Math.floor(rnd() * 2)] as const);
      grid = counts.flatMap(([a, b], r): MatrixCell[] => [a, b, a + b].map((count) => ({ kind: "figure", shape: shapes[r]!, count, fill })));
      const right = grid[8] as Extract<MatrixCell, { kind: "figure" }>;
      distractors = [
        { ...right, count: right.count + 1 },
        { ...right, count: right.count - 1 },
        { ...right, shape: shapes[0]! },
        { ...right, count: right.count + 2 },
      ];
    }
  }
  const right = grid[8]!;
  const unique: MatrixCell[] = [];
  for (const d of distractors) if (!sameCell(d, right) && !unique.some((u) => sameCell(u, d))) unique.push(d);
  const options = shuffle(rnd, [right, ...unique.slice(0, 3)]);
  return { puzzle: { cells: [...grid.slice(0, 8), null], options }, answer: options.findIndex((o) => sameCell(o, right)) };
}

function buildPuzzle<K extends GameKind>(kind: K, params: GameParams[K], seed: string): FullPuzzle {
  const rnd = seededRandom(`${kind}:${seed}`);
  switch (kind) {
    case "schulte": {
      const { size } = params as SchulteParams;
      return { kind, size, cells: shuffle(rnd, Array.from({ length: size * size }, (_, i) => i + 1)) };
    }
    case "sequence": {
      const { startLength, rounds, showMs } = params as SequenceParams;
      const seqs = Array.from({ length: rounds }, (_, r) => {
        const seq: number[] = [];
        while (seq.length < startLength + r) {
          const cell = Math.floor(rnd() * SEQUENCE_GRID_CELLS);
          if (cell !== seq.at(-1)) seq.push(cell); // the same cell twice in a row cannot be seen as two
        }
        return seq;
      });
      return { kind, gridSize: 3, showMs, rounds: seqs };
    }
    case "matrix": {
      const { puzzles } = params as MatrixParams;
      const rules = Array.from({ length: puzzles }, (_, i) => i % 4);
      const built = shuffle(rnd, rules).map((rule) => matrixPuzzle(rnd, rule));
      return { kind, puzzles: built.map((b) => b.puzzle), answers: built.map((b) => b.answer) };
    }
  }
  throw new Error(`Неизвестная игра: ${String(kind)}`);
}

/** The puzzle for the browser, the same for the same seed. */
export function generatePuzzle<K extends GameKind>(kind: K, params: GameParams[K], seed: string): PublicPuzzle {
  const { answers: _secret, ...rest } = buildPuzzle(kind, params, seed);
  return rest as PublicPuzzle;
}

/** The right option of each matrix puzzle; server-side only (demo data and tests use it). */
export function matrixAnswerKey(params: MatrixParams, seed: string): number[] {
  return buildPuzzle("matrix", params, seed).answers ?? [];
}

// ---- scoring -----------------------------------------------------------------

/** Below this gap two presses cannot both be deliberate: simple visual reaction time is above 150 ms. */
export const MIN_PRESS_GAP_MS = 80;
/** Seeing a 3×3 matrix and four options and choosing takes a person longer than this. */
export const MIN_MATRIX_ANSWER_MS = 400;
/** A careful reference pace for Schulte: one number a second (a 5×5 table in 25 s). */
export const SCHULTE_REFERENCE_MS_PER_CELL = 1000;
/** A reference time for one matrix puzzle. */
export const MATRIX_REFERENCE_MS = 10_000;

export interface GameScore {
  /** 0–100, one decimal. */
  percent: number;
  /** Share of right responses, 0–1. */
  accuracy: number;
  /** Pace against the reference, 0–1 (sequence: not scored, always 1). */
  speed: number;
  /** Time of the last event. */
  timeMs: number;
  correct: number;
  errors: number;
  total: number;
}

export type GameOutcome = { ok: true; score: GameScore } | { ok: false; reason: string };

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const refuse = (reason: string): GameOutcome => ({ ok: false, reason });

/** Checks shared by all games: the shape of events, their order in time and the time limit. */
function commonRefusal(log: readonly GameLogEvent[], allowed: readonly GameLogEvent["type"][], timeLimitSeconds: number): string | null {
  if (!Array.isArray(log) || log.length === 0) return "Журнал игры пуст";
  let last = 0;
  for (const [i, e] of log.entries()) {
    if (typeof e?.t !== "number" || !Number.isFinite(e.t) || e.t < 0) return `Событие ${i + 1}: неверное время`;
    if (!allowed.includes(e.type)) return `Событие ${i + 1}: в этой игре не бывает событий «${String(e.type)}»`;
    if (e.t < last) return `Событие ${i + 1}: время идёт назад (${e.t} мс после ${last} мс)`;
    last = e.t;
  }
  const endIndex = log.findIndex((e) => e.type === "end");
  if (endIndex !== -1 && endIndex !== log.length - 1) return "После завершения игры событий быть не может";
  // A second of slack for the browser noticing the deadline.
  if (last > timeLimitSeconds * 1000 + 1000) return `Игра длилась ${Math.round(last / 1000)} с при ограничении ${timeLimitSeconds} с`;
  return null;
}

function tooFast(presses: readonly GameLogEvent[], minGap: number): string | null {
  for (let i = 1; i < presses.length; i++) {
    const gap = presses[i]!.t - presses[i - 1]!.t;
    if (gap < minGap) return `Нажатия через ${gap} мс друг за другом: так быстро человек не успевает`;
  }
  return null;
}

const isInt = (v: unknown, from: number, to: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= from && v <= to;

/**
 * Schulte: presses are the numbers clicked, which must go 1, 2, …, N².
 * completion = found / N², accuracy = found / presses, speed = min(1, found × 1000 ms / time of last press);
 * percent = 100 × completion × (accuracy + speed) / 2.
 */
function scoreSchulte(puzzle: Extract<FullPuzzle, { kind: "schulte" }>, log: readonly GameLogEvent[]): GameOutcome {
  const n = puzzle.size * puzzle.size;
  const shown = log[0];
  if (shown?.type !== "shown") return refuse("Нажатия раньше, чем таблица была показана");
  if (log.filter((e) => e.type === "shown").length > 1) return refuse("Таблица была показана дважды");
  const presses = log.filter((e) => e.type === "press");
  if (presses.length > 3 * n) return refuse(`Нажатий больше, чем возможно в этой игре (${presses.length} при ${n} числах)`);
  const fast = tooFast([shown, ...presses], MIN_PRESS_GAP_MS);
  if (fast) return refuse(fast);
  let next = 1;
  let errors = 0;
  let lastCorrectT = shown.t;
  for (const p of presses) {
    if (!isInt(p.value, 1, n)) return refuse(`В таблице нет числа ${String(p.value)}`);
    if (next > n) return refuse("Нажатия после того, как все числа найдены");
    if (p.value === next) {
      next += 1;
      lastCorrectT = p.t;
    } else errors += 1;
  }
  const found = next - 1;
  const timeMs = Math.max(1, (found === n ? lastCorrectT : (log.at(-1)?.t ?? 0)) - shown.t);
  const completion = found / n;
  const accuracy = presses.length ? found / presses.length : 0;
  const speed = clamp01((found * SCHULTE_REFERENCE_MS_PER_CELL) / timeMs);
  return { ok: true, score: { percent: round1(100 * completion * ((accuracy + speed) / 2)), accuracy, speed, timeMs, correct: found, errors, total: n } };
}

/**
 * Sequence: each round begins with "shown" (value = round index, in order);
 * the cells then light one by one for showMs each, and only after that can the
 * student repeat them ("press", value = cell 0–8). A round counts if repeated
 * exactly. percent = 100 × Σ lengths of rounds repeated right / Σ lengths of all rounds,
 * so longer sequences weigh more. Speed is not scored: hurrying only hurts memory.
 */
function scoreSequence(puzzle: Extract<FullPuzzle, { kind: "sequence" }>, log: readonly GameLogEvent[]): GameOutcome {
  const rounds = puzzle.rounds;
  const pressed: number[][] = [];
  let shownAt = -1;
  for (const e of log) {
    if (e.type === "shown") {
      if (e.value !== pressed.length) return refuse(`Раунды идут не по порядку: показан ${String(e.value)}, ожидался ${pressed.length}`);
      if (pressed.length >= rounds.length) return refuse("Раундов больше, чем в игре");
      pressed.push([]);
      shownAt = e.t;
    } else if (e.type === "press") {
      const round = pressed.length - 1;
      const current = pressed[round];
      if (!current) return refuse("Нажатие раньше, чем была показана последовательность");
      if (!isInt(e.value, 0, SEQUENCE_GRID_CELLS - 1)) return refuse(`На поле нет клетки ${String(e.value)}`);
      const seq = rounds[round]!;
      if (e.t < shownAt + seq.length * puzzle.showMs) return refuse("Нажатие раньше, чем закончился показ последовательности");
      if (current.length >= seq.length) return refuse(`Нажатий в раунде ${round + 1} больше, чем клеток в последовательности`);
      current.push(e.value);
    }
  }
  const fast = tooFast(
    log.filter((e) => e.type === "press"),
    MIN_PRESS_GAP_MS,
  );
  if (fast) return refuse(fast);
  let got = 0;
  let all = 0;
  let correct = 0;
  rounds.forEach((seq, r) => {
    all += seq.length;
    const p = pressed[r];
    if (p && p.length === seq.length && p.every((c, i) => c === seq[i])) {
      got += seq.length;
      correct += 1;
    }
  });
  const timeMs = log.at(-1)!.t;
  return {
    ok: true,
    score: { percent: round1((100 * got) / all), accuracy: correct / rounds.length, speed: 1, timeMs, correct, errors: pressed.length - correct, total: rounds.length },
  };
}

/**
 * Matrix: "shown" (value = puzzle index, in order) then one "answer" (value =
 * option index 0–3) for the puzzle on screen. accuracy = right / puzzles (an
 * unanswered puzzle is wrong); speed = min(1, 10 s / mean time of the right answers);
 * percent = 100 × accuracy × (0.75 + 0.25 × speed): being right matters most.
 */
function scoreMatrix(puzzle: Extract<FullPuzzle, { kind: "matrix" }>, log: readonly GameLogEvent[]): GameOutcome {
  const answers = puzzle.answers ?? [];
  const total = puzzle.puzzles.length;
  let current = -1;
  let shownAt = 0;
  let answeredCurrent = false;
  let right = 0;
  let errors = 0;
  const rightTimes: number[] = [];
  for (const e of log) {
    if (e.type === "shown") {
      if (e.value !== current + 1) return refuse(`Задания идут не по порядку: показано ${String(e.value)}, ожидалось ${current + 1}`);
      if (current + 1 >= total) return refuse("Заданий больше, чем в игре");
      current += 1;
      shownAt = e.t;
      answeredCurrent = false;
    } else if (e.type === "answer") {
      if (current < 0) return refuse("Ответ на задание, которое не было показано");
      if (answeredCurrent) return refuse(`На задание ${current + 1} дано больше одного ответа`);
      if (!isInt(e.value, 0, puzzle.puzzles[current]!.options.length - 1)) return refuse(`В задании ${current + 1} нет варианта ${String(e.value)}`);
      const took = e.t - shownAt;
      if (took < MIN_MATRIX_ANSWER_MS) return refuse(`Ответ через ${took} мс после показа задания: так быстро его не решить`);
      answeredCurrent = true;
      if (e.value === answers[current]) {
        right += 1;
        rightTimes.push(took);
      } else errors += 1;
    }
  }
  const accuracy = right / total;
  const meanMs = rightTimes.length ? rightTimes.reduce((a, b) => a + b, 0) / rightTimes.length : Infinity;
  const speed = clamp01(MATRIX_REFERENCE_MS / meanMs);
  return {
    ok: true,
    score: { percent: round1(100 * accuracy * (0.75 + 0.25 * speed)), accuracy, speed, timeMs: log.at(-1)!.t, correct: right, errors, total },
  };
}

/**
 * Recomputes a game's score from its event log, or says why the log cannot
 * have come from a person playing this puzzle.
 */
export function scoreGameLog<K extends GameKind>(kind: K, params: GameParams[K], seed: string, log: readonly GameLogEvent[], timeLimitSeconds: number): GameOutcome {
  const puzzle = buildPuzzle(kind, params, seed);
  const allowed: GameLogEvent["type"][] = kind === "matrix" ? ["shown", "answer", "end"] : ["shown", "press", "end"];
  const common = commonRefusal(log, allowed, timeLimitSeconds);
  if (common) return refuse(common);
  switch (puzzle.kind) {
    case "schulte":
      return scoreSchulte(puzzle, log);
    case "sequence":
      return scoreSequence(puzzle, log);
    case "matrix":
      return scoreMatrix(puzzle, log);
  }
}
