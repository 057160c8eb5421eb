import { expect, makeFamily, makePerson, pageOf, scheduleTrial, test } from "../support/fixtures";

test("a trial's own page: facts and free seats, enroll and cancel there; a bad address is 404", async ({ browser }) => {
  const [family, staffPerson, mentor] = await Promise.all([makeFamily(), makePerson("staff"), makePerson("mentor")]);
  const title = `Первая веб-страница ${Date.now().toString(36)}`;
  const staff = await pageOf(browser, staffPerson);
  await scheduleTrial(staff, { title, startsInMs: 4 * 86_400_000, mentor });
  await staff.context().close();

  const page = await pageOf(browser, family.student);
  await page.goto("/student/trials");
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByText("Онлайн (ссылка появится, когда родитель подтвердит участие)")).toBeVisible();
  const seats = page.getByLabel("Свободных мест");
  await expect(seats).toHaveText("10 из 10");

  await page.getByRole("button", { name: "Записаться", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ты в списке участников" })).toBeVisible();
  const mine = page.getByRole("region", { name: "Моя запись" });
  await expect(mine).toContainText("ждёт подтверждения родителя");
  await expect(seats).toHaveText("9 из 10");
  // The meeting link stays hidden until a parent confirms.
  await expect(page.getByRole("link", { name: "Ссылка на онлайн-пробу" })).toHaveCount(0);

  await mine.getByRole("button", { name: "Отменить запись" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Запись отменена." })).toBeVisible();
  await expect(seats).toHaveText("10 из 10");
  await expect(page.getByRole("button", { name: "Записаться", exact: true })).toBeVisible();

  const missing = await page.goto("/student/trials/00000000-0000-4000-8000-000000000000");
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Страница не найдена" })).toBeVisible();
  const broken = await page.goto("/student/trials/not-a-trial");
  expect(broken!.status()).toBe(404);
});
