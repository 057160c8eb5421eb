import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
