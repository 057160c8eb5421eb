import type { Page } from "@playwright/test";
import { activateFromMailbox, expect, registerStudent, test, uniqueEmail } from "../support/fixtures";

/** On a 375 px wide phone: nothing sticks out sideways, and the cabinet's controls are usable. */
async function fitsTheScreen(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("registration and the cabinet work on a phone screen", async ({ page }) => {
  await page.goto("/");
  await fitsTheScreen(page);
  await page.getByRole("link", { name: "Регистрация участника" }).tap();
  await fitsTheScreen(page);
  const email = uniqueEmail("phone");
  await registerStudent(page, email);
  await activateFromMailbox(page, email);
  await expect(page.getByRole("heading", { name: "Личный кабинет участника" })).toBeVisible();
  await fitsTheScreen(page);
  await page.getByRole("button", { name: /Уведомления/ }).tap();
  const panel = page.getByRole("region", { name: "Последние уведомления" });
  await expect(panel.getByText("Учётная запись подтверждена")).toBeVisible();
  const box = (await panel.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(375);
  await page.screenshot({ path: "test-results/phone-cabinet.png", fullPage: true });
});
