import { readFile } from "node:fs/promises";
import { expect, makeFamily, pageOf, test } from "../support/fixtures";

test.describe("the family's data rights (152-ФЗ)", () => {
  test("a parent downloads the child's data as JSON, asks to delete it and cancels; the page fits a phone", async ({ browser }) => {
    const { parent, student } = await makeFamily();
    const other = await makeFamily();
    const page = await pageOf(browser, parent);

    await page.goto(`/parent/children/${student.id}`);
    await page.getByRole("link", { name: "Данные ребёнка" }).click();
    await expect(page.getByRole("heading", { name: "Данные ребёнка", level: 1 })).toBeVisible();

    // The JSON file: dated name, the child's data, nothing of the other family or of the parent's own account.
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Скачать файл (JSON)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^bilet-dannye-rebenka-\d{4}-\d{2}-\d{2}\.json$/);
    const text = await readFile((await download.path())!, "utf8");
    const data = JSON.parse(text) as { person: { id: string; lastName: string; email: string; student: { school: string } }; family: { role: string; name: string }[]; consents: { parentName: string; ip: string | null }[] };
    expect(data.person).toMatchObject({ id: student.id, lastName: student.lastName, email: student.email, student: { school: "Гимназия № 2" } });
    expect(data.family).toEqual([{ role: "parent", name: `${parent.firstName} ${parent.lastName}`, linkedAt: expect.any(String) }]);
    expect(data.consents).toEqual([expect.objectContaining({ parentName: `${parent.firstName} ${parent.lastName}`, ip: null })]);
    for (const foreign of [other.parent.email, other.parent.lastName, other.student.email, other.student.lastName, parent.email]) expect(text).not.toContain(foreign);

    // «Скачать мои данные»: the parent's own file, from «Мои данные».
    const own = await page.request.get("/account/data/export/json");
    expect(own.headers()["content-disposition"]).toMatch(/attachment; filename="bilet-moi-dannye-\d{4}-\d{2}-\d{2}\.json"/);
    expect(((await own.json()) as { person: { email: string } }).person.email).toBe(parent.email);

    // The same content, readable and printable.
    await page.getByRole("link", { name: "Открыть для печати" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(student.lastName);
    await expect(page.getByRole("heading", { name: "Согласия на обработку персональных данных" })).toBeVisible();
    await page.getByRole("link", { name: "← Данные ребёнка" }).click();

    // A request is confirmed with the parent's password, and waits for its term.
    await page.getByLabel("Ваш пароль").fill("neverno2026");
    await page.getByRole("button", { name: "Удалить данные" }).click();
    await expect(page.getByText("Неверный пароль")).toBeVisible();
    await page.getByLabel("Ваш пароль").fill(parent.password);
    await page.getByRole("button", { name: "Удалить данные" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Запрос принят: данные будут удалены" })).toBeVisible();
    await expect(page.getByRole("status", { name: "Запрос на удаление" })).toContainText("Данные будут удалены");

    // At 375 px the page, and its printable copy, have no horizontal scroll.
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of [`/parent/children/${student.id}/data/print`, `/parent/children/${student.id}/data`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }

    await page.getByRole("button", { name: "Отменить удаление" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Удаление отменено: данные сохранены." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Удалить данные" })).toBeVisible();

    // The child was told of both, and keeps the account.
    const child = await pageOf(browser, student);
    await child.goto("/notifications");
    await expect(child.getByText("Удаление данных отменено")).toBeVisible();
    await expect(child.getByText("Запрошено удаление твоих данных")).toBeVisible();
  });
});
