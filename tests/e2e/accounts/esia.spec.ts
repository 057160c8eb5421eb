import { logOut, expect, test } from "../support/fixtures";

test("a parent signs up through «Войти через Госуслуги» (the stand-in) and lands in the cabinet, not marked as verified", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Войти через Госуслуги" }).click();

  // The stand-in provider's own page.
  await expect(page.getByRole("heading", { name: "Госуслуги (тестовый стенд)" })).toBeVisible();
  await page.getByLabel(/Ким Виктор Андреевич/).check();
  await page.getByRole("button", { name: "Войти" }).click();

  await expect(page.getByRole("heading", { name: "Регистрация через Госуслуги" })).toBeVisible();
  await expect(page.getByText("Ким Виктор Андреевич")).toBeVisible();
  await page.getByRole("button", { name: "Завершить регистрацию" }).click();
  await expect(page.getByLabel("Субъект РФ")).toHaveAccessibleDescription("Выберите субъект Российской Федерации из списка");
  await page.getByLabel("Субъект РФ").selectOption({ label: "Приморский край" });
  await page.getByRole("button", { name: "Завершить регистрацию" }).click();

  await expect(page.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();
  // Only a real provider confirms identity; the development stand-in never does.
  await expect(page.getByText("Вы можете входить через тестовый стенд Госуслуг; он личность не подтверждает.")).toBeVisible();

  // Next time the same citizen goes straight in: the provider remembers its own sign-in (single sign-on).
  await logOut(page);
  await page.goto("/login");
  await page.getByRole("button", { name: "Войти через Госуслуги" }).click();
  await expect(page.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();
});
