import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, makeFamily, pageOf, test } from "../support/fixtures";

/** axe-core finds no serious or critical violation on the page as it is now. */
async function accessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

async function answerLikert(page: Page, from: number, to: number, total: number) {
  for (let n = from; n <= to; n++) {
    await expect(page.getByRole("heading", { name: `Вопрос ${n} из ${total}` })).toBeVisible();
    await page.getByRole("radio", { name: "Скорее про меня" }).click();
  }
}

test("a student takes a Likert test with a break in the middle; the parent is told live and sees the result; nobody else sees anything", async ({ browser }) => {
  const family = await makeFamily();
  const strangers = await makeFamily();
  const parent = await pageOf(browser, family.parent);
  await parent.goto("/parent");
  await expect(parent.locator(".bell")).toHaveAttribute("data-live", "true");

  let student = await pageOf(browser, family.student);
  await student.goto("/student");
  await student.getByRole("link", { name: "Пройти тесты" }).click();
  await expect(student.getByRole("heading", { name: "Онлайн-диагностика", level: 1 })).toBeVisible();
  await accessible(student);
  await student.getByRole("button", { name: "Начать: Работа в команде" }).click();
  await answerLikert(student, 1, 6, 12);
  await expect(student.getByRole("heading", { name: "Вопрос 7 из 12" })).toBeVisible();
  await expect(student.getByRole("status").filter({ hasText: "Сохранено" })).toBeVisible();
  await accessible(student);

  // The browser is closed in the middle; the test resumes at the same item.
  await student.context().close();
  student = await pageOf(browser, family.student);
  await student.goto("/student/diagnostics");
  await expect(student.getByText("в процессе: 6 из 12")).toBeVisible();
  await student.getByRole("button", { name: "Продолжить: Работа в команде" }).click();
  await answerLikert(student, 7, 12, 12);
  await expect(student.getByRole("heading", { name: "Все ответы сохранены" })).toBeVisible();
  await student.getByRole("button", { name: "Завершить тест" }).click();

  // The result at once: a chart and the interpretation of each scale.
  await expect(student.getByRole("heading", { name: "Результат: Работа в команде" })).toBeVisible();
  const chart = student.getByRole("region", { name: "Твои результаты по шкалам" });
  await expect(chart.locator("svg").first()).toBeVisible();
  await expect(student.getByRole("heading", { name: "Что это значит" })).toBeVisible();
  await expect(student.getByRole("article").first()).toContainText(/Надёжный участник|Сильная сторона|Есть куда расти/);
  await accessible(student);
  const attemptId = new URL(student.url()).pathname.split("/").pop()!;

  // The linked parent is told live and sees the same result.
  await expect(parent.getByRole("status").filter({ hasText: "тест «Работа в команде» пройден" })).toBeVisible();
  await parent.goto(`/parent/children/${family.student.id}/diagnostics/${attemptId}`);
  await expect(parent.getByRole("heading", { name: new RegExp(`${family.student.firstName}.*: Работа в команде`) })).toBeVisible();
  await expect(parent.getByRole("region", { name: "Результаты ребёнка по шкалам" }).locator("svg").first()).toBeVisible();

  // Another family's parent and another student get nothing.
  const stranger = await pageOf(browser, strangers.parent);
  const refused = await stranger.goto(`/parent/children/${family.student.id}/diagnostics`);
  expect(refused!.status()).toBe(403);
  await expect(stranger.getByRole("heading", { name: "Нет доступа к этой странице" })).toBeVisible();
  const foreignResult = await stranger.goto(`/parent/children/${strangers.student.id}/diagnostics/${attemptId}`);
  expect([403, 404]).toContain(foreignResult!.status());
  await expect(stranger.getByText("Работа в команде")).toHaveCount(0);
  const otherStudent = await pageOf(browser, strangers.student);
  const notTheirs = await otherStudent.goto(`/student/diagnostics/result/${attemptId}`);
  expect(notTheirs!.status()).toBe(403);
  await expect(otherStudent.getByText("Работа в команде")).toHaveCount(0);
});

test("a game played in the browser is scored on the server from its log", async ({ browser }) => {
  const { student: person } = await makeFamily();
  const student = await pageOf(browser, person);
  // The clock is the browser's own, driven by the test: presses a human could make, with no real waiting.
  await student.clock.install();
  await student.goto("/student/diagnostics");
  await student.getByRole("button", { name: "Начать: Таблица Шульте: внимание" }).click();
  await student.getByRole("button", { name: "Начать", exact: true }).click();
  for (let n = 1; n <= 25; n++) {
    await student.clock.runFor(400);
    await student.getByRole("button", { name: `Число ${n}`, exact: true }).click();
  }
  await expect(student.getByRole("status").filter({ hasText: "Сохранено" })).toBeVisible();
  await student.getByRole("button", { name: "Дальше" }).click();
  await student.getByRole("button", { name: "Завершить тест" }).click();
  await expect(student.getByRole("heading", { name: "Результат: Таблица Шульте: внимание" })).toBeVisible();
  await expect(student.getByRole("region", { name: "Твои результаты по шкалам" })).toContainText(/\d/);
});

test("on a 375 px phone the test page fits the screen and answers are big enough to tap", async ({ browser }) => {
  const { student: person } = await makeFamily();
  const student = await pageOf(browser, person, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await student.goto("/student/diagnostics");
  await student.getByRole("button", { name: "Начать: Общение" }).tap();
  await expect(student.getByRole("heading", { name: "Вопрос 1 из 12" })).toBeVisible();
  expect(await student.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const option = student.getByRole("radio", { name: "Точно про меня" });
  const box = (await option.locator("xpath=ancestor::label[1]").boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(40);
  await option.tap();
  await expect(student.getByRole("heading", { name: "Вопрос 2 из 12" })).toBeVisible();
  await student.screenshot({ path: "test-results/phone-diagnostics.png", fullPage: true });
});
