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
