import { activateFromMailbox, expect, linkFromMailbox, registerParent, registerStudent, test, uniqueEmail } from "../support/fixtures";

test.describe("linked family cabinets (связка кабинетов)", () => {
  test("parent first: the parent invites the child, is told live that the child registered, and consents", async ({ browser }) => {
    const parentCtx = await browser.newContext();
    const childCtx = await browser.newContext();
    const parent = await parentCtx.newPage();
    const child = await childCtx.newPage();
    const parentEmail = uniqueEmail("mama");
    const childEmail = uniqueEmail("syn");

    // 1–2. The parent fills the form and activates by the emailed link.
    await registerParent(parent, parentEmail);
    await activateFromMailbox(parent, parentEmail);
    await expect(parent.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();

    // 3. From the cabinet the parent invites the child.
    await parent.getByLabel("Электронная почта ребёнка").fill(childEmail);
    await parent.getByRole("button", { name: "Отправить приглашение" }).click();
    await expect(parent.getByRole("status").filter({ hasText: `Приглашение отправлено на адрес ${childEmail}` })).toBeVisible();
    await expect(parent.getByRole("list", { name: "Отправленные приглашения" })).toContainText("ожидает ответа");
    await expect(parent.locator(".bell")).toHaveAttribute("data-live", "true");

    // 4. The child follows the link from the invitation letter.
    await child.goto(await linkFromMailbox(child, childEmail, "/invite"));
    await expect(child.getByRole("heading", { name: "Приглашение в проект" })).toBeVisible();
    await expect(child.getByLabel("Электронная почта")).toHaveValue(childEmail);

    // 5. The child registers and gets the participant's cabinet.
    await child.getByLabel("Фамилия").fill("Лебедев");
    await child.getByLabel("Имя", { exact: true }).fill("Тимофей");
    await child.getByLabel("Дата рождения").fill("2013-02-03");
    await child.getByLabel("Класс").selectOption("6");
    await child.getByLabel("Субъект РФ").selectOption({ label: "Новосибирская область" });
    await child.getByLabel("Школа").fill("Школа № 10");
    await child.getByLabel("Пароль").fill("parol2026");
    await child.getByRole("button", { name: "Зарегистрироваться и связать кабинеты" }).click();
    await expect(child.getByRole("heading", { name: "Личный кабинет участника" })).toBeVisible();
    await expect(child.getByRole("list", { name: "Связанные родители" })).toContainText(parentEmail);
    await expect(child.getByText("Допуска пока нет")).toBeVisible();

    // 6. The parent's open cabinet is told at once, without a reload.
    await expect(parent.getByRole("status").filter({ hasText: "Регистрация ребёнка завершена" })).toBeVisible();
    await expect(parent.getByRole("list", { name: "Связанные дети" })).toContainText("Лебедев Тимофей");
    await expect(parent.getByRole("list", { name: "Отправленные приглашения" })).toContainText("принято");

    // 7. Consent in the parent cabinet admits the child, who sees it live.
    await parent.getByRole("link", { name: "Лебедев Тимофей" }).click();
    await expect(parent.getByRole("article", { name: "Текст согласия" })).toContainText("152-ФЗ");
    await parent.getByRole("button", { name: "Дать согласие" }).click();
    await expect(parent.getByRole("alert")).toHaveText("Отметьте, что вы прочитали текст согласия и согласны с ним");
    await parent.getByLabel("Текст прочитан, даю согласие").check();
    await parent.getByRole("button", { name: "Дать согласие" }).click();
    await expect(parent.getByText("Ребёнок допущен к практическим мероприятиям", { exact: true })).toBeVisible();

    await expect(child.getByRole("status").filter({ hasText: "Допуск к практическим мероприятиям получен" })).toBeVisible();
    await expect(child.getByText("Допуск получен", { exact: true })).toBeVisible();

    // Withdrawal takes admission away, and the child sees that too.
    await parent.getByRole("button", { name: "Отозвать согласие" }).click();
    await expect(parent.getByText("Ребёнок не допущен: нужно согласие родителя")).toBeVisible();
    await expect(child.getByRole("status").filter({ hasText: "Согласие на обработку данных отозвано" })).toBeVisible();
    await expect(child.getByText("Допуска пока нет")).toBeVisible();
    await parentCtx.close();
    await childCtx.close();
  });

  test("student first: the student invites a parent, sees the parent live, and is admitted after consent", async ({ browser }) => {
    const studentCtx = await browser.newContext();
    const parentCtx = await browser.newContext();
    const student = await studentCtx.newPage();
    const parent = await parentCtx.newPage();
    const studentEmail = uniqueEmail("doch");
    const parentEmail = uniqueEmail("papa");

    // 1–2. The student registers and activates.
    await registerStudent(student, studentEmail);
    await activateFromMailbox(student, studentEmail);
    // 3. Invites the parent from the cabinet.
    await student.getByLabel("Электронная почта родителя").fill(parentEmail);
    await student.getByRole("button", { name: "Отправить приглашение" }).click();
    await expect(student.getByRole("status").filter({ hasText: `Приглашение отправлено на адрес ${parentEmail}` })).toBeVisible();
    await expect(student.locator(".bell")).toHaveAttribute("data-live", "true");

    // 4–5. The parent follows the link and registers; the address is the invited one.
    await parent.goto(await linkFromMailbox(parent, parentEmail, "/invite"));
    await expect(parent.getByRole("heading", { name: "Приглашение для родителя" })).toBeVisible();
    await parent.getByLabel("Фамилия").fill("Лебедев");
    await parent.getByLabel("Имя", { exact: true }).fill("Павел");
    await parent.getByLabel("Субъект РФ").selectOption({ label: "Республика Татарстан" });
    await parent.getByLabel("Пароль").fill("parol2026");
    await parent.getByRole("button", { name: "Зарегистрироваться и связать кабинеты" }).click();
    await expect(parent.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();

    // The student's open cabinet shows the parent without a reload.
    await expect(student.getByRole("status").filter({ hasText: "Родитель подключён" })).toBeVisible();
    await expect(student.getByRole("list", { name: "Связанные родители" })).toContainText("Лебедев Павел");

    // 6. After the parent's consent the student may take part in trials.
    await parent.getByRole("link", { name: "Лебедева Мария" }).click();
    await parent.getByLabel("Текст прочитан, даю согласие").check();
    await parent.getByRole("button", { name: "Дать согласие" }).click();
    await expect(student.getByText("Допуск получен", { exact: true })).toBeVisible();
    await studentCtx.close();
    await parentCtx.close();
  });

  test("a revoked or reused invitation link shows a clear page and changes nothing", async ({ page }) => {
    const parentEmail = uniqueEmail("revoker");
    const childEmail = uniqueEmail("nobody");
    await registerParent(page, parentEmail);
    await activateFromMailbox(page, parentEmail);
    await page.getByLabel("Электронная почта ребёнка").fill(childEmail);
    await page.getByRole("button", { name: "Отправить приглашение" }).click();
    await page.getByRole("button", { name: `Отозвать приглашение: ${childEmail}` }).click();
    await expect(page.getByRole("list", { name: "Отправленные приглашения" })).toContainText("отозвано");
    const link = await linkFromMailbox(page, childEmail, "/invite");
    await page.context().clearCookies();
    await page.goto(link);
    await expect(page.getByRole("alert")).toHaveText("Приглашение отозвано отправителем.");
    await expect(page.getByRole("button", { name: "Зарегистрироваться и связать кабинеты" })).toHaveCount(0);
    await page.goto("/invite?token=broken");
    await expect(page.getByRole("alert")).toContainText("Ссылка повреждена или неполная");
  });
});
