import { test as base, expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";

export const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? "3210"}`;

/** Every page fails its test on an unexpected console.error or an uncaught exception. */
export const test = base.extend<{ failOnConsoleError: void }>({
  failOnConsoleError: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on("console", (m) => {
          if (m.type() === "error") problems.push(`${page.url()}: ${m.text()}`);
        });
        page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
      };
      context.pages().forEach(watch);
      context.on("page", watch);
      await use();
      // A 4xx/5xx answer the test asked for is logged by Chromium as a failed resource: not a bug.
      const unexpected = problems.filter((p) => !/Failed to load resource: the server responded with a status of (4\d\d)/.test(p));
      expect(unexpected, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

let counter = 0;
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}${counter}@example.ru`;
}

/** Opens the newest email to `to` in the dev mailbox and returns its first link to `path`. */
export async function linkFromMailbox(page: Page, to: string, path: string): Promise<string> {
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
  await page.getByRole("list", { name: "Письма" }).getByRole("link").first().click();
  const link = page.getByRole("link", { name: new RegExp(`${path.replace(/\//g, "\\/")}\\?token=`) }).first();
  await expect(link).toBeVisible();
  return (await link.getAttribute("href"))!;
}

/** Signs in through the login form and waits for the answer (a cabinet or an error). */
export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill(password);
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login"));
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await answered;
}

/** Logs out from the cabinet header and waits until the landing page is back. */
export async function logOut(page: Page) {
  await page.getByRole("button", { name: "Выйти" }).click();
  await expect(page.getByRole("link", { name: "Регистрация участника" })).toBeVisible();
}

/** Fills the student form and submits; `expectSent` waits for the «Проверьте почту» page. */
export async function registerStudent(page: Page, email: string, password = "parol2026") {
  await page.goto("/register/student");
  await page.getByLabel("Фамилия").fill("Лебедева");
  await page.getByLabel("Имя", { exact: true }).fill("Мария");
  await page.getByLabel("Дата рождения").fill("2012-04-12");
  await page.getByLabel("Класс").selectOption("7");
  await page.getByLabel("Субъект РФ").selectOption({ label: "Республика Татарстан" });
  await page.getByLabel("Школа").fill("Гимназия № 2");
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Зарегистрироваться" }).click();
  await expect(page.getByRole("heading", { name: "Проверьте почту" })).toBeVisible();
}

export async function registerParent(page: Page, email: string, password = "parol2026") {
  await page.goto("/register/parent");
  await page.getByLabel("Фамилия").fill("Лебедев");
  await page.getByLabel("Имя", { exact: true }).fill("Андрей");
  await page.getByLabel("Отчество (если есть)").fill("Викторович");
  await page.getByLabel("Субъект РФ").selectOption({ label: "Республика Татарстан" });
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Зарегистрироваться" }).click();
  await expect(page.getByRole("heading", { name: "Проверьте почту" })).toBeVisible();
}

/** Follows the activation link from the mailbox and confirms. */
export async function activateFromMailbox(page: Page, email: string) {
  const link = await linkFromMailbox(page, email, "/activate");
  await page.goto(link);
  await page.getByRole("button", { name: "Подтвердить учётную запись" }).click();
  await expect(page.getByRole("heading", { name: /^(Личный кабинет|Кабинет)/ })).toBeVisible();
}

/** A person the test server's factory made, signed in (see packages/core/src/testing/factory.ts). */
export interface Person {
  id: string;
  role: "student" | "parent" | "mentor" | "staff";
  email: string;
  password: string;
  lastName: string;
  firstName: string;
  /** `name=value` of the session cookie. */
  cookie: string;
}

async function factory<T>(body: Record<string, unknown>): Promise<T> {
  const secret = process.env.TEST_FACTORY_SECRET;
  if (!secret) throw new Error("TEST_FACTORY_SECRET is set by playwright.config.ts");
  const res = await fetch(`${BASE_URL}/__test__/factory`, { method: "POST", headers: { "content-type": "application/json", "x-test-factory": secret }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`factory ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A new signed-in person of this role, made for this test only. */
export const makePerson = (role: Person["role"], options: { grade?: number } = {}) => factory<Person>({ make: "person", role, ...options });

/** A linked parent and child; the parent has consented unless `consent: false`. */
export const makeFamily = (options: { consent?: boolean; grade?: number } = {}) => factory<{ parent: Person; student: Person }>({ make: "family", ...options });

/** Calls a tRPC procedure as `person` over HTTP: a mutation (POST) or, with `query`, a query (GET). */
export async function callApi<T>(person: Person, path: string, input: unknown, kind: "mutation" | "query" = "mutation"): Promise<T> {
  const url = kind === "query" ? `${BASE_URL}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `${BASE_URL}/trpc/${path}`;
  const res = await fetch(url, { method: kind === "query" ? "GET" : "POST", headers: { "content-type": "application/json", cookie: person.cookie }, body: kind === "query" ? undefined : JSON.stringify(input) });
  const json = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!res.ok || !json.result) throw new Error(`${path}: ${res.status} ${json.error?.message ?? ""}`);
  return json.result.data;
}

/** The season calendar, set around today unless the server has one. */
export const ensureSeason = () => factory<Record<string, string>>({ make: "season" });

/** A page in a browser context of its own, signed in as `person` by its session cookie. */
export async function pageOf(browser: Browser, person: Person, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const [name, ...value] = person.cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: BASE_URL }]);
  return context.newPage();
}

/** Full name as rosters show it. */
export const fullName = (p: Person) => `${p.lastName} ${p.firstName}`;

/** «YYYY-MM-DDTHH:mm» in Moscow time, for datetime-local inputs. */
export function moscowLocal(msFromNow: number): string {
  return new Date(Date.now() + msFromNow + 3 * 3600_000).toISOString().slice(0, 16);
}

/** Staff schedule an online trial through the staff pages and assign the mentor. */
export async function scheduleTrial(staff: Page, trial: { title: string; startsInMs: number; durationMinutes?: number; mentor: Person }) {
  await ensureSeason();
  await staff.goto("/staff/trials");
  await staff.getByLabel("Компетенция").selectOption({ label: "Промышленные и инженерные технологии: Мобильная робототехника" });
  await staff.getByLabel("Название").fill(trial.title);
  await staff.getByLabel("Формат").selectOption({ label: "онлайн" });
  await staff.getByLabel("Ссылка (для онлайн)").fill("https://meet.example.ru/robots");
  await staff.getByLabel("Начало (мск)").fill(moscowLocal(trial.startsInMs));
  await staff.getByLabel("Длительность, мин").fill(String(trial.durationMinutes ?? 90));
  await staff.getByLabel("Запись до (мск)").fill(moscowLocal(trial.startsInMs / 2));
  await staff.getByRole("button", { name: "Создать пробу" }).click();
  await expect(staff.getByRole("status")).toHaveText("Проба создана.");
  await assignMentor(staff, trial.title, trial.mentor.lastName);
}

/** Staff find the trial with this title, pick a mentor by last name with the mentor search, and assign them. */
export async function assignMentor(staff: Page, title: string, lastName: string) {
  await staff.goto(`/staff/trials?q=${encodeURIComponent(title)}`);
  await staff.getByLabel("Найти наставника").fill(lastName);
  await staff.getByRole("button", { name: "Найти", exact: true }).click();
  await staff.getByRole("list", { name: "Найденные наставники" }).getByRole("link", { name: new RegExp(`^Выбрать наставника: .*${lastName}`) }).first().click();
  const item = staff.getByRole("list", { name: "Предстоящие пробы" }).getByRole("listitem").filter({ hasText: title });
  await item.getByRole("button", { name: /^Назначить наставника / }).click();
  await expect(staff.getByRole("status").filter({ hasText: "Наставник назначен." })).toBeVisible();
}

/** The student enrolls from the catalogue, then waits in the cabinet with the live channel connected. */
export async function enrollFromCatalogue(student: Page, title: string) {
  // The catalogue goes a page at a time: its search finds the trial wherever it is.
  await student.goto(`/student/trials?q=${encodeURIComponent(title)}`);
  await student.getByRole("button", { name: `Записаться: ${title}` }).click();
  await expect(student.getByRole("status").filter({ hasText: "Ты в списке участников" })).toBeVisible();
  await student.goto("/student");
  await expect(student.locator(".bell")).toHaveAttribute("data-live", "true");
}
