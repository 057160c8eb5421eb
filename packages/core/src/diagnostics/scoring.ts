import type { DiagnosticItem, DiagnosticScale, DiagnosticTest } from "@bilet/content";
import { AppError } from "../errors.ts";

/**
 * An answer as the browser sends it and the database stores it, by item kind:
 * likert — the position 1–5; forced — "a" or "b"; single — an option id;
 * multiple — the chosen option ids; ranking — every option id, first place first;
 * game — the event log (scored by games.ts, which knows the seed).
 */
export type Answer = number | string | string[] | GameLogEvent[];

export interface GameLogEvent {
  /** Milliseconds since the game started. */
  t: number;
  type: "shown" | "press" | "answer" | "end";
  value?: number | null;
}

/** What scoreGameLog found for a game item; only the percent enters the scale. */
export interface GameResult {
  percent: number;
}

export interface ScaleScore {
  scale: string;
  title: string;
  /** Sum (or mean, if the scale says so) of points over the answered items. */
  raw: number;
  min: number;
  max: number;
  /** (raw − min) / (max − min) × 100, one decimal; null when no item of the scale was answered. */
  percent: number | null;
  band: { label: string; text: string } | null;
  answered: number;
  items: number;
}

export interface ItemOutcome {
  item: string;
  correct: boolean;
  chosen: string[];
  correctOptions: string[];
  /** The question and its options' texts, so a result reads the same later, whatever version comes next. */
  question: string;
  optionTexts: Record<string, string>;
  explanation: string;
}

export interface AttemptScore {
  scales: ScaleScore[];
  /** For tests with single or multiple choice items: the count of right answers and what was right. */
  quiz: { correct: number; total: number; items: ItemOutcome[] } | null;
  /** Items without an answer, in the order of the test. */
  missing: string[];
}

const LIKERT_MIN = 1;
const LIKERT_MAX = 5;

function findItem(test: DiagnosticTest, item: string | DiagnosticItem): DiagnosticItem | undefined {
  const id = typeof item === "string" ? item : item.id;
  return test.items.find((i) => i.id === id);
}

const isStringArray = (a: unknown): a is string[] => Array.isArray(a) && a.every((x) => typeof x === "string");

/**
 * Why `answer` is not a valid answer to `item` of `test`, in Russian, or null
 * when it is. Checked on the server before an answer is saved.
 */
export function validateAnswer(test: DiagnosticTest, item: string | DiagnosticItem, answer: unknown): string | null {
  const it = findItem(test, item);
  if (!it) return `В тесте «${test.title}» нет вопроса «${typeof item === "string" ? item : item.id}»`;
  switch (it.kind) {
    case "likert":
      if (typeof answer !== "number") return "Ответ на этот вопрос — число от 1 до 5";
      if (!Number.isInteger(answer) || answer < LIKERT_MIN || answer > LIKERT_MAX) return `Ответ ${answer} вне шкалы: нужно целое число от 1 до 5`;
      return null;
    case "forced":
      if (answer !== "a" && answer !== "b") return "Нужно выбрать одно из двух утверждений: «a» или «b»";
      return null;
    case "single":
      if (typeof answer !== "string") return "Нужно выбрать один вариант ответа";
      if (!it.options.some((o) => o.id === answer)) return `Варианта «${answer}» нет в этом вопросе`;
      return null;
    case "multiple": {
      if (!isStringArray(answer)) return "Нужен список выбранных вариантов";
      if (answer.length === 0) return "Выбери хотя бы один вариант";
      const unknown = answer.find((a) => !it.options.some((o) => o.id === a));
      if (unknown !== undefined) return `Варианта «${unknown}» нет в этом вопросе`;
      if (new Set(answer).size !== answer.length) return "Один вариант выбран дважды";
      return null;
    }
    case "ranking": {
      if (!isStringArray(answer)) return "Нужен список вариантов по порядку, с первого места";
      const unknown = answer.find((a) => !it.options.some((o) => o.id === a));
      if (unknown !== undefined) return `Варианта «${unknown}» нет в этом вопросе`;
      if (new Set(answer).size !== answer.length) return "Один вариант поставлен на два места";
      if (answer.length !== it.options.length) return `Нужно расставить по местам все варианты: ${it.options.length}`;
      return null;
    }
    case "game": {
      const ok =
        Array.isArray(answer) &&
        answer.every(
          (e) =>
            typeof e === "object" && e !== null && typeof (e as GameLogEvent).t === "number" && ["shown", "press", "answer", "end"].includes((e as GameLogEvent).type),
        );
      return ok ? null : "Результат игры принимается только как журнал событий игры";
    }
  }
}

/** Points an answer gives to each scale, and the range those points can take. */
interface Contribution {
  scale: string;
  points: number;
  min: number;
  max: number;
}

const sumFirst = (xs: number[], k: number) => xs.slice(0, k).reduce((a, b) => a + b, 0);

/**
 * The range of points an item can give each scale, answered or not; used for
 * the maximum of the scale. For ranking, a scale holding k of n options gets
 * at most the top k places' points and at least the bottom k places'.
 */
function ranges(item: DiagnosticItem): Map<string, { min: number; max: number }> {
  const r = new Map<string, { min: number; max: number }>();
  switch (item.kind) {
    case "likert":
      r.set(item.scale, { min: LIKERT_MIN, max: LIKERT_MAX });
      break;
    case "forced":
      r.set(item.a.scale, { min: 0, max: 1 });
      r.set(item.b.scale, { min: 0, max: 1 });
      break;
    case "single":
    case "multiple":
      r.set(item.scale, { min: 0, max: 1 });
      break;
    case "ranking": {
      const n = item.options.length;
      const points = item.options.map((_, i) => n - 1 - i); // n−1, n−2, …, 0
      const counts = new Map<string, number>();
      for (const o of item.options) counts.set(o.scale, (counts.get(o.scale) ?? 0) + 1);
      for (const [scale, k] of counts) r.set(scale, { max: sumFirst(points, k), min: sumFirst([...points].reverse(), k) });
      break;
    }
    case "game":
      r.set(item.scale, { min: 0, max: 100 });
      break;
  }
  return r;
}

/**
 * Points a valid answer gives:
 * - likert: the position 1–5, or 6 − position for a reversed item;
 * - forced: 1 to the chosen statement's scale, 0 to the other;
 * - single: 1 if right, else 0;
 * - multiple: partial credit, (right picks − wrong picks) / number of right options,
 *   never below 0 — ticking everything earns nothing, half of the right ones earns half;
 * - ranking: an option in place p (1-based) of n gets n − p points, so first gets n − 1, last 0;
 * - game: the game's percent, 0–100.
 */
function contributions(item: DiagnosticItem, answer: Answer, game: GameResult | undefined): Contribution[] {
  const range = ranges(item);
  const at = (scale: string, points: number): Contribution => ({ scale, points, ...range.get(scale)! });
  switch (item.kind) {
    case "likert": {
      const v = answer as number;
      return [at(item.scale, item.reversed ? LIKERT_MIN + LIKERT_MAX - v : v)];
    }
    case "forced":
      return [at(item.a.scale, answer === "a" ? 1 : 0), at(item.b.scale, answer === "b" ? 1 : 0)];
    case "single":
      return [at(item.scale, answer === item.correct ? 1 : 0)];
    case "multiple": {
      const chosen = answer as string[];
      const right = chosen.filter((c) => item.correct.includes(c)).length;
      const wrong = chosen.length - right;
      return [at(item.scale, Math.max(0, (right - wrong) / item.correct.length))];
    }
    case "ranking": {
      const order = answer as string[];
      const n = order.length;
      const points = new Map<string, number>();
      order.forEach((id, i) => {
        const scale = item.options.find((o) => o.id === id)!.scale;
        points.set(scale, (points.get(scale) ?? 0) + (n - (i + 1)));
      });
      return [...points].map(([scale, p]) => at(scale, p));
    }
    case "game":
      return game ? [at(item.scale, game.percent)] : [];
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The band a percent falls in: the first whose upTo is at or above it. */
export function bandOf(scale: DiagnosticScale, percent: number): { label: string; text: string } {
  const b = scale.bands.find((x) => percent <= x.upTo) ?? scale.bands.at(-1)!;
  return { label: b.label, text: b.text };
}

/**
 * Scores a finished (or partly finished) attempt. Unanswered items count
 * neither towards the points nor the range of their scales, so a scale's
 * percent is over what was answered. A stored answer that does not fit its
 * item means the definition and the data disagree, and is refused.
 */
export function scoreAttempt(test: DiagnosticTest, answers: Readonly<Record<string, Answer>>, gameResults: Readonly<Record<string, GameResult>> = {}): AttemptScore {
  const acc = new Map(test.scales.map((s) => [s.id, { raw: 0, min: 0, max: 0, answered: 0, items: 0 }]));
  const missing: string[] = [];
  const outcomes: ItemOutcome[] = [];

  for (const item of test.items) {
    for (const scale of ranges(item).keys()) acc.get(scale)!.items += 1;
    const answer = answers[item.id];
    const answered = item.kind === "game" ? gameResults[item.id] !== undefined : answer !== undefined;
    if (item.kind === "single" || item.kind === "multiple") {
      const chosen = answer === undefined ? [] : item.kind === "single" ? [answer as string] : (answer as string[]);
      const correctOptions = item.kind === "single" ? [item.correct] : item.correct;
      const correct = chosen.length === correctOptions.length && chosen.every((c) => correctOptions.includes(c));
      outcomes.push({ item: item.id, correct, chosen, correctOptions, explanation: item.explanation, question: item.text, optionTexts: Object.fromEntries(item.options.map((o) => [o.id, o.text])) });
    }
    if (!answered) {
      missing.push(item.id);
      continue;
    }
    if (item.kind !== "game") {
      const refusal = validateAnswer(test, item, answer);
      if (refusal) throw new AppError("BAD_REQUEST", `Вопрос «${item.id}»: ${refusal}`);
    }
    for (const c of contributions(item, answer as Answer, gameResults[item.id])) {
      const s = acc.get(c.scale)!;
      s.raw += c.points;
      s.min += c.min;
      s.max += c.max;
      s.answered += 1;
    }
  }

  const scales = test.scales.map((scale): ScaleScore => {
    const s = acc.get(scale.id)!;
    const percent = s.answered > 0 && s.max > s.min ? round1(((s.raw - s.min) / (s.max - s.min)) * 100) : null;
    const div = scale.aggregate === "mean" && s.answered > 0 ? s.answered : 1;
    return {
      scale: scale.id,
      title: scale.title,
      raw: round1(s.raw / div),
      min: round1(s.min / div),
      max: round1(s.max / div),
      percent,
      band: percent === null ? null : bandOf(scale, percent),
      answered: s.answered,
      items: s.items,
    };
  });

  const quiz = outcomes.length > 0 ? { correct: outcomes.filter((o) => o.correct).length, total: outcomes.length, items: outcomes } : null;
  return { scales, quiz, missing };
}

/**
 * Points per item of one scale for each attempt that answered all of them
 * (reversed items recoded), for the psychometrics page: rows are attempts,
 * columns the scale's items in test order.
 */
export function scaleItemMatrix(test: DiagnosticTest, scaleId: string, attempts: readonly Readonly<Record<string, Answer>>[]): { items: string[]; rows: number[][] } {
  const items = test.items.filter((i) => i.kind !== "game" && ranges(i).has(scaleId));
  const rows: number[][] = [];
  for (const answers of attempts) {
    const row: number[] = [];
    for (const item of items) {
      const answer = answers[item.id];
      if (answer === undefined || validateAnswer(test, item, answer) !== null) break;
      row.push(contributions(item, answer, undefined).find((c) => c.scale === scaleId)?.points ?? 0);
    }
    if (row.length === items.length) rows.push(row);
  }
  return { items: items.map((i) => i.id), rows };
}
