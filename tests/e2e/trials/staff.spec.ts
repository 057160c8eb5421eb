import { assignMentor, enrollFromCatalogue, expect, linkFromMailbox, makeFamily, makePerson, pageOf, scheduleTrial, test, uniqueEmail } from "../support/fixtures";

test("staff: a wrong season calendar is refused; a mentor invited by email registers and is assigned; a cancelled trial is reported live", async ({ browser }) => {
  const [staffPerson, leadMentor, family] = await Promise.all([makePerson("staff"), makePerson("mentor"), makeFamily()]);
  const staff = await pageOf(browser, staffPerson);
  const student = await pageOf(browser, family.student);
  const mentorContext = await browser.newContext();
  const mentor = await mentorContext.newPage();
  await staff.goto("/staff/trials");

  // Trials cannot end before they start; nothing is saved.
  const ends = staff.getByLabel("Окончание проб");
  const savedEnd = await ends.inputValue();
  await staff.getByLabel("Начало проб").fill("2030-06-01");
  await ends.fill("2030-05-01");
  await staff.getByRole("button", { name: "Сохранить календарь" }).click();
  await expect(staff.getByRole("alert")).toContainText("Даты идут по порядку");
  await staff.goto("/staff/trials");
  await expect(staff.getByLabel("Окончание проб")).toHaveValue(savedEnd);

  // A mentor is invited by email and registers through the link.
  const email = uniqueEmail("mentor");
  const surname = `Орлова-${Date.now().toString(36).replace(/\d/g, (d) => "абвгдежзик"[Number(d)]!)}`;
  await staff.getByLabel("Электронная почта наставника").fill(email);
  await staff.getByRole("button", { name: "Отправить приглашение" }).click();
  await expect(staff.getByRole("status")).toHaveText("Приглашение наставнику отправлено.");
  await mentor.goto(await linkFromMailbox(mentor, email, "/mentors/join"));
  await mentor.getByLabel("Фамилия").fill(surname);
  await mentor.getByLabel("Имя").fill("Мария");
  await mentor.getByLabel("Пароль").fill("parol2026");
  await mentor.getByRole("button", { name: "Зарегистрироваться" }).click();
  await expect(mentor.getByRole("heading", { name: "Кабинет наставника" })).toBeVisible();

  // Staff schedule a trial and add the new mentor; it appears in her cabinet.
  const title = `Пищевое производство ${Date.now().toString(36)}`;
  await scheduleTrial(staff, { title, startsInMs: 3 * 86_400_000 + 5 * 3600_000, mentor: leadMentor });
  await assignMentor(staff, title, surname);
  await mentor.reload();
  await expect(mentor.getByRole("link", { name: title })).toBeVisible();

  // The student enrolls; staff cancel the trial; the student is told without a reload.
  await enrollFromCatalogue(student, title);
  await staff.goto("/staff/trials");
  await staff.getByRole("button", { name: `Отменить пробу: ${title}` }).click();
  await expect(staff.getByRole("status")).toHaveText("Проба отменена, участники и родители уведомлены.");
  await expect(student.getByRole("status").filter({ hasText: `Проба «${title}» отменена` })).toBeVisible();
  const mine = student.getByRole("list", { name: "Записи на пробы" }).getByRole("listitem").filter({ hasText: title });
  await expect(mine).toContainText("проба отменена");
  await Promise.all([staff.context().close(), student.context().close(), mentorContext.close()]);
});
