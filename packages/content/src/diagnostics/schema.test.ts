import { describe, expect, it } from "vitest";
import { defineDiagnosticTest, parseDiagnosticTest, type DiagnosticTestInput } from "./schema.ts";

const bands = [
  { upTo: 50, label: "Низкий", text: "Пока выражено слабо." },
  { upTo: 100, label: "Высокий", text: "Выражено ярко." },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases break the shape on purpose
type Raw = any;

/** A small valid test with every item kind; each case below breaks one thing in a copy. */
const valid = (): DiagnosticTestInput => ({
  id: "schema-fixture",
  version: 1,
  title: "Проверка схемы",
  description: "Тест для проверки схемы.",
  category: "awareness",
  grades: [8, 9],
  minutes: 5,
  source: "фикстура модульных тестов",
  instructions: "Ответь на вопросы.",
  scales: [
    { id: "x", title: "Шкала X", description: "—", interests: { R: 1, technics: 0.5 }, subjects: ["physics"], bands },
    { id: "y", title: "Шкала Y", description: "—", bands },
  ],
  items: [
    { id: "l1", kind: "likert", text: "Утверждение", scale: "x", reversed: true },
    { id: "f1", kind: "forced", a: { text: "Первое", scale: "x" }, b: { text: "Второе", scale: "y" } },
    { id: "s1", kind: "single", text: "Вопрос", scale: "y", correct: "b", explanation: "Потому что.", options: [{ id: "a", text: "А" }, { id: "b", text: "Б" }] },
    {
      id: "m1",
      kind: "multiple",
      text: "Вопрос",
      scale: "y",
      correct: ["a", "c"],
      explanation: "Потому что.",
      options: [{ id: "a", text: "А" }, { id: "b", text: "Б" }, { id: "c", text: "В" }],
    },
    { id: "r1", kind: "ranking", text: "Расставь", options: [{ id: "a", text: "А", scale: "x" }, { id: "b", text: "Б", scale: "y" }] },
    { id: "g1", kind: "game", game: "sequence", scale: "x", params: { startLength: 3, rounds: 5 }, timeLimitSeconds: 120 },
  ],
});

const errorsOf = (mutate: (t: Raw) => void) => {
  const t = structuredClone(valid());
  mutate(t);
  const r = parseDiagnosticTest(t);
  return r.ok ? [] : r.errors;
};

describe("parseDiagnosticTest", () => {
  it("accepts a valid test and fills defaults", () => {
    const r = parseDiagnosticTest(valid());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.test.scales[0]!.aggregate).toBe("sum");
    const game = r.test.items[5]!;
    expect(game.kind === "game" && game.game === "sequence" && game.params.showMs).toBe(700);
  });

  it.each([
    ["an id not in kebab-case", (t: Raw) => (t.id = "Мой тест"), "Поле id: нужен идентификатор латиницей через дефис"],
    ["a version below 1", (t: Raw) => (t.version = 0), "Поле version: должно быть не меньше 1"],
    ["an unknown category", (t: Raw) => (t.category = "fun"), "Поле category: допустимые значения: interests, inclinations, readiness, awareness, strengths, values"],
    ["a grade outside 6–11", (t: Raw) => (t.grades = [5, 9]), "Поле grades[0]: должно быть не меньше 6"],
    ["grades in the wrong order", (t: Raw) => (t.grades = [10, 8]), "Поле grades: классы указаны не по порядку"],
    ["a missing source", (t: Raw) => delete t.source, "Поле source: поле обязательно"],
    ["an empty title", (t: Raw) => (t.title = "  "), "Поле title: не может быть пустым"],
    ["an unknown field", (t: Raw) => (t.author = "кто-то"), "Тест: лишние поля: author"],
    ["a duplicate item id", (t: Raw) => (t.items[1].id = "l1"), "Вопрос 2 (items[1].id): вопрос с идентификатором «l1» уже есть в тесте"],
    ["a duplicate scale id", (t: Raw) => (t.scales[1].id = "x"), "Шкала 2 (scales[1].id): шкала «x» уже есть в тесте"],
    ["an item on a missing scale", (t: Raw) => (t.items[0].scale = "z"), "Вопрос 1 (items[0].scale): шкалы «z» нет в списке scales"],
    ["a forced choice side on a missing scale", (t: Raw) => (t.items[1].b.scale = "z"), "Вопрос 2 (items[1].b.scale): шкалы «z» нет в списке scales"],
    ["a forced choice with both sides on one scale", (t: Raw) => (t.items[1].b.scale = "x"), "Вопрос 2 (items[1].b.scale): оба утверждения ведут к одной шкале"],
    ["a ranking option on a missing scale", (t: Raw) => (t.items[4].options[1].scale = "z"), "Вопрос 5 (items[4].options[1].scale): шкалы «z» нет в списке scales"],
    ["a missing correct answer", (t: Raw) => delete t.items[2].correct, "Вопрос 3 (items[2].correct): поле обязательно"],
    ["a correct answer not among the options", (t: Raw) => (t.items[2].correct = "c"), "Вопрос 3 (items[2].correct): правильный ответ «c» не найден среди вариантов"],
    ["a multiple-choice answer not among the options", (t: Raw) => (t.items[3].correct = ["a", "d"]), "Вопрос 4 (items[3].correct[1]): правильный ответ «d» не найден среди вариантов"],
    ["every option correct", (t: Raw) => (t.items[3].correct = ["a", "b", "c"]), "Вопрос 4 (items[3].correct): все варианты правильные"],
    ["a repeated option id", (t: Raw) => (t.items[3].options[2].id = "a"), "Вопрос 4 (items[3].options[2].id): вариант «a» повторяется"],
    ["a missing explanation", (t: Raw) => delete t.items[2].explanation, "Вопрос 3 (items[2].explanation): поле обязательно"],
    ["an unknown item kind", (t: Raw) => (t.items[0].kind = "essay"), "Вопрос 1 (items[0].kind): неизвестное значение поля kind"],
    ["an unknown game", (t: Raw) => (t.items[5].game = "tetris"), "Вопрос 6 (items[5].game): неизвестное значение поля game"],
    ["game params of another game", (t: Raw) => (t.items[5].params = { size: 5 }), "Вопрос 6 (items[5].params): лишние поля: size"],
    ["a Schulte table too large", (t: Raw) => (t.items[5] = { ...t.items[5], game: "schulte", params: { size: 9 } }), "Вопрос 6 (items[5].params.size): должно быть не больше 7"],
    ["bands out of order", (t: Raw) => (t.scales[0].bands = [bands[1], bands[0]]), "Шкала 1 (scales[0].bands[1].upTo): границы диапазонов должны расти: 50 не больше 100"],
    ["a last band below 100", (t: Raw) => (t.scales[0].bands = [bands[0]]), "Шкала 1 (scales[0].bands[0].upTo): последний диапазон должен заканчиваться на 100"],
    ["a band beyond 100", (t: Raw) => (t.scales[0].bands[1].upTo = 120), "Шкала 1 (scales[0].bands[1].upTo): должно быть не больше 100"],
    ["a profile weight toward an unknown area", (t: Raw) => (t.scales[0].interests = { Q: 1 }), "Шкала 1 (scales[0].interests): лишние поля: Q"],
    ["a weight above 1", (t: Raw) => (t.scales[0].interests = { R: 2 }), "Шкала 1 (scales[0].interests.R): должно быть не больше 1"],
    ["an unknown school subject", (t: Raw) => (t.scales[0].subjects = ["astrology"]), "Шкала 1 (scales[0].subjects[0]): допустимые значения:"],
    ["a scale no item uses", (t: Raw) => t.scales.push({ id: "w", title: "W", description: "—", bands }), "Шкала 3 (scales[2].id): шкала «w» не используется ни одним вопросом"],
  ])("rejects %s, naming the field", (_name, mutate, message) => {
    const errors = errorsOf(mutate);
    expect(errors.some((e) => e.startsWith(message)), `${message}\nnot among:\n${errors.join("\n")}`).toBe(true);
  });

  it("rejects what is not an object at all", () => {
    expect(parseDiagnosticTest(null)).toEqual({ ok: false, errors: ["Тест: ожидается объект"] });
  });

  it("throws on a broken shipped file, with the errors", () => {
    expect(() => defineDiagnosticTest({ ...valid(), grades: [9, 8] })).toThrow(/schema-fixture[\s\S]*Поле grades/);
  });
});
