import type { Page } from "@playwright/test";
import { callApi, ensureSeason, expect, makeFamily, makePerson, pageOf, test } from "../support/fixtures";

async function fitsTheScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("long lists go a page at a time with «Дальше» links that work without JavaScript, on a 375 px phone too; staff find a mentor by name", async ({ browser }) => {
  const [staffPerson, family, mentorPerson] = await Promise.all([makePerson("staff"), makeFamily(), makePerson("mentor")]);
  await ensureSeason();
  // 23 trials with one word in their titles: more than a page of 20. Three months ahead, so that
  // the other tests' trials (days ahead) stay on the catalogue's first page.
  const word = `Страница${Date.now().toString(36).replace(/\d/g, (d) => "абвгдежзик"[Number(d)]!)}`;
  const startsAt = (i: number) => new Date(Date.now() + 90 * 86_400_000 + i * 3600_000);
  for (let i = 0; i < 23; i += 1) {
    await callApi(staffPerson, "trials.create", {
      competencyCode: "mobile-robotics",
      title: `${word} ${String(i + 1).padStart(2, "0")}`,
      level: "intro",
      format: "online",
      link: "https://meet.example.ru/pages",
      startsAt: startsAt(i).toISOString(),
      enrollDeadline: new Date(startsAt(i).getTime() - 3600_000).toISOString(),
      durationMinutes: 45,
      capacity: 5,
      minGrade: 6,
      maxGrade: 11,
    });
  }

  // A student on a phone without JavaScript: the catalogue's search, then the next page and back.
  const student = await pageOf(browser, family.student, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  await student.goto("/student/trials");
  await student.getByLabel("Название").fill(word);
  await student.getByRole("button", { name: "Показать" }).click();
  const list = student.getByRole("list", { name: "Пробы" });
  await expect(list.getByRole("listitem")).toHaveCount(20);
  await expect(list).toContainText(`${word} 01`);
  await expect(list).not.toContainText(`${word} 21`);
  await fitsTheScreen(student);
  await student.getByRole("navigation", { name: "Страницы каталога" }).getByRole("link", { name: "Дальше" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await expect(list).toContainText(`${word} 23`);
  await expect(student.getByRole("link", { name: "Дальше" })).toHaveCount(0);
  // The search stays with the page.
  expect(new URL(student.url()).searchParams.get("q")).toBe(word);
  await fitsTheScreen(student);
  await student.getByRole("link", { name: "В начало списка" }).click();
  await expect(list).toContainText(`${word} 01`);

  // Staff: the trial list has the same pages; the mentor is found by the start of the name, never from a list of everyone.
  const staff = await pageOf(browser, staffPerson);
  await staff.goto(`/staff/trials?q=${encodeURIComponent(word)}`);
  const trials = staff.getByRole("list", { name: "Предстоящие пробы" });
  await expect(trials.getByRole("listitem")).toHaveCount(20);
  await staff.getByRole("navigation", { name: "Страницы списка проб" }).getByRole("link", { name: "Дальше" }).click();
  await expect(trials.getByRole("listitem")).toHaveCount(3);
  await staff.getByLabel("Найти наставника").fill(mentorPerson.lastName.toLowerCase());
  await staff.getByRole("button", { name: "Найти", exact: true }).click();
  const found = staff.getByRole("list", { name: "Найденные наставники" });
  await expect(found.getByRole("listitem").first()).toBeVisible();
  expect(await found.getByRole("listitem").count()).toBeLessThanOrEqual(10);
  await found.getByRole("link", { name: `Выбрать наставника: ${mentorPerson.firstName} ${mentorPerson.lastName}` }).click();
  // Still on the second page of the search.
  await expect(trials.getByRole("listitem")).toHaveCount(3);
  await trials.getByRole("listitem").filter({ hasText: `${word} 22` }).getByRole("button", { name: /^Назначить наставника / }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Наставник назначен." })).toBeVisible();
  await expect(trials.getByRole("listitem").filter({ hasText: `${word} 22` })).toContainText(`${mentorPerson.firstName} ${mentorPerson.lastName}`);
  // The staff page with its picker and pages fits a phone as well.
  await staff.setViewportSize({ width: 375, height: 740 });
  await fitsTheScreen(staff);

  // Only staff have the list and its picker: anyone else is sent to their own cabinet.
  await student.goto(`/staff/trials?mentor=${encodeURIComponent(mentorPerson.lastName)}`);
  expect(new URL(student.url()).pathname).toBe("/student");
  await expect(student.getByRole("list", { name: "Найденные наставники" })).toHaveCount(0);
  await Promise.all([student.context().close(), staff.context().close()]);
});
