import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { callApi, ensureSeason, enrollFromCatalogue, expect, logIn, makePerson, pageOf, test, type Person } from "../support/fixtures";

/** The text of a PDF as a reader's program extracts it (pdf.js). */
async function pdfText(path: string): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(await readFile(path)) }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) texts.push((await (await doc.getPage(n)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join(" "));
  // pdf.js returns a hyphenated word and an address in two pieces.
  return texts.join(" ").replace(/\s+/g, " ").replace(/- /g, "-").replace(/:\/\/ /g, "://");
}

/** Downloads what clicking `name` gives and reads the login and the password printed on the sheet. */
async function downloadSheet(page: Page, click: () => Promise<void>) {
  const download = page.waitForEvent("download");
  await click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^list-vhoda-[a-z]+\d+\.pdf$/);
  const text = await pdfText((await file.path())!);
  const login = text.match(/Логин (\S+)/)?.[1];
  const password = text.match(/Пароль (\S+)/)?.[1];
  expect(login, text).toBeTruthy();
  expect(password, text).toBeTruthy();
  return { text, login: login!, password: password! };
}

/**
 * An online trial in two hours, led by the mentor, made through the API (the
 * staff pages have their own tests; this one is about the family).
 */
async function trialInTwoHours(staff: Person, mentor: Person, title: string) {
  await ensureSeason();
  const [competency] = await callApi<{ code: string }[]>(staff, "trials.competencies", undefined, "query");
  const startsAt = new Date(Date.now() + 2 * 3600_000).toISOString();
  const trial = await callApi<{ id: string }>(staff, "trials.create", {
    competencyCode: competency!.code,
    title,
    level: "intro",
    format: "online",
    link: "https://meet.example.ru/robots",
    startsAt,
    durationMinutes: 90,
    capacity: 10,
    minGrade: 6,
    maxGrade: 11,
    enrollDeadline: new Date(Date.now() + 3600_000).toISOString(),
  });
  await callApi(staff, "trials.assignMentor", { trialId: trial.id, mentorId: mentor.id });
}

/** A surname no other test uses, in Cyrillic letters only (the form takes no digits). */
function uniqueSurname(): string {
  return `Малышев-${Date.now().toString(16).replace(/[0-9a-f]/g, (h) => "абвгдежзиклмнопр"[parseInt(h, 16)]!)}`;
}

/** A birth date about 12 years ago. */
function twelveYearsAgo(): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - 12);
  d.setUTCDate(d.getUTCDate() - 40);
  return d.toISOString().slice(0, 10);
}

async function fillChildForm(page: Page, lastName: string) {
  await page.getByLabel("Фамилия").fill(lastName);
  await page.getByLabel("Имя", { exact: true }).fill("Тимофей");
  await page.getByLabel("Отчество (если есть)").fill("Андреевич");
  await page.getByLabel("Дата рождения").fill(twelveYearsAgo());
  await page.getByLabel("Класс").selectOption("6");
  await page.getByLabel("Школа").fill("Школа № 12");
}

test("a parent adds a child under 14: the login sheet's password works, consent, a new password, a trial approved live", async ({ browser }) => {
  const [parentPerson, staffPerson, mentorPerson] = await Promise.all([makePerson("parent"), makePerson("staff"), makePerson("mentor")]);
  const parent = await pageOf(browser, parentPerson);
  const lastName = uniqueSurname();

  // «Моя семья» → the form → the account, with the login and the password shown once.
  await parent.goto("/parent");
  await parent.getByRole("link", { name: "Добавить ребёнка младше 14 лет" }).click();
  await expect(parent.getByRole("heading", { name: "Добавить ребёнка младше 14 лет" })).toBeVisible();
  // The region is the parent's unless chosen.
  await expect(parent.getByLabel("Субъект РФ")).toHaveValue("16");
  await fillChildForm(parent, lastName);
  await parent.getByRole("button", { name: "Создать учётную запись" }).click();
  await expect(parent.getByRole("status")).toHaveText(`Учётная запись создана: ${lastName} Тимофей Андреевич. Кабинеты связаны.`);
  const shown = parent.getByRole("definition");
  const shownLogin = (await shown.nth(0).textContent())!.trim();
  const shownPassword = (await shown.nth(1).textContent())!.trim();
  expect(shownLogin).toMatch(/^malyshev[a-z]*\d{4}$/);

  // The sheet: a real PDF whose text has the name, the login, the password (the same as on screen) and the site.
  const sheet = await downloadSheet(parent, () => parent.getByRole("link", { name: "Скачать лист входа (PDF)" }).click());
  expect(sheet.text).toContain(`${lastName} Тимофей Андреевич`);
  expect(sheet.login).toBe(shownLogin);
  expect(sheet.password).toBe(shownPassword);
  expect(sheet.text).toContain(new URL(parent.url()).origin);
  expect(sheet.text).toContain("Введи логин и пароль из этого листа");

  // Consent, as its own step.
  const toConsent = parent.getByRole("link", { name: "Перейти к согласию" });
  const childPath = (await toConsent.getAttribute("href"))!.split("#")[0]!;
  await toConsent.click();
  await expect(parent.getByText("Ребёнок не допущен: нужно согласие родителя")).toBeVisible();
  await parent.getByLabel("Текст прочитан, даю согласие").check();
  await parent.getByRole("button", { name: "Дать согласие" }).click();
  await expect(parent.getByRole("status")).toHaveText("Согласие дано. Ребёнок допущен к практическим мероприятиям.");

  // The child signs in with the login from the sheet and must choose a new password before anything else.
  const child = await browser.newPage();
  await logIn(child, sheet.login, sheet.password);
  await expect(child).toHaveURL(/\/password\/change$/);
  await expect(child.getByRole("heading", { name: "Придумай свой пароль" })).toBeVisible();
  await child.goto("/student/trials");
  await expect(child).toHaveURL(/\/password\/change\?redirectTo=%2Fstudent%2Ftrials$/);
  await child.getByLabel("Новый пароль").fill(sheet.password);
  await child.getByRole("button", { name: "Сохранить пароль" }).click();
  await expect(child.getByRole("alert")).toHaveText("Придумай свой пароль: временный из листа входа оставить нельзя");
  await child.getByLabel("Новый пароль").fill("moi-parol-2026");
  await child.getByRole("button", { name: "Сохранить пароль" }).click();
  await expect(child).toHaveURL(/\/student\/trials$/);

  // A trial: the child enrolls, the parent approves it live, the child sees it without a reload.
  const title = `Робототехника для младших ${Date.now().toString(36)}`;
  await trialInTwoHours(staffPerson, mentorPerson, title);
  await parent.goto("/parent");
  await expect(parent.locator(".bell")).toHaveAttribute("data-live", "true");
  await enrollFromCatalogue(child, title);
  const myTrial = child.getByRole("list", { name: "Записи на пробы" }).getByRole("listitem").filter({ hasText: title });
  await expect(myTrial).toContainText("ждёт подтверждения родителя");
  await expect(parent.getByRole("status").filter({ hasText: "Ребёнок записался на пробу, подтвердите участие" })).toBeVisible();
  await parent.getByRole("button", { name: /Уведомления/ }).click();
  const request = parent.getByRole("region", { name: "Последние уведомления" }).getByRole("listitem").filter({ hasText: title });
  await request.getByRole("button", { name: "Подтвердить участие" }).click();
  await expect(request).toContainText("Участие подтверждено");
  await expect(child.getByRole("status").filter({ hasText: "подтверждено" })).toBeVisible();
  await expect(myTrial).toContainText("подтверждено");

  // A lost sheet: a new one; the old password (and the chosen one) stop working at once, the child is signed out.
  await parent.goto(childPath);
  await expect(parent.getByText("Прежний пароль перестанет действовать сразу")).toBeVisible();
  const fresh = await downloadSheet(parent, () => parent.getByRole("button", { name: "Скачать новый лист входа (PDF)" }).click());
  expect(fresh.login).toBe(sheet.login);
  expect(fresh.password).not.toBe(sheet.password);
  await child.reload();
  await expect(child).toHaveURL(/\/login\?redirectTo=/);
  const other = await browser.newPage();
  await logIn(other, sheet.login, "moi-parol-2026");
  await expect(other.getByRole("alert")).toHaveText("Неверный логин или пароль");
  await logIn(other, fresh.login, fresh.password);
  await expect(other).toHaveURL(/\/password\/change$/);
  await Promise.all([parent, child, other].map((p) => p.context().close()));
});

test("a parent cannot add a child of 14 or more, and the form works on a 375 px phone", async ({ browser }) => {
  const parentPerson = await makePerson("parent");
  const phone = await pageOf(browser, parentPerson, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await phone.goto("/parent/children/new");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await fillChildForm(phone, uniqueSurname());
  const fourteen = new Date();
  fourteen.setUTCFullYear(fourteen.getUTCFullYear() - 14);
  fourteen.setUTCDate(fourteen.getUTCDate() - 2);
  await phone.getByLabel("Дата рождения").fill(fourteen.toISOString().slice(0, 10));
  // The browser says it before sending; the server decides and says it beside the field.
  await expect(phone.getByRole("note")).toContainText("Ребёнку уже исполнилось 14 лет");
  await phone.getByRole("button", { name: "Создать учётную запись" }).tap();
  await expect(phone.getByLabel("Дата рождения")).toHaveAccessibleDescription(/^Ребёнку уже исполнилось 14 лет/);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await phone.screenshot({ path: "test-results/phone-child-form.png", fullPage: true });

  // Instead: a copied invitation link, visible in a field even when the clipboard is not allowed.
  await phone.goto("/parent");
  await phone.getByRole("button", { name: "Скопировать ссылку-приглашение" }).tap();
  const field = phone.getByLabel("Ссылка-приглашение");
  await expect(field).toHaveValue(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
  await expect(phone.getByText(/Ссылка скопирована|Скопируйте ссылку из поля/)).toBeVisible();
  const link = await field.inputValue();
  await phone.context().close();

  // The child opens it, gives an address, and is asked to confirm it.
  const child = await browser.newPage();
  await child.goto(link);
  await expect(child.getByRole("heading", { name: "Приглашение в проект" })).toBeVisible();
  await expect(child.getByLabel("Электронная почта")).toBeEditable();
});
