import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@bilet/auth";
import { parseEnv } from "@bilet/config";
import { emailOutbox, notifications, users } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import type { ClientToServerEvents, ServerToClientEvents } from "@bilet/validators";
import { startServer, type RunningServer } from "./app.ts";

/** A live socket lives only as long as its session: logout, a password reset and the sessions page end it. */
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let db: TestDatabase;
let app: RunningServer;
const PORT = 3473;
const origin = `http://127.0.0.1:${PORT}`;
const clients: Client[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startServer({ env: parseEnv({ NODE_ENV: "test", PORT: String(PORT), APP_ORIGIN: origin, SEED_DEMO: "false" }), handle: db, mode: "api-only", background: false });
});
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await app?.close();
  await db?.close();
});

async function newParent(email: string): Promise<string> {
  const [u] = await db.db
    .insert(users)
    .values({ email, role: "parent", lastName: "Тестова", firstName: "Анна", passwordHash: await hashPassword("parol2026"), activatedAt: new Date() })
    .returning({ id: users.id });
  return u!.id;
}

/** A signed-in device: its session cookie, and a socket that records the titles it is told about. */
async function device(userId: string) {
  const { cookie: setCookie } = await app.deps.sessions.create(userId, {});
  const cookie = setCookie.split(";")[0]!;
  const socket: Client = connect(origin, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
  clients.push(socket);
  const titles: string[] = [];
  socket.on("notification:created", ({ notification }) => titles.push(notification.title));
  const disconnected = new Promise<string>((resolve) => socket.on("disconnect", resolve));
  await new Promise((resolve, reject) => {
    socket.once("notification:synced", resolve);
    socket.once("connect_error", reject);
  });
  return { cookie, socket, titles, disconnected };
}

function post(path: string, input: unknown, cookie?: string) {
  return fetch(`${origin}/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(input),
  });
}

/** Stores a notification and waits until a live device has it, so one that was not delivered never will be. */
async function storeAndAwait(userId: string, title: string, witness: { titles: string[] }) {
  await db.db.insert(notifications).values({ userId, type: "test", title, data: {} });
  await expect.poll(() => witness.titles).toContain(title);
}

/** A tRPC call as the browser makes it, answering the procedure's data. */
async function call<T>(path: string, cookie: string, input?: unknown, kind: "query" | "mutation" = "mutation"): Promise<T> {
  const res =
    kind === "query"
      ? await fetch(`${origin}/trpc/${path}`, { headers: { origin, cookie } })
      : await fetch(`${origin}/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", origin, cookie }, body: JSON.stringify(input ?? {}) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

function handshake(cookie: string): Promise<string> {
  const socket: Client = connect(origin, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
  clients.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error) => resolve(error.message));
  });
}

describe("live sockets end with their session", () => {
  it("disconnects the socket of a session that logs out, and only that one", async () => {
    const userId = await newParent("logout-live@example.ru");
    const laptop = await device(userId);
    const phone = await device(userId);

    const res = await post("auth.logout", {}, laptop.cookie);
    expect(res.status).toBe(200);
    expect(await laptop.disconnected).toBe("io server disconnect");

    // The phone's session goes on and gets what is stored next; the laptop gets nothing.
    await storeAndAwait(userId, "после выхода", phone);
    expect(laptop.titles).not.toContain("после выхода");
    expect(phone.socket.connected).toBe(true);
    expect(await handshake(laptop.cookie)).toBe("unauthorized");
  });

  it("disconnects every socket of the user after a password reset", async () => {
    const email = "reset-live@example.ru";
    const userId = await newParent(email);
    const laptop = await device(userId);
    const phone = await device(userId);

    expect((await post("auth.requestPasswordReset", { email })).status).toBe(200);
    const letter = (await db.db.select().from(emailOutbox)).find((l) => l.toAddress === email);
    const token = letter!.textBody.match(/\/password\/reset\?token=([A-Za-z0-9_-]+)/)![1];
    expect((await post("auth.resetPassword", { token, password: "novyi-parol-2026" })).status).toBe(200);

    expect(await laptop.disconnected).toBe("io server disconnect");
    expect(await phone.disconnected).toBe("io server disconnect");

    // A new sign-in gets what is stored next; the old devices do not.
    const newLaptop = await device(userId);
    await storeAndAwait(userId, "после смены пароля", newLaptop);
    expect(laptop.titles).not.toContain("после смены пароля");
    expect(phone.titles).not.toContain("после смены пароля");
    expect(await handshake(phone.cookie)).toBe("unauthorized");
  });
});

describe("ending sessions from the sessions page ends their sockets", () => {
  it("«Завершить» on another device disconnects that device only", async () => {
    const userId = await newParent("end-one-live@example.ru");
    const laptop = await device(userId);
    const phone = await device(userId);
    const list = await call<{ handle: string; current: boolean }[]>("profile.sessions", laptop.cookie, undefined, "query");
    const other = list.find((s) => !s.current)!;
    await call("profile.endSession", laptop.cookie, { session: other.handle });

    expect(await phone.disconnected).toBe("io server disconnect");
    await storeAndAwait(userId, "после завершения сеанса", laptop);
    expect(phone.titles).not.toContain("после завершения сеанса");
  });

  it("«Выйти на всех устройствах» disconnects every device, the asking one too", async () => {
    const userId = await newParent("end-all-live@example.ru");
    const laptop = await device(userId);
    const phone = await device(userId);
    await call("profile.endAllSessions", laptop.cookie);
    expect(await laptop.disconnected).toBe("io server disconnect");
    expect(await phone.disconnected).toBe("io server disconnect");
  });

  it("«Завершить сеансы на других устройствах» keeps the asking device connected", async () => {
    const userId = await newParent("end-others-live@example.ru");
    const laptop = await device(userId);
    const phone = await device(userId);
    const tablet = await device(userId);
    expect(await call("profile.endOtherSessions", laptop.cookie)).toEqual({ ended: 2 });
    expect(await phone.disconnected).toBe("io server disconnect");
    expect(await tablet.disconnected).toBe("io server disconnect");
    await storeAndAwait(userId, "после выхода на других", laptop);
    expect(laptop.socket.connected).toBe(true);
  });
});
