import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password.ts";
import { createSessionManager } from "./sessions.ts";
import { generateToken, hashToken } from "./tokens.ts";

let handle: TestDatabase;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const stored = await hashPassword("секрет123");
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, "секрет123")).toBe(true);
    expect(await verifyPassword(stored, "секрет124")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
    expect(await verifyPassword(await decoyPasswordHash(), "")).toBe(false);
  });
});

describe("tokens", () => {
  it("are random, URL-safe, and stored only as a hash", () => {
    const a = generateToken();
    const b = generateToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toBe(hashToken(a.token));
    expect(a.tokenHash).not.toContain(a.token);
  });
});

describe("sessions", () => {
  it("creates an HttpOnly SameSite=Lax cookie that resolves to the user, and ends on invalidate", async () => {
    const [user] = await handle.db
      .insert(users)
      .values({ email: "s@example.ru", role: "parent", lastName: "Петрова", firstName: "Анна", activatedAt: new Date() })
      .returning();
    const manager = createSessionManager(handle.db, { idleDays: 14, secureCookie: true });
    const { sessionId, cookie } = await manager.create(user!.id, { ip: "127.0.0.1", userAgent: "test" });
    expect(cookie).toMatch(/^bilet_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/);

    const validated = await manager.validateCookie(`other=1; bilet_session=${sessionId}`);
    expect(validated?.user).toMatchObject({ id: user!.id, role: "parent", firstName: "Анна", activated: true });
    expect(validated?.refreshedCookie).toBeNull();

    await manager.invalidate(sessionId);
    expect(await manager.validate(sessionId)).toBeNull();
    expect(await manager.validateCookie(undefined)).toBeNull();
    expect(manager.blankCookie()).toMatch(/Max-Age=0/i);
  });

  it("expires a session that was idle longer than the configured days", async () => {
    const [user] = await handle.db
      .insert(users)
      .values({ email: "idle@example.ru", role: "student", lastName: "И", firstName: "И" })
      .returning();
    const manager = createSessionManager(handle.db, { idleDays: 1 / (24 * 60), secureCookie: false }); // one minute
    const { sessionId, cookie } = await manager.create(user!.id, {});
    expect(cookie).not.toMatch(/Secure/);
    const { sessions } = await import("@bilet/db");
    const { eq } = await import("drizzle-orm");
    await handle.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, sessionId));
    expect(await manager.validate(sessionId)).toBeNull();
  });
  it("slides a session used in the second half of its life, and ends one deleted elsewhere at once", async () => {
    const { sessions } = await import("@bilet/db");
    const { eq } = await import("drizzle-orm");
    const [user] = await handle.db
      .insert(users)
      .values({ email: "slide@example.ru", role: "student", lastName: "С", firstName: "С", activatedAt: new Date() })
      .returning();
    const manager = createSessionManager(handle.db, { idleDays: 14, secureCookie: false });
    const { sessionId } = await manager.create(user!.id, {});
    const threeDaysLeft = new Date(Date.now() + 3 * 86_400_000);
    await handle.db.update(sessions).set({ expiresAt: threeDaysLeft }).where(eq(sessions.id, sessionId));

    const slid = await manager.validate(sessionId);
    expect(slid?.refreshedCookie).toMatch(new RegExp(`^bilet_session=${sessionId};`));
    const [row] = await handle.db.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.id, sessionId));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13.9 * 86_400_000);
    expect((await manager.validate(sessionId))?.refreshedCookie).toBeNull();

    // A password change deletes the rows of the person's sessions: the very next lookup finds none.
    await handle.db.delete(sessions).where(eq(sessions.userId, user!.id));
    expect(await manager.validate(sessionId)).toBeNull();

    const second = await manager.create(user!.id, {});
    expect((await manager.validate(second.sessionId))?.user).toMatchObject({ id: user!.id, email: "slide@example.ru", login: null, mustChangePassword: false });
    await manager.invalidateAllForUser(user!.id);
    expect(await manager.validate(second.sessionId)).toBeNull();
  });
});
