import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@bilet/config";
import { users } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { startServer, type RunningServer } from "./app.ts";

let db: TestDatabase;
let app: RunningServer;
const origin = "http://127.0.0.1:3472";

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startServer({ env: parseEnv({ NODE_ENV: "test", PORT: "3472", APP_ORIGIN: origin, SEED_DEMO: "false" }), handle: db, mode: "api-only", background: false });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const form = (email: string) => JSON.stringify({ lastName: "Иванова", firstName: "Ольга", regionCode: "77", email, password: "parol2026" });
const register = (headers: Record<string, string>, email: string) =>
  fetch(`${origin}/trpc/auth.registerParent`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: form(email) });
const userCount = async () => (await db.db.select({ n: count() }).from(users))[0]!.n;

describe("mutations only from the app's own origin", () => {
  it("refuses a cross-site POST with 403 in Russian and changes nothing", async () => {
    const before = await userCount();
    const evil = await register({ origin: "http://evil.example" }, "csrf1@example.ru");
    expect(evil.status).toBe(403);
    expect(await evil.text()).toBe("Запрос отклонён: он отправлен с другого сайта.");
    const crossSite = await register({ "sec-fetch-site": "cross-site" }, "csrf2@example.ru");
    expect(crossSite.status).toBe(403);
    expect(await userCount()).toBe(before);
  });

  it("accepts the same origin, and queries from anywhere", async () => {
    const own = await register({ origin }, "own@example.ru");
    expect(own.status).toBe(200);
    const query = await fetch(`${origin}/trpc/reference.regions`, { headers: { origin: "http://evil.example" } });
    expect(query.status).toBe(200);
  });

  it("sets no session cookie when a login is refused", async () => {
    const res = await fetch(`${origin}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email: "own@example.ru", password: "parol2026" }),
    });
    // Not activated yet: refused, and no session cookie is set.
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe("request bodies are limited before they are read", () => {
  it("answers 413 in Russian to a login body over the limit and signs nobody in", async () => {
    const huge = JSON.stringify({ email: "own@example.ru", password: "x".repeat(1024 * 1024) });
    const res = await fetch(`${origin}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", origin }, body: huge });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe("Слишком большой запрос: не больше 256 КБ.");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("answers 413 to a form page POST over the limit", async () => {
    const res = await fetch(`${origin}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: `email=a%40b.ru&password=${"x".repeat(300 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe("Слишком большой запрос: не больше 256 КБ.");
  });

  it("refuses a body that does not declare its length", async () => {
    const chunks = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ email: "a@b.ru", password: "parol2026" })));
        controller.close();
      },
    });
    const res = await fetch(`${origin}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", origin }, body: chunks, duplex: "half" } as RequestInit);
    expect(res.status).toBe(411);
  });
});

describe("the development mailbox is no API", () => {
  it("has no tRPC procedure that another origin could call", async () => {
    const res = await fetch(`${origin}/trpc/devMailbox.list`);
    expect(res.status).toBe(404);
  });
});

describe("every message a user can see is Russian", () => {
  const hasLatinWords = (text: string) => /[a-z]{3,}/i.test(text.replace(/«[^»]*»/g, ""));
  const errorOf = async (res: Response) => ((await res.json()) as { error: { message: string; data: { fieldErrors?: Record<string, string> } } }).error;

  it("answers a broken JSON body in Russian", async () => {
    const res = await fetch(`${origin}/trpc/auth.login`, { method: "POST", headers: { "content-type": "application/json", origin }, body: "{not json" });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.message).toMatch(/[а-яё]/i);
    expect(hasLatinWords(error.message)).toBe(false);
  });

  it("answers an unknown procedure in Russian", async () => {
    const res = await fetch(`${origin}/trpc/no.suchProcedure`);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).message).toBe("Такой страницы или действия нет");
  });

  it("gives Russian field messages for checks that have no message of their own", async () => {
    const res = await fetch(`${origin}/trpc/auth.registerParent`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ lastName: "Иванова", firstName: "Ольга", middleName: "Н".repeat(61), regionCode: "77", email: "long@example.ru", password: "parol2026" }),
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.message).toBe("Проверьте правильность заполнения формы");
    for (const message of Object.values(error.data.fieldErrors ?? {})) expect(hasLatinWords(message)).toBe(false);
    expect(Object.keys(error.data.fieldErrors ?? {})).toContain("middleName");
  });

  it("refuses a NUL byte with a Russian message tied to the field", async () => {
    const res = await fetch(`${origin}/trpc/auth.registerParent`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ lastName: "Иванова\u0000", firstName: "Ольга", regionCode: "77", email: "nul@example.ru", password: "parol2026" }),
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.data.fieldErrors).toEqual({ lastName: expect.stringMatching(/^Текст содержит недопустимые символы/) });
  });
});
