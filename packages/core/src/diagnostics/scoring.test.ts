import type { DiagnosticTest } from "@bilet/content";
import { describe, expect, it } from "vitest";
import { scaleItemMatrix, scoreAttempt, validateAnswer } from "./scoring.ts";

const bands = [
  { upTo: 40, label: "низкий", text: "Пока выражено слабо." },
  { upTo: 70, label: "средний", text: "Выражено умеренно." },
  { upTo: 100, label: "высокий", text: "Выражено ярко." },
];
const scale = (id: string, aggregate: "sum" | "mean" = "sum") => ({ id, title: id.toUpperCase(), description: "—", aggregate, bands });

/** A small test with every item kind, written for these hand computations. */
const test: DiagnosticTest = {
  id: "scoring-fixture",
  version: 1,
  title: "Проверочный тест",
  description: "—",
  category: "interests",
  grades: [6, 11],
  minutes: 5,
  source: "фикстура для модульных тестов",
  instructions: "—",
  scales: [scale("x"), scale("y"), scale("q"), scale("g")],
  items: [
    { id: "l1", kind: "likert", text: "—", scale: "x" },
    { id: "l2", kind: "likert", text: "—", scale: "x", reversed: true },
    { id: "l3", kind: "likert", text: "—", scale: "y" },
    { id: "f1", kind: "forced", a: { text: "—", scale: "x" }, b: { text: "—", scale: "y" } },
    { id: "f2", kind: "forced", a: { text: "—", scale: "y" }, b: { text: "—", scale: "x" } },
    {
      id: "r1",
      kind: "ranking",
      text: "—",
      options: [
        { id: "o1", text: "—", scale: "x" },
        { id: "o2", text: "—", scale: "y" },
        { id: "o3", text: "—", scale: "y" },
      ],
    },
    { id: "s1", kind: "single", text: "—", scale: "q", correct: "b", explanation: "Потому что b.", options: [{ id: "a", text: "—" }, { id: "b", text: "—" }, { id: "c", text: "—" }] },
    {
      id: "m1",
      kind: "multiple",
      text: "—",
      scale: "q",
      correct: ["a", "c"],
      explanation: "a и c.",
      options: [{ id: "a", text: "—" }, { id: "b", text: "—" }, { id: "c", text: "—" }, { id: "d", text: "—" }],
    },
    { id: "g1", kind: "game", game: "schulte", scale: "g", params: { size: 3 }, timeLimitSeconds: 60 },
  ],
};

const answers = { l1: 4, l2: 2, l3: 5, f1: "a", f2: "a", r1: ["o2", "o1", "o3"], s1: "b", m1: ["a", "b"] };

describe("scoreAttempt", () => {
  it("scores every item kind as computed by hand", () => {
    const score = scoreAttempt(test, answers, { g1: { percent: 82.5 } });
    const by = Object.fromEntries(score.scales.map((s) => [s.scale, s]));
    // x: l1 = 4 [1..5]; l2 reversed 6 − 2 = 4 [1..5]; f1 chose a → 1 [0..1]; f2 chose a (y) → 0 [0..1];
    //    r1: o1 in place 2 of 3 → 3 − 2 = 1, one option of three → range [0..2].
    //    raw 4 + 4 + 1 + 0 + 1 = 10, min 1 + 1 + 0 + 0 + 0 = 2, max 5 + 5 + 1 + 1 + 2 = 14,
    //    percent (10 − 2) / (14 − 2) = 8 / 12 = 66.67 → 66.7, band «средний» (≤ 70).
    expect(by.x).toMatchObject({ raw: 10, min: 2, max: 14, percent: 66.7, answered: 5, items: 5, band: { label: "средний" } });
    // y: l3 = 5 [1..5]; f1 → 0 [0..1]; f2 → 1 [0..1]; r1: o2 first → 2, o3 third → 0, two options of three →
    //    range [0 + 1 .. 2 + 1] = [1..3]. raw 5 + 0 + 1 + 2 = 8, min 1 + 0 + 0 + 1 = 2, max 5 + 1 + 1 + 3 = 10,
    //    percent (8 − 2) / (10 − 2) = 75, band «высокий».
    expect(by.y).toMatchObject({ raw: 8, min: 2, max: 10, percent: 75, band: { label: "высокий" } });
    // q: s1 right → 1; m1 picks a (right) and b (wrong): (1 − 1) / 2 = 0. raw 1 of [0..2] → 50.
    expect(by.q).toMatchObject({ raw: 1, min: 0, max: 2, percent: 50, band: { label: "средний" } });
    // g: the game's percent over [0..100].
    expect(by.g).toMatchObject({ raw: 82.5, max: 100, percent: 82.5 });
    expect(score.quiz).toMatchObject({ correct: 1, total: 2 });
    expect(score.quiz!.items[1]).toEqual({
      item: "m1",
      correct: false,
      chosen: ["a", "b"],
      correctOptions: ["a", "c"],
      explanation: "a и c.",
      question: "—",
      optionTexts: { a: "—", b: "—", c: "—", d: "—" },
    });
    expect(score.missing).toEqual([]);
  });

  it("gives partial credit on multiple choice and counts only exact sets as right", () => {
    // half of the right options, nothing wrong: 1 / 2 = 0.5 of [0..1]; with s1 wrong → 0.5 of 2 = 25 %
    const half = scoreAttempt(test, { ...answers, s1: "a", m1: ["a"] });
    expect(half.scales.find((s) => s.scale === "q")).toMatchObject({ raw: 0.5, percent: 25 });
    expect(half.quiz!.correct).toBe(0);
    const all = scoreAttempt(test, { ...answers, m1: ["a", "c"] });
    expect(all.quiz!.correct).toBe(2);
    // ticking everything: 2 right − 2 wrong = 0
    const everything = scoreAttempt(test, { ...answers, s1: "a", m1: ["a", "b", "c", "d"] });
    expect(everything.scales.find((s) => s.scale === "q")!.percent).toBe(0);
  });

  it("scores over answered items only and lists the missing ones", () => {
    const { l3: _skip, ...rest } = answers;
    const score = scoreAttempt(test, rest);
    // y without l3: raw 0 + 1 + 2 = 3, min 0 + 0 + 1 = 1, max 1 + 1 + 3 = 5 → (3 − 1) / 4 = 50
    expect(score.scales.find((s) => s.scale === "y")).toMatchObject({ raw: 3, percent: 50, answered: 3, items: 4 });
    expect(score.scales.find((s) => s.scale === "g")).toMatchObject({ percent: null, band: null, answered: 0 });
    expect(score.missing).toEqual(["l3", "g1"]);
  });

  it("reports the mean instead of the sum when the scale says so, with the same percent", () => {
    const meanTest: DiagnosticTest = { ...test, scales: [scale("x", "mean"), scale("y"), scale("q"), scale("g")] };
    // x: raw 10 / 5 items = 2, min 2 / 5 = 0.4, max 14 / 5 = 2.8; percent still 66.7
    expect(scoreAttempt(meanTest, answers).scales[0]).toMatchObject({ raw: 2, min: 0.4, max: 2.8, percent: 66.7 });
  });

  it("refuses a stored answer that does not fit its item", () => {
    expect(() => scoreAttempt(test, { ...answers, l1: 7 })).toThrow(/l1/);
  });
});

describe("validateAnswer", () => {
  it("accepts answers of the right kind", () => {
    expect(validateAnswer(test, "l1", 5)).toBeNull();
    expect(validateAnswer(test, "f1", "b")).toBeNull();
    expect(validateAnswer(test, "s1", "c")).toBeNull();
    expect(validateAnswer(test, "m1", ["a", "d"])).toBeNull();
    expect(validateAnswer(test, "r1", ["o3", "o1", "o2"])).toBeNull();
    expect(validateAnswer(test, "g1", [{ t: 0, type: "shown", value: null }])).toBeNull();
  });

  it("names what is wrong, in Russian", () => {
    expect(validateAnswer(test, "nope", 1)).toMatch(/нет вопроса «nope»/);
    expect(validateAnswer(test, "l1", 0)).toMatch(/вне шкалы/);
    expect(validateAnswer(test, "l1", 2.5)).toMatch(/целое число от 1 до 5/);
    expect(validateAnswer(test, "l1", "5")).toMatch(/число от 1 до 5/);
    expect(validateAnswer(test, "f1", "c")).toMatch(/«a» или «b»/);
    expect(validateAnswer(test, "s1", "z")).toMatch(/Варианта «z» нет/);
    expect(validateAnswer(test, "s1", ["a"])).toMatch(/один вариант/);
    expect(validateAnswer(test, "m1", [])).toMatch(/хотя бы один/);
    expect(validateAnswer(test, "m1", ["a", "a"])).toMatch(/дважды/);
    expect(validateAnswer(test, "m1", ["x"])).toMatch(/Варианта «x» нет/);
    expect(validateAnswer(test, "r1", ["o1", "o2"])).toMatch(/все варианты: 3/);
    expect(validateAnswer(test, "r1", ["o1", "o1", "o2"])).toMatch(/на два места/);
    expect(validateAnswer(test, "g1", 42)).toMatch(/журнал событий/);
  });
});

describe("scaleItemMatrix", () => {
  it("recodes reversed items and keeps only attempts that answered the whole scale", () => {
    const m = scaleItemMatrix(test, "x", [answers, { l1: 1, l2: 5, f1: "b", f2: "b", r1: ["o1", "o2", "o3"] }, { l1: 3 }]);
    expect(m.items).toEqual(["l1", "l2", "f1", "f2", "r1"]);
    // second attempt: l1 1, l2 reversed 6 − 5 = 1, f1 b → 0 for x, f2 b → 1 for x, r1 o1 first → 2
    expect(m.rows).toEqual([
      [4, 4, 1, 0, 1],
      [1, 1, 0, 1, 2],
    ]);
  });
});
