import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@bilet/config";
import { emailOutbox, jobSchedule } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { enqueueEmail } from "@bilet/mail";
import { startServer } from "./app.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const letterTo = async (to: string) => {
  await enqueueEmail(db.db, to, { subject: "Проверка", text: "текст", html: "<p>текст</p>", template: "test" });
  return async () => (await db.db.select({ status: emailOutbox.status }).from(emailOutbox).where(eq(emailOutbox.toAddress, to)))[0]!.status;
};

describe("background work in the web server", () => {
  it("is left to workers with RUN_JOBS=false: the server serves and sends nothing", async () => {
    // The handle is the test database; DATABASE_URL only satisfies the setting's check.
    const env = parseEnv({ NODE_ENV: "test", PORT: "0", SEED_DEMO: "false", RUN_JOBS: "false", DATABASE_URL: "postgres://workers.example/bilet" });
    const server = await startServer({ env, handle: db, mode: "api-only" });
    try {
      expect(server.runsJobs).toBe(false);
      const status = await letterTo("nobody-sends@background.test");
      await sleep(1500);
      expect(await status()).toBe("pending");
      expect(await db.db.$count(jobSchedule)).toBe(0);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("runs in the server by default: letters go out and jobs take their rounds", async () => {
    const server = await startServer({ env: parseEnv({ NODE_ENV: "test", PORT: "0", SEED_DEMO: "false" }), handle: db, mode: "api-only" });
    try {
      expect(server.runsJobs).toBe(true);
      const status = await letterTo("sent-here@background.test");
      for (let i = 0; i < 30 && (await status()) === "pending"; i++) await sleep(100);
      expect(await status()).toBe("captured");
      expect(await db.db.$count(jobSchedule)).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
