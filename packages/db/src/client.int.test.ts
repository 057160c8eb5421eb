import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable, openDatabase, queryRows } from "./client.ts";
import { LISTEN_APPLICATION_NAME } from "./listener.ts";
import { createTestDatabase, type TestDatabase } from "./testing/index.ts";
import { regions, studentProfiles, users } from "./schema/index.ts";

let handle: TestDatabase;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("database", () => {
  it("has all 89 субъекты РФ as reference data", async () => {
    const rows = await handle.db.select().from(regions);
    expect(rows).toHaveLength(89);
    expect(rows.find((r) => r.code === "77")?.name).toBe("Москва");
  });

  it("rejects a grade outside 6–11 and a duplicate email", async () => {
    const [user] = await handle.db
      .insert(users)
      .values({ email: "a@example.ru", role: "student", lastName: "Иванов", firstName: "Иван" })
      .returning();
    await expect(
      handle.db.insert(studentProfiles).values({ userId: user!.id, birthDate: "2012-01-01", grade: 5, regionCode: "77", school: "1" }),
    ).rejects.toThrow();
    await expect(
      handle.db.insert(users).values({ email: "a@example.ru", role: "parent", lastName: "Б", firstName: "Б" }),
    ).rejects.toThrow();
    expect(await handle.db.select().from(users).where(eq(users.email, "a@example.ru"))).toHaveLength(1);
  });

  it("delivers NOTIFY only after the transaction commits", async () => {
    const received: string[] = [];
    const unlisten = await handle.listen("test_channel", (p) => received.push(p));
    await handle.db
      .transaction(async (tx) => {
        await tx.execute(sql`select pg_notify('test_channel', 'rolled back')`);
        tx.rollback();
      })
      .catch(() => {});
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('test_channel', 'committed')`);
    });
    await expect.poll(() => received).toEqual(["committed"]);
    await unlisten();
  });

  it("listens again at once after the LISTEN connection is killed, and says so", async () => {
    const received: string[] = [];
    let resumed = 0;
    const unlisten = await handle.listen("resume_channel", (p) => received.push(p), () => resumed++);
    // Only PostgreSQL has a LISTEN connection to lose; PGlite listens in-process (chosen by DATABASE_URL, no skip).
    if (handle.url) {
      const killed = await queryRows(
        handle.db,
        sql`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and application_name = ${LISTEN_APPLICATION_NAME}`,
      );
      expect(killed).toHaveLength(1);
      await expect.poll(() => resumed).toBe(1);
    }
    await handle.db.execute(sql`select pg_notify('resume_channel', 'after')`);
    await expect.poll(() => received).toEqual(["after"]);
    await unlisten();
  });

  it("cancels a statement that runs past the statement timeout, as an unavailable database", async () => {
    // PGlite runs in-process with no server-side timeout; there the slow statement simply finishes.
    const short = handle.url ? await openDatabase({ databaseUrl: handle.url, maxConnections: 1, statementTimeoutMs: 50 }) : handle;
    try {
      const slow = short.db.execute(sql`select pg_sleep(0.5)`);
      if (handle.url) {
        const error = await slow.then(() => null, (e: unknown) => e);
        expect(isDatabaseUnavailable(error)).toBe(true);
      } else {
        await expect(slow).resolves.toBeDefined();
      }
    } finally {
      if (short !== handle) await short.close();
    }
  });
});
