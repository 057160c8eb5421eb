import { DEMO, expect, logIn, test } from "../support/fixtures";

test("a trial's own page: facts and free seats, enroll and cancel there; a bad address is 404", async ({ page }) => {
  const title = "Первая веб-страница за два часа";
  await logIn(page, DEMO.student, DEMO.password);
  await page.goto("/student/trials");
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByText("Онлайн (ссылка появится, когда родитель подтвердит участие)")).toBeVisible();
  const seats = page.getByLabel("Свободных мест");
  const free = Number((await seats.textContent())!.split(" из ")[0]);

  await page.getByRole("button", { name: "Записаться", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Вы записаны" })).toBeVisible();
  const mine = page.getByRole("region", { name: "Моя запись" });
  await expect(mine).toContainText("ждёт подтверждения родителя");
  await expect(seats).toHaveText(`${free - 1} из 25`);
  // The meeting link stays hidden until a parent confirms.
  await expect(page.getByRole("link", { name: "Ссылка на онлайн-пробу" })).toHaveCount(0);

  await mine.getByRole("button", { name: "Отменить запись" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Запись отменена." })).toBeVisible();
  await expect(seats).toHaveText(`${free} из 25`);
  await expect(page.getByRole("button", { name: "Записаться", exact: true })).toBeVisible();

  const missing = await page.goto("/student/trials/00000000-0000-4000-8000-000000000000");
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Страница не найдена" })).toBeVisible();
  const broken = await page.goto("/student/trials/not-a-trial");
  expect(broken!.status()).toBe(404);
});
