import { z } from "zod";

export const testIdInput = z.object({
  testId: z.string({ error: "Тест не найден" }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Тест не найден").max(80, "Тест не найден"),
});
export const testReportInput = testIdInput.extend({ version: z.number().int().min(1).max(1000).optional() });
export const attemptIdInput = z.object({ attemptId: z.uuid({ error: "Попытка не найдена" }) });

const gameEvent = z.object({
  t: z.number().min(0).max(24 * 3600_000),
  type: z.enum(["shown", "press", "answer", "end"]),
  value: z.number().int().min(-1).max(10_000).nullable().optional(),
});

/** One answer as the test page sends it; the server checks it against the item's definition. */
export const saveAnswerInput = attemptIdInput.extend({
  itemId: z.string({ error: "Вопрос не найден" }).min(1).max(80),
  answer: z.union(
    [
      z.number().int().min(0).max(100),
      z.string().min(1).max(80),
      z.array(z.string().min(1).max(80)).max(20),
      z.array(gameEvent).max(2000),
    ],
    { error: "Ответ не распознан: выбери вариант ещё раз" },
  ),
});

/** A test definition file uploaded by staff (JSON text). */
export const uploadTestInput = z.object({
  file: z.string({ error: "Выберите файл теста" }).min(2, "Выберите файл теста").max(200_000, "Файл теста слишком большой: не больше 200 КБ"),
});
