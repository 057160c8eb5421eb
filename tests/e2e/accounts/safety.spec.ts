import { BASE_URL, expect, logIn, makeFamily, makePerson, pageOf, test } from "../support/fixtures";

test.describe("what an attacker tried, as a browser sees it", () => {
  test("a redirect after login that points elsewhere lands in the cabinet instead", async ({ page }) => {
    const { parent } = await makeFamily();
    // This is the login form's own test, so it signs in through the form.
    await page.goto("/login?redirectTo=%2F%09%2Fevil.example");
    await page.getByLabel(/Электронная почта/).fill(parent.email);
    await page.getByLabel("Пароль").fill(parent.password);
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  });

  test("another family's child page and a foreign mentor page say «Нет доступа к этой странице»", async ({ browser }) => {
    const [ours, theirs, mentor] = await Promise.all([makeFamily(), makeFamily(), makePerson("mentor")]);
    const parent = await pageOf(browser, ours.parent);
    const answer = await parent.goto(`/parent/children/${theirs.student.id}`);
    expect(answer!.status()).toBe(403);
    await expect(parent.getByRole("heading", { name: "Нет доступа к этой странице" })).toBeVisible();
    await expect(parent.getByText(theirs.student.lastName)).toHaveCount(0);

    const mentorPage = await pageOf(browser, mentor);
    const foreign = await mentorPage.goto("/mentor/trials/00000000-0000-4000-8000-000000000000");
    expect([403, 404]).toContain(foreign!.status());
    await expect(mentorPage.getByRole("heading", { name: /^(Нет доступа к этой странице|Страница не найдена)$/ })).toBeVisible();
  });

  test("a catalogue address with a date that does not exist shows the catalogue and says so", async ({ browser }) => {
    const { student } = await makeFamily();
    const page = await pageOf(browser, student);
    const answer = await page.goto("/student/trials?from=2024-99-99");
    expect(answer!.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Каталог профессиональных проб" })).toBeVisible();
    await expect(page.getByRole("alert")).toHaveText("Такой даты нет: фильтр по датам не применён");
  });

  test("the login form takes the right password after strangers guessed from other addresses", async ({ page }) => {
    const { parent } = await makeFamily();
    // A stranger guesses five times from five addresses (through a proxy the server trusts); the owner still signs in.
    for (let i = 1; i <= 5; i++) {
      const res = await fetch(`${BASE_URL}/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i}` },
        body: JSON.stringify({ email: parent.email, password: `wrong-pass${i}` }),
      });
      expect(res.status).toBe(401);
    }
    await logIn(page, parent.email, parent.password);
    await expect(page.getByRole("heading", { name: "Личный кабинет родителя" })).toBeVisible();
  });
});
