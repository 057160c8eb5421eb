import { eq } from "drizzle-orm";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import type { ServerToClientEvents } from "@bilet/validators";
import { httpClient, startAppProcess, type AppProcess } from "../support/http";

/**
 * Two app processes on one PostgreSQL: a change made through instance A is
 * announced live to a parent whose browser is connected to instance B.
 */
let db: TestDatabase;
let a: AppProcess;
let b: AppProcess;

beforeAll(async () => {
  if (!process.env.DATABASE_URL) throw new Error("The multi-instance test needs DATABASE_URL (a PostgreSQL server); each run creates its own database.");
  db = await createTestDatabase();
  const common = { DATABASE_URL: db.url!, APP_ORIGIN: "http://127.0.0.1:3301" };
  [a, b] = await Promise.all([startAppProcess({ ...common, PORT: "3301" }), startAppProcess({ ...common, PORT: "3302" })]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.close();
});

async function tokenFromLastEmail(to: string, path: string) {
  const rows = await db.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, to));
  const text = rows.at(-1)!.textBody;
  return text.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]{43})`))![1]!;
}

describe("several instances on one PostgreSQL", () => {
  it("delivers «Регистрация ребёнка завершена» caused on instance A to the parent connected to instance B", async () => {
    const parentEmail = `mi-parent-${Date.now()}@example.ru`;
    const childEmail = `mi-child-${Date.now()}@example.ru`;

    const parent = httpClient(a.url);
    await parent.trpc.auth.registerParent.mutate({ lastName: "Орлова", firstName: "Нина", regionCode: "66", email: parentEmail, password: "parol2026" });
    await parent.trpc.auth.activate.mutate({ token: await tokenFromLastEmail(parentEmail, "/activate") });
    await parent.trpc.family.invite.mutate({ email: childEmail });

    // The parent's browser is connected to the other instance.
    const socket = io(b.url, { transports: ["websocket"], extraHeaders: { cookie: parent.cookie() }, reconnection: false });
    const synced = new Promise((resolve, reject) => {
      socket.once("notification:synced", resolve);
      socket.once("connect_error", reject);
    });
    await synced;
    const received = new Promise<Parameters<ServerToClientEvents["notification:created"]>[0]>((resolve) => socket.on("notification:created", resolve));

    const child = httpClient(a.url);
    await child.trpc.family.registerStudent.mutate({
      token: await tokenFromLastEmail(childEmail, "/invite"),
      lastName: "Орлов",
      firstName: "Кирилл",
      birthDate: "2011-10-10",
      grade: 9,
      regionCode: "66",
      school: "Лицей № 3",
      password: "parol2026",
    });

    const { notification } = await received;
    expect(notification).toMatchObject({ type: "family.child_registered", title: "Регистрация ребёнка завершена" });
    expect(notification.body).toContain("Кирилл Орлов");
    socket.disconnect();

    // And instance B serves the same state: the link exists there too.
    const parentOnB = httpClient(b.url);
    await parentOnB.trpc.auth.login.mutate({ email: parentEmail, password: "parol2026" });
    expect((await parentOnB.trpc.family.linked.query()).map((c) => c.email)).toEqual([childEmail]);
  });
});
