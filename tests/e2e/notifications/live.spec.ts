import { DEMO, expect, logIn, test } from "../support/fixtures";

test.describe("notifications", () => {
  test("one stored while the browser is open appears without a reload", async ({ browser }) => {
    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    const page = await laptop.newPage();
    await logIn(page, DEMO.mentor, DEMO.password);
    await expect(page.getByRole("heading", { name: "Кабинет наставника" })).toBeVisible();
    const bell = page.locator(".bell");
    await expect(bell).toHaveAttribute("data-live", "true");
    const before = Number(await page.locator(".bell .count").textContent());

    // A second sign-in elsewhere is reported to the open cabinet.
    const other = await phone.newPage();
    await logIn(other, DEMO.mentor, DEMO.password);
    await expect(other.getByRole("heading", { name: "Кабинет наставника" })).toBeVisible();

    await expect(page.getByRole("status").filter({ hasText: "Новый вход в учётную запись" })).toBeVisible();
    await expect(page.getByLabel(`Непрочитанные уведомления: ${before + 1}`)).toBeVisible();
    await page.getByRole("button", { name: /Уведомления/ }).click();
    await expect(page.getByRole("region", { name: "Последние уведомления" }).getByText("Новый вход в учётную запись").first()).toBeVisible();
    await page.getByRole("button", { name: "Отметить все прочитанными" }).click();
    await expect(page.getByLabel("Непрочитанные уведомления: 0")).toBeVisible();
    await laptop.close();
    await phone.close();
  });

  test("one stored while the browser is closed appears when the cabinet opens", async ({ browser }) => {
    const first = await browser.newContext();
    const page = await first.newPage();
    await logIn(page, DEMO.staff, DEMO.password);
    await expect(page.getByRole("heading", { name: "Кабинет оператора проекта" })).toBeVisible();
    await page.getByRole("button", { name: /Уведомления/ }).click();
    await page.getByRole("button", { name: "Отметить все прочитанными" }).click();
    await expect(page.getByLabel("Непрочитанные уведомления: 0")).toBeVisible();
    const saved = await first.storageState();
    await first.close();

    // While that browser is closed, a sign-in from elsewhere is stored.
    const elsewhere = await browser.newContext();
    const otherPage = await elsewhere.newPage();
    await logIn(otherPage, DEMO.staff, DEMO.password);
    await expect(otherPage.getByRole("heading", { name: "Кабинет оператора проекта" })).toBeVisible();
    await elsewhere.close();

    const reopened = await browser.newContext({ storageState: saved });
    const again = await reopened.newPage();
    await again.goto("/staff");
    await expect(again.getByLabel("Непрочитанные уведомления: 1")).toBeVisible();
    await again.getByRole("button", { name: /Уведомления/ }).click();
    await expect(again.getByRole("region", { name: "Последние уведомления" }).getByText("Новый вход в учётную запись").first()).toBeVisible();
    await reopened.close();
  });
});
