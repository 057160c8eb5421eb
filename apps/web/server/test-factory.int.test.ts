import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@bilet/config";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { startServer, type RunningServer } from "./app.ts";

const SECRET = "e2e-secret-0123456789";
let db: TestDatabase;
let withFactory: RunningServer;
let without: RunningServer;

beforeAll(async () => {
  db = await createTestDatabase();
  withFactory = await startServer({ env: parseEnv({ NODE_ENV: "test", PORT: "3476", APP_ORIGIN: "http://127.0.0.1:3476", SEED_DEMO: "false", TEST_FACTORY_SECRET: SECRET }), handle: db, mode: "api-only", background: false });
  without = await startServer({ env: parseEnv({ NODE_ENV: "test", PORT: "3477", APP_ORIGIN: "http://127.0.0.1:3477", SEED_DEMO: "false" }), handle: db, mode: "api-only", background: false });
});
afterAll(async () => {
  await withFactory?.close();
  await without?.close();
  await db?.close();
});

const make = (base: string, body: unknown, secret?: string) =>
  fetch(`${base}/__test__/factory`, { method: "POST", headers: { "content-type": "application/json", ...(secret ? { "x-test-factory": secret } : {}) }, body: JSON.stringify(body) });

describe("the end-to-end test factory", () => {
  it("makes an admitted family whose cookies are signed-in sessions", async () => {
    const res = await make(withFactory.url, { make: "family" }, SECRET);
    expect(res.status).toBe(200);
    const { parent, student } = (await res.json()) as { parent: { cookie: string; id: string }; student: { cookie: string; id: string } };
    const me = await fetch(`${withFactory.url}/trpc/auth.me`, { headers: { cookie: student.cookie } });
    expect(((await me.json()) as { result: { data: { role: string } } }).result.data.role).toBe("student");
    const admission = await fetch(`${withFactory.url}/trpc/consent.admission?input=${encodeURIComponent(JSON.stringify({ studentId: student.id }))}`, { headers: { cookie: parent.cookie } });
    expect(((await admission.json()) as { result: { data: { admitted: boolean } } }).result.data.admitted).toBe(true);
  });

  it("answers 404 without the secret, and does not exist unless configured", async () => {
    expect((await make(withFactory.url, { make: "person", role: "staff" })).status).toBe(404);
    expect((await make(withFactory.url, { make: "person", role: "staff" }, "wrong-secret-0123456789")).status).toBe(404);
    expect((await make(without.url, { make: "person", role: "staff" }, SECRET)).status).toBe(404);
  });
});
