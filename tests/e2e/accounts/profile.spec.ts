import type { Page } from "@playwright/test";
import { expect, linkFromMailbox, logIn, logOut, makePerson, pageOf, test, uniqueEmail } from "../support/fixtures";

/** Nothing sticks out sideways on a 375 px wide phone. */
async function fitsTheScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36";

test.describe("«Мой профиль»", () => {
  test("a parent changes the email on a phone, confirms it by the emailed link and signs in with the new address", async ({ browser }) => {
    const parent = await makePerson("parent");
    const page = await pageOf(browser, parent, PHONE);
    await page.goto("/parent");
    await page.getByRole("link", { name: "Профиль", exact: true }).first().click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Мой профиль" })).toBeVisible();
    await fitsTheScreen(page);

    // A bad address is explained on its field and changes nothing.
    const emailField = page.getByLabel("Новый адрес электронной почты");
    await emailField.fill("new-address@");
    await page.getByRole("button", { name: "Сменить адрес" }).click();
    await expect(page.getByLabel("Новый адрес электронной почты")).toHaveAccessibleDescription(/Проверьте адрес электронной почты/);

    const newEmail = uniqueEmail("renamed");
    await page.getByLabel("Новый адрес электронной почты").fill(newEmail);
    await page.getByRole("button", { name: "Сменить адрес" }).click();
    await expect(page.getByRole("status")).toContainText(`Ссылка для подтверждения отправлена на ${newEmail}`);
    await expect(page.getByText("Ждёт подтверждения:")).toBeVisible();
    await fitsTheScreen(page);
    await page.screenshot({ path: "test-results/phone-profile.png", fullPage: true });

    // The old address is told that a change was asked for.
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(parent.email)}`);
    await expect(page.getByRole("list", { name: "Письма" })).toContainText("Запрошена смена адреса электронной почты");

    await page.goto(await linkFromMailbox(page, newEmail, "/account/email/confirm"));
    await expect(page.getByRole("heading", { name: "Подтверждение адреса электронной почты" })).toBeVisible();
    await page.getByRole("button", { name: "Подтвердить адрес" }).click();
    // (The live notification toast is a status too.)
    await expect(page.getByRole("status").filter({ hasText: "Адрес изменён:" })).toHaveText(`Адрес изменён: ${newEmail}. Входить теперь нужно с ним.`);
    await expect(page.getByRole("button", { name: "Завершить сеансы на других устройствах" })).toBeVisible();
    await fitsTheScreen(page);

    await page.goto(`/dev/mailbox?to=${encodeURIComponent(parent.email)}`);
    await expect(page.getByRole("list", { name: "Письма" })).toContainText("Адрес электронной почты изменён");

    await page.goto("/account");
    await logOut(page);
    await logIn(page, parent.email, parent.password);
    await expect(page.getByRole("alert")).toHaveText("Неверный адрес электронной почты или пароль");
    await logIn(page, newEmail, parent.password);
    await expect(page.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();
  });

  test("a student changes the grade and sees the error on the field for an empty name", async ({ browser }) => {
    const student = await makePerson("student", { grade: 8 });
    const page = await pageOf(browser, student);
    await page.goto("/account");
    const form = page.getByRole("form", { name: "Личные данные" });
    await form.getByLabel("Имя", { exact: true }).fill("");
    await form.getByLabel("Класс").selectOption("9");
    await form.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByRole("alert")).toHaveText("Проверьте правильность заполнения формы");
    await expect(form.getByLabel("Имя", { exact: true })).toHaveAccessibleDescription("Укажите имя");
    await page.goto("/student");
    await expect(page.getByText("8 класс ·")).toBeVisible();

    await page.goto("/account");
    await page.getByRole("form", { name: "Личные данные" }).getByLabel("Класс").selectOption("9");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByRole("status")).toHaveText("Изменения сохранены.");
    await page.goto("/student");
    await expect(page.getByText("9 класс ·")).toBeVisible();
  });

  test("the sessions page lists the devices and ends another session, then signs out everywhere", async ({ browser }) => {
    const student = await makePerson("student");
    // The factory's session: another device.
    const other = await pageOf(browser, student);
    await other.goto("/student");
    await expect(other.getByRole("heading", { name: "Личный кабинет участника" })).toBeVisible();

    // This device: a phone.
    const context = await browser.newContext({ ...PHONE, userAgent: ANDROID });
    const page = await context.newPage();
    await logIn(page, student.email, student.password);
    await expect(page.getByRole("heading", { name: "Личный кабинет участника" })).toBeVisible();
    await page.goto("/account/sessions");
    const list = page.getByRole("list", { name: "Активные сеансы" });
    await expect(list.getByRole("listitem")).toHaveCount(2);
    const mine = list.getByRole("listitem").filter({ hasText: "этот сеанс" });
    // The browser and the system from the User-Agent.
    await expect(mine).toContainText("Chrome, Android");
    await expect(mine).toContainText(/Вход: \d{1,2} [а-я]+ \d{4} г\., \d{2}:\d{2} \(мск\) · IP-адрес 127\.0\.0\.1/);

    await fitsTheScreen(page);
    await page.screenshot({ path: "test-results/phone-sessions.png", fullPage: true });
    await list.getByRole("button", { name: /^Завершить сеанс: Неизвестное устройство/ }).click();
    await expect(page.getByRole("status")).toHaveText("Сеанс завершён: на том устройстве нужно войти заново.");
    await expect(list.getByRole("listitem")).toHaveCount(1);

    await other.goto("/student");
    await expect(other).toHaveURL(/\/login\?redirectTo=%2Fstudent/);

    await page.getByRole("button", { name: "Выйти на всех устройствах" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/student");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstudent/);
  });
});
