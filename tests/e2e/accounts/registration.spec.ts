import { activateFromMailbox, logOut, expect, logIn, registerParent, registerStudent, test, uniqueEmail } from "../support/fixtures";

test.describe("registration, activation, login and logout", () => {
  test("a student registers, activates by the emailed link, logs in and out", async ({ page }) => {
    const email = uniqueEmail("maria");
    await registerStudent(page, email);
    await expect(page.getByRole("heading", { name: "Проверьте почту" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText(email);

    // Not activated yet: the login form says so and offers a new letter.
    await logIn(page, email, "parol2026");
    await expect(page.getByRole("alert")).toContainText("Учётная запись ещё не подтверждена");
    await expect(page.getByRole("link", { name: "Отправить письмо ещё раз" })).toBeVisible();

    await activateFromMailbox(page, email);
    await expect(page).toHaveURL(/\/student$/);
    await expect(page.getByRole("heading", { name: "Личный кабинет участника" })).toBeVisible();
    await expect(page.getByText("Здравствуй, Мария!")).toBeVisible();

    await logOut(page);
    await expect(page).toHaveURL(/\/$/);
    await page.goto("/student");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstudent/);

    await logIn(page, email, "parol2026");
    await expect(page.getByRole("heading", { name: "Личный кабинет участника" })).toBeVisible();
    await logOut(page);
    await expect(page.getByRole("link", { name: "Регистрация участника" })).toBeVisible();
  });

  test("a parent registers, activates, logs in and out", async ({ page }) => {
    const email = uniqueEmail("andrey");
    await registerParent(page, email);
    await expect(page.getByRole("heading", { name: "Проверьте почту" })).toBeVisible();
    await activateFromMailbox(page, email);
    await expect(page.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();
    await logOut(page);
    await logIn(page, email, "parol2026");
    await expect(page).toHaveURL(/\/parent$/);
    await expect(page.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();
    await logOut(page);
    await expect(page).toHaveURL(/\/$/);
  });

  test("a bad form shows Russian messages beside the fields and creates nothing", async ({ page }) => {
    const email = uniqueEmail("bad");
    await page.goto("/register/student");
    await page.getByLabel("Фамилия").fill("Smith1");
    await page.getByLabel("Дата рождения").fill("2024-01-01");
    await page.getByLabel("Электронная почта").fill(email.replace("@", ""));
    await page.getByLabel("Пароль").fill("short");
    await page.getByRole("button", { name: "Зарегистрироваться" }).click();

    await expect(page.getByRole("alert")).toHaveText("Проверьте правильность заполнения формы");
    // Each message is tied to its field (aria-describedby), in Russian.
    await expect(page.getByLabel("Фамилия")).toHaveAccessibleDescription("Поле «Фамилия» может содержать только буквы, пробел, дефис и апостроф");
    await expect(page.getByLabel("Имя", { exact: true })).toHaveAccessibleDescription("Укажите имя");
    await expect(page.getByLabel("Дата рождения")).toHaveAccessibleDescription("Участником может быть школьник от 10 до 19 лет: проверьте дату рождения");
    await expect(page.getByLabel("Класс")).toHaveAccessibleDescription("Выберите класс");
    await expect(page.getByLabel("Субъект РФ")).toHaveAccessibleDescription("Выберите субъект Российской Федерации из списка");
    await expect(page.getByLabel("Школа")).toHaveAccessibleDescription(/Укажите школу: название или номер/);
    await expect(page.getByLabel("Электронная почта")).toHaveAccessibleDescription(/^Проверьте адрес электронной почты/);
    await expect(page.getByLabel("Пароль")).toHaveAccessibleDescription(/Пароль должен содержать не меньше 8 символов/);
    // What was typed is kept.
    await expect(page.getByLabel("Фамилия")).toHaveValue("Smith1");

    // Nothing was created: no letter, no account.
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(email.replace("@", ""))}`);
    await expect(page.getByText("Писем нет.")).toBeVisible();
    await logIn(page, email, "short");
    await expect(page.getByRole("alert")).toHaveText("Неверный адрес электронной почты или пароль");
  });

  test("five wrong passwords in a row throttle the account", async ({ page }) => {
    const email = uniqueEmail("throttle");
    await registerStudent(page, email);
    await activateFromMailbox(page, email);
    await logOut(page);

    for (let attempt = 1; attempt <= 4; attempt++) {
      await logIn(page, email, `wrong-pass${attempt}`);
      await expect(page.getByRole("alert")).toHaveText("Неверный адрес электронной почты или пароль");
    }
    const fifth = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith("/login") && r.request().method() === "POST");
    await logIn(page, email, "wrong-pass5");
    expect((await fifth).status()).toBe(429);
    await expect(page.getByRole("alert")).toContainText("Слишком много попыток. Попробуйте снова через");
    // Even the right password waits now.
    await logIn(page, email, "parol2026");
    await expect(page.getByRole("alert")).toContainText("Слишком много попыток");
  });

  test("a forgotten password is reset through the emailed link", async ({ page }) => {
    const email = uniqueEmail("forgot");
    await registerParent(page, email);
    await activateFromMailbox(page, email);
    await logOut(page);
    await page.goto("/login");
    await page.getByRole("link", { name: "Забыли пароль?" }).click();
    await page.getByLabel("Электронная почта").fill(email);
    await page.getByRole("button", { name: "Отправить ссылку" }).click();
    await expect(page.getByRole("status")).toContainText("мы отправили на него ссылку");
    const { linkFromMailbox } = await import("../support/fixtures");
    await page.goto(await linkFromMailbox(page, email, "/password/reset"));
    await page.getByLabel("Новый пароль").fill("novyi-parol-7");
    await page.getByRole("button", { name: "Сохранить пароль" }).click();
    await expect(page.getByRole("status")).toHaveText("Пароль изменён. Войдите с новым паролем.");
    await logIn(page, email, "novyi-parol-7");
    await expect(page.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();
  });
});
