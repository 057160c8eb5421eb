import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, notifySql, openDatabase, toNotificationDto, users, type DatabaseHandle, type DbOrTx } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { NOTIFICATIONS_CHANNEL, type ClientToServerEvents, type NotificationDto, type ServerToClientEvents } from "@bilet/validators";
import { attachRealtime, type Realtime } from "./index.ts";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let db: TestDatabase;
const servers: { http: Server; realtime: Realtime; url: string }[] = [];
const clients: Client[] = [];

/** Test sessions: the cookie `session=<userId>` of a user that exists. */
async function authenticate(handle: DatabaseHandle, cookie: string | undefined) {
  const id = cookie?.match(/session=([0-9a-f-]{36})/)?.[1];
  if (!id) return null;
  const rows = await handle.db.select({ id: users.id }).from(users);
  const user = rows.find((r) => r.id === id);
  return user ? { id: user.id, sessionId: user.id } : null;
}

async function startInstance(handle: DatabaseHandle) {
  const http = createServer();
  const realtime = await attachRealtime(http, {
    handle,
    authenticate: (c) => authenticate(handle, c),
    validateSession: async () => true,
    origin: "http://app.test",
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const instance = { http, realtime, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  servers.push(instance);
  return instance;
}

function open(url: string, userId?: string): Client {
  const socket: Client = connect(url, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: userId ? { cookie: `session=${userId}` } : {},
  });
  clients.push(socket);
  return socket;
}

function next<E extends keyof ServerToClientEvents>(socket: Client, event: E, timeoutMs = 5000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    }) as never);
  });
}

async function connected(url: string, userId: string) {
  const socket = open(url, userId);
  const synced = await next(socket, "notification:synced");
  return { socket, synced };
}

/** What core does: store the row; the database's trigger signals it when the transaction commits. */
async function notify(tx: DbOrTx, userId: string, title: string): Promise<NotificationDto> {
  const [row] = await tx.insert(notifications).values({ userId, type: "test", title, data: { n: 1 } }).returning();
  return toNotificationDto(row!);
}

async function newUser(email: string) {
  const [u] = await db.db.insert(users).values({ email, role: "parent", lastName: "Тестова", firstName: "Анна" }).returning({ id: users.id });
  return u!.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  for (const s of servers) {
    await s.realtime.close();
    await new Promise((r) => s.http.close(r));
  }
  await db?.close();
});

describe("live channel", () => {
  it("refuses a handshake without a valid session and from a foreign origin", async () => {
    const { url } = await startInstance(db);
    const anonymous = open(url);
    await expect(new Promise((resolve) => anonymous.on("connect_error", (e) => resolve(e.message)))).resolves.toBe("unauthorized");
    const forged = open(url, "00000000-0000-4000-8000-000000000000");
    await expect(new Promise((resolve) => forged.on("connect_error", (e) => resolve(e.message)))).resolves.toBe("unauthorized");
    const userId = await newUser("origin@example.ru");
    const foreign = connect(url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie: `session=${userId}`, origin: "http://evil.test" } });
    clients.push(foreign);
    await expect(new Promise((resolve) => foreign.on("connect_error", (e) => resolve(e.message)))).resolves.toBe("forbidden origin");
  });

  it("tells a client to come back later, not that it is refused, while the database cannot check its session", async () => {
    const http = createServer();
    const realtime = await attachRealtime(http, {
      handle: db,
      authenticate: () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })),
      validateSession: async () => true,
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    servers.push({ http, realtime, url: "" });
    const socket = open(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, "00000000-0000-4000-8000-000000000000");
    await expect(new Promise((resolve) => socket.on("connect_error", (e) => resolve(e.message)))).resolves.toBe("unavailable");
  });

  it("delivers a committed notification to its owner only, in every tab, and nothing from a rollback", async () => {
    const { url } = await startInstance(db);
    const alice = await newUser("alice@example.ru");
    const bob = await newUser("bob@example.ru");
    const aliceTab1 = await connected(url, alice);
    const aliceTab2 = await connected(url, alice);
    const bobTab = await connected(url, bob);
    const bobReceived: string[] = [];
    bobTab.socket.on("notification:created", (p) => bobReceived.push(p.notification.title));

    await db.db
      .transaction(async (tx) => {
        await notify(tx, alice, "rolled back");
        tx.rollback();
      })
      .catch(() => {});
    const inTab1 = next(aliceTab1.socket, "notification:created");
    const inTab2 = next(aliceTab2.socket, "notification:created");
    const stored = await db.db.transaction((tx) => notify(tx, alice, "Ребёнок зарегистрирован"));
    // The signal the database builds carries exactly the stored row, and the unread count.
    expect(await inTab1).toEqual({ notification: stored, unreadCount: 1 });
    expect((await inTab2).notification.title).toBe("Ребёнок зарегистрирован");

    // Bob's own notification reaches Bob; Alice's never did.
    const forBob = next(bobTab.socket, "notification:created");
    await db.db.transaction((tx) => notify(tx, bob, "для Боба"));
    await forBob;
    expect(bobReceived).toEqual(["для Боба"]);
  });

  it("catches up on connect with what was stored while the browser was closed", async () => {
    const { url } = await startInstance(db);
    const carol = await newUser("carol@example.ru");
    await db.db.transaction((tx) => notify(tx, carol, "пока вас не было 1"));
    await db.db.transaction((tx) => notify(tx, carol, "пока вас не было 2"));
    const { synced } = await connected(url, carol);
    expect(synced.unreadCount).toBe(2);
    expect(synced.latest.map((n) => n.title)).toEqual(["пока вас не было 2", "пока вас не было 1"]);
  });

  it("reports read-state changes to every tab", async () => {
    const { url } = await startInstance(db);
    const dan = await newUser("dan@example.ru");
    const { socket } = await connected(url, dan);
    const changed = next(socket, "notification:countChanged");
    await db.db.execute(notifySql(NOTIFICATIONS_CHANNEL, JSON.stringify({ kind: "read", userId: dan, unreadCount: 0 })));
    expect(await changed).toEqual({ unreadCount: 0 });
  });

  it("delivers a notification written through one instance's database to a socket on another instance", async () => {
    // On PostgreSQL the second instance has its own connection pool (another process would);
    // on PGlite both instances share the one in-process database.
    const second = db.url ? await openDatabase({ databaseUrl: db.url, maxConnections: 2 }) : db;
    try {
      await startInstance(db);
      const b = await startInstance(second);
      const erin = await newUser("erin@example.ru");
      const { socket } = await connected(b.url, erin);
      const received = next(socket, "notification:created");
      await db.db.transaction((tx) => notify(tx, erin, "через другой экземпляр"));
      expect((await received).notification.title).toBe("через другой экземпляр");
    } finally {
      if (second !== db) {
        const instance = servers.pop()!;
        await instance.realtime.close();
        await new Promise((r) => instance.http.close(r));
        await second.close();
      }
    }
  });

  it("stops delivering after close() and leaves the HTTP server to its owner", async () => {
    const instance = await startInstance(db);
    const frank = await newUser("frank@example.ru");
    const { socket } = await connected(instance.url, frank);
    const disconnected = new Promise((resolve) => socket.on("disconnect", resolve));
    await instance.realtime.close();
    await disconnected;
    expect(instance.http.listening).toBe(true);
    servers.splice(servers.indexOf(instance), 1);
    await new Promise((r) => instance.http.close(r));
  });
});
