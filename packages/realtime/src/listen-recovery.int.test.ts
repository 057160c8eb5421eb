import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, openDatabase, queryRows, users, type DatabaseHandle } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import type { ClientToServerEvents, ServerToClientEvents } from "@bilet/validators";
import { attachRealtime, type Realtime } from "./index.ts";

/**
 * "Stored first, never lost" through a database outage.
 *
 * Only PostgreSQL can lose the LISTEN connection: PGlite listens in-process,
 * where nothing can drop it. So the scenario is chosen by DATABASE_URL (no
 * skipped test): on PostgreSQL the database side kills the LISTEN connection
 * of the test's own database and keeps it from reconnecting while
 * notifications are stored; on PGlite the same notifications go through the
 * in-process path. Either way every stored notification must reach the socket.
 */

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let db: TestDatabase;
let http: Server;
let realtime: Realtime;
let url: string;
const clients: Client[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  http = createServer();
  realtime = await attachRealtime(http, {
    handle: db,
    // Test sessions: the cookie `session=<userId>`, its session id the same.
    authenticate: async (cookie) => {
      const id = cookie?.match(/session=([0-9a-f-]{36})/)?.[1];
      return id ? { id, sessionId: id } : null;
    },
    validateSession: async () => true,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await realtime?.close();
  await new Promise((r) => http?.close(r));
  await db?.close();
});

async function newUser(email: string): Promise<string> {
  const [u] = await db.db.insert(users).values({ email, role: "parent", lastName: "Тестова", firstName: "Анна" }).returning({ id: users.id });
  return u!.id;
}

async function store(handle: DatabaseHandle, userId: string, title: string): Promise<string> {
  const [row] = await handle.db.insert(notifications).values({ userId, type: "test", title, data: {} }).returning({ id: notifications.id });
  return row!.id;
}

/** Every notification id the socket has been told about, live or by a catch-up. */
function collect(socket: Client): Set<string> {
  const seen = new Set<string>();
  socket.on("notification:created", ({ notification }) => seen.add(notification.id));
  socket.on("notification:synced", ({ latest }) => latest.forEach((n) => seen.add(n.id)));
  return seen;
}

async function connected(userId: string): Promise<{ socket: Client; seen: Set<string> }> {
  const socket: Client = connect(url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie: `session=${userId}` } });
  clients.push(socket);
  const seen = collect(socket);
  await new Promise((resolve) => socket.once("notification:synced", resolve));
  return { socket, seen };
}

/**
 * On PostgreSQL: kills the app's LISTEN connection from the database side and
 * refuses new connections to the database while `during` runs, then lets them
 * in again. `during` writes through a connection opened beforehand.
 */
async function withListenConnectionDown(during: (writer: DatabaseHandle) => Promise<void>): Promise<void> {
  if (!db.url) {
    await during(db);
    return;
  }
  const name = new URL(db.url).pathname.slice(1);
  const admin = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL, maxConnections: 1 });
  const writer = await openDatabase({ databaseUrl: db.url, maxConnections: 1 });
  const listeners = sql`from pg_stat_activity where datname = ${name} and (application_name = 'bilet_listen' or query ilike 'listen%')`;
  try {
    await writer.db.select({ id: users.id }).from(users).limit(1);
    await admin.db.execute(sql.raw(`alter database "${name}" allow_connections false`));
    const killed = await queryRows(admin.db, sql`select pg_terminate_backend(pid) as ok ${listeners}`);
    expect(killed.length).toBeGreaterThan(0);
    await expect.poll(async () => (await queryRows(admin.db, sql`select pid ${listeners}`)).length).toBe(0);
    await during(writer);
  } finally {
    await admin.db.execute(sql.raw(`alter database "${name}" allow_connections true`));
    await admin.close();
    await writer.close();
  }
}

describe("live channel through a database outage", () => {
  it("delivers every notification stored while LISTEN was down, and those stored after it is back", async () => {
    const anna = await newUser("outage@example.ru");
    const { seen } = await connected(anna);
    const storedDuringOutage: string[] = [];
    await withListenConnectionDown(async (writer) => {
      for (let i = 1; i <= 3; i++) storedDuringOutage.push(await store(writer, anna, `пока база недоступна ${i}`));
    });
    await expect.poll(() => storedDuringOutage.filter((id) => !seen.has(id)), { timeout: 20_000 }).toEqual([]);

    const afterwards = await store(db, anna, "после восстановления");
    await expect.poll(() => seen.has(afterwards), { timeout: 20_000 }).toBe(true);
  });
});
