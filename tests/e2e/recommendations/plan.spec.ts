import { readFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { callApi, expect, makeFamily, makePerson, pageOf, scheduleTrial, test, type Person } from "../support/fixtures";

/** The text of a PDF as a reader's program extracts it (pdf.js). */
async function pdfText(path: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(await readFile(path)) }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) texts.push((await (await doc.getPage(n)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join(" "));
  // pdf.js returns a hyphenated word as two pieces.
  return texts.join(" ").replace(/\s+/g, " ").replace(/- /g, "-");
}

/** The student answers a short self-assessment through the API (the test pages have their own browser tests). */
async function finishTeamworkTest(student: Person) {
  const view = await callApi<{ attemptId: string; items: { id: string }[] }>(student, "diagnostics.start", { testId: "strengths-teamwork" });
  for (const item of view.items) await callApi(student, "diagnostics.answer", { attemptId: view.attemptId, itemId: item.id, answer: 4 });
  await callApi(student, "diagnostics.finish", { attemptId: view.attemptId });
}

test("after a trial the plan appears for the student and the parent (told live); a new trial result makes version 2 with what changed; the PDF carries the name and the first recommendation", async ({ browser }) => {
  const [family, staffPerson, mentorPerson] = await Promise.all([makeFamily(), makePerson("staff"), makePerson("mentor")]);
  const { student, parent } = family;
  await finishTeamworkTest(student);

  // A trial within the hour, so that the mentor can mark attendance now.
  const staff = await pageOf(browser, staffPerson);
  const title = `Робототехника для плана ${Date.now().toString(36)}`;
  await scheduleTrial(staff, { title, startsInMs: 3600_000, mentor: mentorPerson });
  const studentPage = await pageOf(browser, student);
  await studentPage.goto("/student/recommendations");
  await expect(studentPage.getByText("План появится после хотя бы одной пройденной пробы с отзывом наставника")).toBeVisible();

  const { items: trials } = await callApi<{ items: { id: string; title: string }[] }>(student, "trials.list", { q: title }, "query");
  const enrollment = await callApi<{ id: string }>(student, "trials.enroll", { trialId: trials.find((t) => t.title === title)!.id });
  await callApi(parent, "trials.approve", { enrollmentId: enrollment.id });

  // The parent's cabinet is open when the mentor's feedback makes the plan.
  const parentPage = await pageOf(browser, parent);
  await parentPage.goto("/parent");
  await expect(parentPage.locator(".bell")).toHaveAttribute("data-live", "true");
  await callApi(mentorPerson, "trials.markAttendance", { enrollmentId: enrollment.id, mark: "present" });
  await callApi(mentorPerson, "trials.leaveFeedback", { enrollmentId: enrollment.id, performance: 5, interest: 5, comment: "Собрала робота сама" });
  await expect(parentPage.getByRole("status").filter({ hasText: `Рекомендации готовы: ${student.firstName}` })).toBeVisible();

  await studentPage.goto("/student");
  await studentPage.getByRole("link", { name: "Рекомендации" }).first().click();
  await expect(studentPage.getByRole("heading", { name: "Индивидуальный учебный план" })).toBeVisible();
  await expect(studentPage.getByText(/^Версия 1 от \d+ \S+ \d{4} г\. · 8 класс/)).toBeVisible();
  await expect(studentPage.getByText(/Почему:/).first()).toBeVisible();

  await parentPage.goto(`/parent/children/${student.id}/recommendations`);
  await expect(parentPage.getByRole("heading", { name: "Индивидуальный учебный план" })).toBeVisible();

  // The student rates the trial low: a new version, and what changed is shown.
  await callApi(student, "trials.rate", { enrollmentId: enrollment.id, rating: 1, comment: "Не моё" });
  await studentPage.goto("/student/recommendations");
  await expect(studentPage.getByText(/^Версия 2 от .* · 8 класс/)).toBeVisible();
  await expect(studentPage.getByRole("heading", { name: /Что изменилось/ })).toBeVisible();

  // The PDF: a real file whose text has the student's name and the first recommendation.
  const firstRecommendation = (await callApi<{ plan: { sections: { items: { text: string }[] }[] } }>(student, "recommendations.plan", { studentId: student.id }, "query")).plan.sections[0]!.items[0]!.text;
  const download = studentPage.waitForEvent("download");
  await studentPage.getByRole("link", { name: "Скачать PDF" }).click();
  const file = await (await download).path();
  const text = await pdfText(file!);
  expect(text).toContain(`${student.lastName} ${student.firstName}`);
  expect(text).toContain(firstRecommendation.slice(0, 40));
});

test("a parent of another family and a mentor are refused the plan", async ({ browser }) => {
  const [family, strangers, mentor] = await Promise.all([makeFamily(), makeFamily(), makePerson("mentor")]);
  const stranger = await pageOf(browser, strangers.parent);
  const refused = await stranger.goto(`/parent/children/${family.student.id}/recommendations`);
  expect(refused!.status()).toBe(403);
  await expect(stranger.getByRole("heading", { name: "Нет доступа к этой странице" })).toBeVisible();
  const pdf = await stranger.request.get(`/parent/children/${family.student.id}/recommendations/pdf`);
  expect(pdf.status()).toBe(403);
  await expect(callApi(mentor, "recommendations.plan", { studentId: family.student.id }, "query")).rejects.toThrow(/403/);
});
