import { expect, logIn, makePerson, pageOf, test } from "../support/fixtures";

test.describe("notifications", () => {
  test("one stored while the browser is open appears without a reload", async ({ browser }) => {
    const mentor = await makePerson("mentor");
    const page = await pageOf(browser, mentor);
    await page.goto("/mentor");
    await expect(page.getByRole("heading", { name: "Кабинет наставника" })).toBeVisible();
    await expect(page.locator(".bell")).toHaveAttribute("data-live", "true");
    await expect(page.getByLabel("Непрочитанные уведомления: 0")).toBeVisible();

    // A sign-in on another device (through the form: that is what is reported) reaches the open cabinet.
    const phone = await browser.newContext();
    const other = await phone.newPage();
    await logIn(other, mentor.email, mentor.password);
    await expect(other.getByRole("heading", { name: "Кабинет наставника" })).toBeVisible();

    await expect(page.getByRole("status").filter({ hasText: "Новый вход в учётную запись" })).toBeVisible();
    await expect(page.getByLabel("Непрочитанные уведомления: 1")).toBeVisible();
    await page.getByRole("button", { name: /Уведомления/ }).click();
    await expect(page.getByRole("region", { name: "Последние уведомления" }).getByText("Новый вход в учётную запись").first()).toBeVisible();
    await page.getByRole("button", { name: "Отметить все прочитанными" }).click();
    await expect(page.getByLabel("Непрочитанные уведомления: 0")).toBeVisible();
    await page.context().close();
    await phone.close();
  });

  test("one stored while the browser is closed appears when the cabinet opens", async ({ browser }) => {
    const staff = await makePerson("staff");
    const page = await pageOf(browser, staff);
    await page.goto("/staff");
    await expect(page.getByRole("heading", { name: "Кабинет оператора проекта" })).toBeVisible();
    await expect(page.getByLabel("Непрочитанные уведомления: 0")).toBeVisible();
    await page.context().close();

    // While that browser is closed, a sign-in from elsewhere is stored.
    const elsewhere = await browser.newContext();
    const otherPage = await elsewhere.newPage();
    await logIn(otherPage, staff.email, staff.password);
    await expect(otherPage.getByRole("heading", { name: "Кабинет оператора проекта" })).toBeVisible();
    await elsewhere.close();

    const again = await pageOf(browser, staff);
    await again.goto("/staff");
    await expect(again.getByLabel("Непрочитанные уведомления: 1")).toBeVisible();
    await again.getByRole("button", { name: /Уведомления/ }).click();
    await expect(again.getByRole("region", { name: "Последние уведомления" }).getByText("Новый вход в учётную запись").first()).toBeVisible();
    await again.context().close();
  });
});
