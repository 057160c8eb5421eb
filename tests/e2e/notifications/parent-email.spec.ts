import { callApi, enrollFromCatalogue, ensureSeason, expect, makeFamily, makePerson, pageOf, test, type Person } from "../support/fixtures";

/** Staff schedule an online trial in three days through the API and assign the mentor. */
async function onlineTrial(staff: Person, mentor: Person, title: string) {
  await ensureSeason();
  const startsAt = Date.now() + 3 * 86_400_000;
  const trial = await callApi<{ id: string }>(staff, "trials.create", {
    competencyCode: "additive-manufacturing",
    title,
    description: "Собираем и программируем робота",
    level: "intro",
    format: "online",
    link: "https://meet.example.ru/robots",
    startsAt: new Date(startsAt).toISOString(),
    durationMinutes: 90,
    capacity: 10,
    minGrade: 6,
    maxGrade: 11,
    enrollDeadline: new Date(startsAt - 86_400_000).toISOString(),
  });
  await callApi(staff, "trials.assignMentor", { trialId: trial.id, mentorId: mentor.id });
}

test("a parent away from the site gets the approval by email; its button, after sign-in, lands on the approval, and the child sees the decision live", async ({ browser }) => {
  const [family, staffPerson, mentorPerson] = await Promise.all([makeFamily(), makePerson("staff"), makePerson("mentor")]);
  const student = await pageOf(browser, family.student);
  const parentPerson = family.parent;

  // An online trial in three days, led by the mentor.
  const title = `Мобильная робототехника ${Date.now().toString(36)}`;
  await onlineTrial(staffPerson, mentorPerson, title);

  // The child enrolls; the parent has no page of the platform open.
  await enrollFromCatalogue(student, title);
  const myTrial = student.getByRole("list", { name: "Записи на пробы" }).getByRole("listitem").filter({ hasText: title });
  await expect(myTrial).toContainText("ждёт подтверждения родителя");

  // The letter is in the development mailbox, with the trial's facts.
  const parent = await (await browser.newContext()).newPage();
  await parent.goto(`/dev/mailbox?to=${encodeURIComponent(parentPerson.email)}`);
  await parent.getByRole("list", { name: "Письма" }).getByRole("link", { name: /Ребёнок записался на пробу, подтвердите участие/ }).first().click();
  await expect(parent.getByRole("heading", { name: "Ребёнок записался на пробу, подтвердите участие — «Билет в будущее»" })).toBeVisible();
  const letter = parent.locator(".mail-body");
  await expect(letter).toContainText(`Здравствуйте, ${parentPerson.firstName}!`);
  await expect(letter).toContainText(`${family.student.firstName} ${family.student.lastName}: запись на профессиональную пробу «${title}».`);
  await expect(letter).toContainText(/Когда: \d+ \S+ \d{4} г\., \d\d:\d\d \(мск\), 90 мин\./);
  await expect(letter).toContainText("Где: онлайн.");
  await expect(letter).toContainText(`Наставник: ${mentorPerson.firstName} ${mentorPerson.lastName}.`);
  await expect(letter).toContainText(/Подтвердите или отклоните участие до \d+ \S+ \d{4} г\., \d\d:\d\d \(мск\)/);
  await parent.screenshot({ path: "test-results/parent-approval-letter.png" });

  // The button is a plain link to the child's page: it grants nothing, so the parent signs in first.
  const button = letter.getByRole("link", { name: new RegExp(`/parent/children/${family.student.id}#enrollment-`) });
  const href = (await button.getAttribute("href"))!;
  const enrollmentId = /#enrollment-([0-9a-f-]{36})$/.exec(href)![1]!;
  await button.click();
  await expect(parent).toHaveURL(/\/login\?redirectTo=/);
  await parent.getByLabel("Электронная почта").fill(parentPerson.email);
  await parent.getByLabel("Пароль").fill(parentPerson.password);
  await parent.getByRole("button", { name: "Войти", exact: true }).click();

  // After sign-in: the approval on the child's page.
  await expect(parent).toHaveURL(new RegExp(`/parent/children/${family.student.id}`));
  const request = parent.locator(`#enrollment-${enrollmentId}`);
  await expect(request).toContainText(title);
  await expect(request).toContainText("ваше решение нужно до");
  await request.getByRole("button", { name: "Подтвердить участие" }).click();
  await expect(request).toContainText("подтверждено");

  // The child's open page shows it without a reload.
  await expect(student.getByRole("status").filter({ hasText: "подтверждено" })).toBeVisible();
  await expect(myTrial).toContainText("подтверждено");
  await Promise.all([student, parent].map((p) => p.context().close()));
});

test("the notification settings: every cabinet has them, a decision cannot be left in the cabinet only, and the page fits a phone", async ({ browser }) => {
  const family = await makeFamily();
  const parent = await pageOf(browser, family.parent, { viewport: { width: 375, height: 740 } });
  await parent.goto("/parent");
  await parent.getByRole("link", { name: "Настройка уведомлений" }).click();
  await expect(parent.getByRole("heading", { name: "Настройка уведомлений" })).toBeVisible();

  const approvals = parent.getByRole("group", { name: "Запись ребёнка на пробу: нужно ваше решение" });
  await expect(approvals.getByLabel("Письмо на почту")).toBeChecked();
  await approvals.getByLabel("Письмо на почту").uncheck();
  await approvals.getByLabel("На телефоне и в браузере").uncheck();
  await parent.getByRole("button", { name: "Сохранить" }).click();
  await expect(approvals.getByRole("alert")).toHaveText(
    "Уведомления, где нужно ваше решение, нельзя оставить только в кабинете: выберите письмо, телефон или оба способа",
  );
  // Nothing was saved.
  await parent.reload();
  await expect(approvals.getByLabel("Письмо на почту")).toBeChecked();

  // Sign-ins are informational: off by default, switched on here.
  const signIns = parent.getByRole("group", { name: /Новый вход в учётную запись/ });
  await expect(signIns.getByLabel("Письмо на почту")).not.toBeChecked();
  await signIns.getByLabel("Письмо на почту").check();
  await parent.getByRole("button", { name: "Сохранить" }).click();
  await expect(parent.getByRole("status").filter({ hasText: "Настройки сохранены." })).toBeVisible();
  await parent.reload();
  await expect(signIns.getByLabel("Письмо на почту")).toBeChecked();
  await expect(parent.getByRole("button", { name: "Включить уведомления на этом устройстве" })).toBeVisible();
  await parent.screenshot({ path: "test-results/notification-settings-phone.png", fullPage: true });
  // Nothing sticks out of a phone's screen.
  expect(await parent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // The student has kinds of their own, addressed with «ты».
  const student = await pageOf(browser, family.student);
  await student.goto("/settings/notifications");
  await expect(student.getByText("Выбери, какие ещё присылать письмом и на телефон.")).toBeVisible();
  await expect(student.getByRole("group", { name: "Решение родителя о пробе и место из листа ожидания" })).toBeVisible();
  await expect(student.getByRole("group", { name: "Запись ребёнка на пробу: нужно ваше решение" })).toHaveCount(0);

  // The platform can be installed on a phone's home screen.
  const manifest = await (await parent.request.get("/manifest.webmanifest")).json();
  expect(manifest).toMatchObject({ name: "Билет в будущее", display: "standalone" });
  expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  expect((await parent.request.get("/icons/icon-512.png")).headers()["content-type"]).toBe("image/png");
  expect((await parent.request.get("/sw.js")).ok()).toBe(true);
  await Promise.all([parent, student].map((p) => p.context().close()));
});
