import { DEMO, enrollAsDemoStudent, expect, logIn, scheduleTrial, test } from "../support/fixtures";

test("a trial from enrollment to rating: student, parent and mentor, each live", async ({ browser }) => {
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext(), browser.newContext()]);
  const [staff, student, parent, mentor] = await Promise.all(contexts.map((c) => c.newPage()));

  // Staff schedule a trial starting in two hours, led by the demo mentor.
  const title = `Мобильная робототехника ${Date.now().toString(36)}`;
  await logIn(staff!, DEMO.staff, DEMO.password);
  await scheduleTrial(staff!, { title, startsInMs: 2 * 3600_000 });

  // The parent's and the student's cabinets are open.
  await logIn(parent!, DEMO.parent, DEMO.password);
  await expect(parent!.locator(".bell")).toHaveAttribute("data-live", "true");
  await enrollAsDemoStudent(student!, title);
  const myTrial = student!.getByRole("list", { name: "Записи на пробы" }).getByRole("listitem").filter({ hasText: title });
  await expect(myTrial).toContainText("ждёт подтверждения родителя");

  // The parent approves right in the live notification.
  await expect(parent!.getByRole("status").filter({ hasText: "Ребёнок записался на пробу, подтвердите участие" })).toBeVisible();
  await parent!.getByRole("button", { name: /Уведомления/ }).click();
  const request = parent!.getByRole("region", { name: "Последние уведомления" }).getByRole("listitem").filter({ hasText: title });
  await parent!.screenshot({ path: "test-results/approval-in-notification.png" });
  await request.getByRole("button", { name: "Подтвердить участие" }).click();
  await expect(request).toContainText("Участие подтверждено.");

  // The student sees «подтверждено» without a reload.
  await expect(student!.getByRole("status").filter({ hasText: "подтверждено" })).toBeVisible();
  await expect(myTrial).toContainText("подтверждено");

  // The mentor marks the student present from the roster; the parent is told live.
  await logIn(mentor!, DEMO.mentor, DEMO.password);
  await mentor!.getByRole("link", { name: title }).click();
  await mentor!.getByRole("button", { name: "Смирнова Алина Игоревна: пришёл(ла)" }).click();
  await expect(mentor!.getByRole("status").filter({ hasText: "Посещение отмечено." })).toBeVisible();
  await expect(parent!.getByRole("status").filter({ hasText: "Алина пришёл(ла) на пробу" })).toBeVisible();

  // Feedback from the mentor, then the student's rating.
  await mentor!.getByLabel("Комментарий").fill("Собрала робота и запрограммировала движение");
  await mentor!.getByRole("button", { name: "Сохранить отзыв: Смирнова Алина Игоревна" }).click();
  await expect(mentor!.getByRole("status").filter({ hasText: "Отзыв сохранён." })).toBeVisible();
  await expect(student!.getByRole("status").filter({ hasText: "Наставник оставил отзыв" })).toBeVisible();
  await expect(myTrial).toContainText("Отзыв наставника: результат 4/5");
  await myTrial.getByLabel("Оценка пробы").selectOption("5");
  await myTrial.getByRole("button", { name: "Оценить" }).click();
  await expect(student!.getByRole("status").filter({ hasText: "Спасибо за оценку!" })).toBeVisible();
  await expect(myTrial).toContainText("Ваша оценка: 5/5");
  await Promise.all(contexts.map((c) => c.close()));
});

test("staff edit a trial; bad input is refused in Russian and changes nothing", async ({ page }) => {
  await logIn(page, DEMO.staff, DEMO.password);
  await page.goto("/staff/trials");
  await page.getByRole("list", { name: "Предстоящие пробы" }).getByRole("link", { name: "Кондитерское дело: эклеры" }).click();
  await expect(page.getByRole("heading", { name: "Изменить пробу" })).toBeVisible();
  await page.getByLabel("Мест").fill("0");
  await page.getByRole("button", { name: "Сохранить изменения" }).click();
  await expect(page.getByLabel("Мест")).toHaveAccessibleDescription("Хотя бы одно место");
  await page.getByLabel("Мест").fill("10");
  await page.getByLabel("Название").fill("Кондитерское дело: эклеры и профитроли");
  await page.getByRole("button", { name: "Сохранить изменения" }).click();
  await expect(page.getByRole("list", { name: "Предстоящие пробы" })).toContainText("Кондитерское дело: эклеры и профитроли");
  await expect(page.getByRole("list", { name: "Предстоящие пробы" })).toContainText("мест 0/10");
});
