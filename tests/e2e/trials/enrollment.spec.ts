import { enrollFromCatalogue, expect, fullName, makeFamily, makePerson, pageOf, scheduleTrial, test } from "../support/fixtures";

test("a trial from enrollment to rating: student, parent and mentor, each live", async ({ browser }) => {
  const [family, staffPerson, mentorPerson] = await Promise.all([makeFamily(), makePerson("staff"), makePerson("mentor")]);
  const [staff, student, parent, mentor] = await Promise.all([pageOf(browser, staffPerson), pageOf(browser, family.student), pageOf(browser, family.parent), pageOf(browser, mentorPerson)]);
  const child = family.student;

  // Staff schedule a trial starting in two hours, led by the mentor.
  const title = `Мобильная робототехника ${Date.now().toString(36)}`;
  await scheduleTrial(staff, { title, startsInMs: 2 * 3600_000, mentor: mentorPerson });

  // The parent's and the student's cabinets are open.
  await parent.goto("/parent");
  await expect(parent.locator(".bell")).toHaveAttribute("data-live", "true");
  await enrollFromCatalogue(student, title);
  const myTrial = student.getByRole("list", { name: "Записи на пробы" }).getByRole("listitem").filter({ hasText: title });
  await expect(myTrial).toContainText("ждёт подтверждения родителя");

  // The parent approves right in the live notification.
  await expect(parent.getByRole("status").filter({ hasText: "Ребёнок записался на пробу, подтвердите участие" })).toBeVisible();
  await parent.getByRole("button", { name: /Уведомления/ }).click();
  const request = parent.getByRole("region", { name: "Последние уведомления" }).getByRole("listitem").filter({ hasText: title });
  await parent.screenshot({ path: "test-results/approval-in-notification.png" });
  await request.getByRole("button", { name: "Подтвердить участие" }).click();
  await expect(request).toContainText("Участие подтверждено");

  // The student sees «подтверждено» without a reload.
  await expect(student.getByRole("status").filter({ hasText: "подтверждено" })).toBeVisible();
  await expect(myTrial).toContainText("подтверждено");

  // The mentor marks the student present from the roster; the parent is told live.
  await mentor.goto("/mentor");
  await mentor.getByRole("link", { name: title }).click();
  await mentor.getByRole("button", { name: `${fullName(child)}: присутствие` }).click();
  await expect(mentor.getByRole("status").filter({ hasText: "Посещение отмечено." })).toBeVisible();
  await expect(parent.getByRole("status").filter({ hasText: `Отмечено присутствие: ${child.firstName}` })).toBeVisible();

  // Feedback from the mentor, then the student's rating.
  await mentor.getByLabel("Комментарий").fill("Собрала робота и запрограммировала движение");
  await mentor.getByRole("button", { name: `Сохранить отзыв: ${fullName(child)}` }).click();
  await expect(mentor.getByRole("status").filter({ hasText: "Отзыв сохранён." })).toBeVisible();
  await expect(student.getByRole("status").filter({ hasText: "Наставник оставил отзыв" })).toBeVisible();
  await expect(myTrial).toContainText("Отзыв наставника: результат 4/5");
  await myTrial.getByLabel("Оценка пробы").selectOption("5");
  await myTrial.getByRole("button", { name: "Оценить" }).click();
  await expect(student.getByRole("status").filter({ hasText: "Спасибо за оценку!" })).toBeVisible();
  await expect(myTrial).toContainText("Твоя оценка: 5/5");
  await Promise.all([staff, student, parent, mentor].map((p) => p.context().close()));
});

test("staff edit a trial; bad input is refused in Russian and changes nothing", async ({ browser }) => {
  const [staffPerson, mentorPerson] = await Promise.all([makePerson("staff"), makePerson("mentor")]);
  const page = await pageOf(browser, staffPerson);
  const title = `Кондитерское дело ${Date.now().toString(36)}`;
  await scheduleTrial(page, { title, startsInMs: 5 * 86_400_000, mentor: mentorPerson });
  await page.getByRole("list", { name: "Предстоящие пробы" }).getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: "Изменить пробу" })).toBeVisible();
  await page.getByLabel("Мест").fill("0");
  await page.getByRole("button", { name: "Сохранить изменения" }).click();
  await expect(page.getByLabel("Мест")).toHaveAccessibleDescription("Хотя бы одно место");
  // A link that would run a script in the student's browser is refused.
  await page.getByLabel("Мест").fill("10");
  await page.getByLabel("Ссылка (для онлайн)").fill("javascript:alert(document.cookie)");
  await page.getByRole("button", { name: "Сохранить изменения" }).click();
  await expect(page.getByLabel("Ссылка (для онлайн)")).toHaveAccessibleDescription("Ссылка должна начинаться с https://");
  await page.getByLabel("Ссылка (для онлайн)").fill("https://meet.example.ru/eclairs");
  await page.getByLabel("Название").fill(`${title} и профитроли`);
  await page.getByRole("button", { name: "Сохранить изменения" }).click();
  await expect(page.getByRole("list", { name: "Предстоящие пробы" })).toContainText(`${title} и профитроли`);
  await expect(page.getByRole("list", { name: "Предстоящие пробы" }).getByRole("listitem").filter({ hasText: title })).toContainText("мест 0/10");
});
