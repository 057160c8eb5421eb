import type { Page } from "@playwright/test";
import { expect, fullName, makeFamily, makePerson, pageOf, scheduleTrial, test } from "../support/fixtures";

async function fitsTheScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("on a 375 px phone: the student's trial page, and the mentor's roster with one tap per child", async ({ browser }) => {
  const phone = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };
  const [family, staffPerson, mentorPerson] = await Promise.all([makeFamily(), makePerson("staff"), makePerson("mentor")]);
  const [staff, parent, student, mentor] = await Promise.all([
    pageOf(browser, staffPerson),
    pageOf(browser, family.parent),
    pageOf(browser, family.student, phone),
    pageOf(browser, mentorPerson, phone),
  ]);

  // A short trial within the hour, so that attendance can be marked now.
  const title = `Робототехника на телефоне ${Date.now().toString(36)}`;
  await scheduleTrial(staff, { title, startsInMs: 3600_000, durationMinutes: 30, mentor: mentorPerson });

  await student.goto("/student/trials");
  await fitsTheScreen(student);
  await student.getByRole("link", { name: title }).tap();
  await expect(student.getByRole("heading", { name: title })).toBeVisible();
  await student.getByRole("button", { name: "Записаться", exact: true }).tap();
  await expect(student.getByRole("region", { name: "Моя запись" })).toContainText("ждёт подтверждения родителя");
  await fitsTheScreen(student);
  await student.screenshot({ path: "test-results/phone-trial.png", fullPage: true });

  await parent.goto("/parent");
  await parent.getByRole("list", { name: "Связанные дети" }).getByRole("link", { name: new RegExp(family.student.firstName) }).click();
  await parent.getByRole("list", { name: "Записи на пробы" }).getByRole("listitem").filter({ hasText: title }).getByRole("button", { name: "Подтвердить участие" }).click();
  await expect(parent.getByRole("status").filter({ hasText: "Участие подтверждено." })).toBeVisible();

  await mentor.goto("/mentor");
  await mentor.getByRole("link", { name: title }).tap();
  await expect(mentor.getByRole("heading", { name: title })).toBeVisible();
  await fitsTheScreen(mentor);
  const present = mentor.getByRole("button", { name: `${fullName(family.student)}: присутствие` });
  const box = (await present.boundingBox())!;
  // A thumb-sized target, fully on screen.
  expect(box.height).toBeGreaterThanOrEqual(40);
  expect(box.x + box.width).toBeLessThanOrEqual(375);
  await present.tap();
  await expect(mentor.getByRole("status").filter({ hasText: "Посещение отмечено." })).toBeVisible();
  await fitsTheScreen(mentor);
  await mentor.screenshot({ path: "test-results/phone-roster.png", fullPage: true });
});
