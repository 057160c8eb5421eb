import { assignMentor, DEMO, enrollAsDemoStudent, expect, linkFromMailbox, logIn, scheduleTrial, test, uniqueEmail } from "../support/fixtures";

test("staff: a wrong season calendar is refused; a mentor invited by email registers and is assigned; a cancelled trial is reported live", async ({ browser }) => {
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [staff, mentor, student] = await Promise.all(contexts.map((c) => c.newPage()));
  await logIn(staff!, DEMO.staff, DEMO.password);
  await staff!.goto("/staff/trials");

  // Trials cannot end before they start; nothing is saved.
  const ends = staff!.getByLabel("Окончание проб");
  const savedEnd = await ends.inputValue();
  await staff!.getByLabel("Начало проб").fill("2030-06-01");
  await ends.fill("2030-05-01");
  await staff!.getByRole("button", { name: "Сохранить календарь" }).click();
  await expect(staff!.getByRole("alert")).toContainText("Даты идут по порядку");
  await staff!.goto("/staff/trials");
  await expect(staff!.getByLabel("Окончание проб")).toHaveValue(savedEnd);

  // A mentor is invited by email and registers through the link.
  const email = uniqueEmail("mentor");
  await staff!.getByLabel("Электронная почта наставника").fill(email);
  await staff!.getByRole("button", { name: "Отправить приглашение" }).click();
  await expect(staff!.getByRole("status")).toHaveText("Приглашение наставнику отправлено.");
  await mentor!.goto(await linkFromMailbox(mentor!, email, "/mentors/join"));
  await mentor!.getByLabel("Фамилия").fill("Орлова");
  await mentor!.getByLabel("Имя").fill("Мария");
  await mentor!.getByLabel("Пароль").fill("parol2026");
  await mentor!.getByRole("button", { name: "Зарегистрироваться" }).click();
  await expect(mentor!.getByRole("heading", { name: "Кабинет наставника" })).toBeVisible();

  // Staff schedule a trial and add the new mentor; it appears in her cabinet.
  const title = `Пищевое производство ${Date.now().toString(36)}`;
  await scheduleTrial(staff!, { title, startsInMs: 3 * 86_400_000 + 5 * 3600_000 });
  await assignMentor(staff!, title, "Орлова");
  await mentor!.reload();
  await expect(mentor!.getByRole("link", { name: title })).toBeVisible();

  // The demo student enrolls; staff cancel the trial; the student is told without a reload.
  await enrollAsDemoStudent(student!, title);
  await staff!.goto("/staff/trials");
  await staff!.getByRole("button", { name: `Отменить пробу: ${title}` }).click();
  await expect(staff!.getByRole("status")).toHaveText("Проба отменена, участники и родители уведомлены.");
  await expect(student!.getByRole("status").filter({ hasText: `Проба «${title}» отменена` })).toBeVisible();
  const mine = student!.getByRole("list", { name: "Записи на пробы" }).getByRole("listitem").filter({ hasText: title });
  await expect(mine).toContainText("проба отменена");
  await Promise.all(contexts.map((c) => c.close()));
});
