import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@bilet/auth";
import { parseEnv } from "@bilet/config";
import { migrateDatabase, openDatabase, users, type DatabaseHandle } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { startServer, type RunningServer } from "./app.ts";
import { databaseUnavailablePages, healthCheck } from "./health.ts";

const UNAVAILABLE = "Сервис временно недоступен, попробуйте через минуту";
const env = (port: number) => parseEnv({ NODE_ENV: "test", PORT: String(port), APP_ORIGIN: `http://127.0.0.1:${port}`, SEED_DEMO: "false" });

let db: TestDatabase;
let app: RunningServer;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startServer({ env: env(3474), handle: db, mode: "api-only", background: false });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

/** A bare Express app around the given handlers, on a free port. */
async function serve(build: (app: express.Express) => void): Promise<{ url: string; close(): Promise<void> }> {
  const bare = express();
  build(bare);
  const server: Server = await new Promise((resolve) => {
    const s = bare.listen(0, "127.0.0.1", () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe("GET /health, for load balancers", () => {
  it("answers 200 when the database answers", async () => {
    const res = await fetch(`${app.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("answers 503 when the database cannot be reached", async () => {
    const unreachable = await openDatabase({ databaseUrl: "postgres://postgres@127.0.0.1:1/bilet" });
    const bare = await serve((a) => a.get("/health", healthCheck(unreachable)));
    try {
      const res = await fetch(`${bare.url}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", database: "down" });
    } finally {
      await bare.close();
      await unreachable.close();
    }
  });
});

describe("a database outage answers 503 in Russian, not 500", () => {
  let down: RunningServer;
  let handle: DatabaseHandle;
  let cookie: string;

  beforeAll(async () => {
    // An app of its own on a handle of its own, which the test then closes: every query fails as in an outage.
    if (db.url) {
      handle = await openDatabase({ databaseUrl: db.url, maxConnections: 2 });
    } else {
      handle = await openDatabase({ pgliteDir: "memory://" });
      await migrateDatabase(handle);
    }
    down = await startServer({ env: env(3475), handle, mode: "api-only", background: false });
    const [user] = await handle.db
      .insert(users)
      .values({ email: "outage@example.ru", role: "parent", lastName: "Тестова", firstName: "Анна", passwordHash: await hashPassword("parol2026"), activatedAt: new Date() })
      .returning({ id: users.id });
    cookie = (await down.deps.sessions.create(user!.id, {})).cookie.split(";")[0]!;
  });
  afterAll(async () => {
    await down?.close();
  });

  it("answers tRPC calls and /health with 503 while the database is closed", async () => {
    await handle.close();
    // The session is read before any procedure runs...
    const me = await fetch(`${down.url}/trpc/auth.me`, { headers: { cookie } });
    expect(me.status).toBe(503);
    expect((await me.json()).error.message).toBe(UNAVAILABLE);
    // ...and a procedure reads the database itself.
    const login = await fetch(`${down.url}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: down.url },
      body: JSON.stringify({ email: "outage@example.ru", password: "parol2026" }),
    });
    expect(login.status).toBe(503);
    expect((await login.json()).error.message).toBe(UNAVAILABLE);

    const health = await fetch(`${down.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "unavailable", database: "down" });
  });
});

describe("pages during an outage", () => {
  it("answer 503 with the Russian message when the database is unavailable, and leave other errors alone", async () => {
    const unreachable = await openDatabase({ databaseUrl: "postgres://postgres@127.0.0.1:1/bilet" });
    const bare = await serve((a) => {
      a.get("/page", async (_req, _res, next) => {
        await unreachable.db.select().from(users).catch(next);
      });
      a.get("/broken", (_req, _res, next) => next(new Error("a bug")));
      a.use(databaseUnavailablePages());
    });
    try {
      const page = await fetch(`${bare.url}/page`);
      expect(page.status).toBe(503);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await page.text()).toContain(UNAVAILABLE);
      expect((await fetch(`${bare.url}/broken`)).status).toBe(500);
    } finally {
      await bare.close();
      await unreachable.close();
    }
  });
});
