import { expect, makeFamily, makePerson, pageOf, test } from "../support/fixtures";

test("a visitor asks the bot and gets answers; a parent files a request through the chat; staff answer; the parent sees it live", async ({ browser, page }) => {
  // A visitor on the home page: the knowledge base answers.
  await page.goto("/");
  await page.getByRole("button", { name: "Задать вопрос" }).click();
  const bot = page.getByRole("dialog", { name: "Чат-бот помощи" });
  await bot.getByLabel("Ваш вопрос").fill("не пришло письмо для подтверждения регистрации");
  await bot.getByRole("button", { name: "Отправить" }).click();
  await expect(bot.getByRole("group", { name: /^Это помогло\?/ }).first()).toBeVisible();
  await expect(bot.getByRole("link", { name: /^Перейти: / }).first()).toBeVisible();

  // A signed-in parent is not helped and files a request: name and email come prefilled.
  const { parent } = await makeFamily();
  const [staffPerson] = await Promise.all([makePerson("staff")]);
  const parentPage = await pageOf(browser, parent);
  await parentPage.goto("/requests");
  await expect(parentPage.locator(".bell")).toHaveAttribute("data-live", "true");
  await parentPage.getByRole("button", { name: "Задать вопрос" }).click();
  const chat = parentPage.getByRole("dialog", { name: "Чат-бот помощи" });
  const subject = `Согласие ${Date.now().toString(36)}`;
  await chat.getByLabel("Ваш вопрос").fill("Как отозвать согласие на обработку данных сына и что будет с его записями на пробы?");
  await chat.getByRole("button", { name: "Отправить" }).click();
  await chat.getByRole("group", { name: /^Это помогло\?/ }).first().getByRole("button", { name: "Нет" }).click();
  // Name, email, region and the question itself are known; the bot asks only for what is missing: here, the subject.
  await chat.getByLabel("Тема обращения").fill(subject);
  await chat.getByRole("button", { name: "Отправить" }).click();
  await expect(chat.getByText(/Обращение № \d+ отправлено/)).toBeVisible();

  // Staff find it in the queue and answer.
  const staff = await pageOf(browser, staffPerson);
  await staff.goto("/staff/requests?status=new");
  await staff.getByRole("row").filter({ hasText: subject }).getByRole("link").first().click();
  await staff.getByRole("button", { name: "Взять в работу" }).click();
  await staff.getByLabel("Ответ", { exact: true }).fill("Отзовите согласие на странице ребёнка.\nЗаписи, ещё не подтверждённые, будут отменены.");
  await staff.getByRole("button", { name: "Отправить ответ" }).click();
  await expect(staff.getByRole("list", { name: "Сообщения по обращению" })).toContainText("Отзовите согласие на странице ребёнка.");

  // The parent sees the answer live, without reloading.
  await expect(parentPage.getByRole("status").filter({ hasText: /Ответ на обращение № \d+/ })).toBeVisible();
  await expect(parentPage.getByText("Отзовите согласие на странице ребёнка.").first()).toBeVisible();
});
