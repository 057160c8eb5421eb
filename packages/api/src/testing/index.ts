import { TRPCError } from "@trpc/server";
import { desc, eq } from "drizzle-orm";
import { expect } from "vitest";
import { createSessionManager } from "@bilet/auth";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts, type CoreDeps } from "@bilet/core";
import { emailOutbox } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import type { ParentRegistrationInput, StudentRegistrationInput } from "@bilet/validators";
import { createCaller } from "../root.ts";
import { createContext } from "../trpc.ts";

export interface TestClientOptions {
  ip?: string;
  userAgent?: string;
}

/**
 * A fresh database with the real services, and API clients that behave like
 * browsers: each keeps its own cookie jar, and every call is a new request.
 */
export async function createApiHarness(options: { rateLimitFactor?: number; approvalHours?: number } = {}) {
  const handle: TestDatabase = await createTestDatabase();
  const sessions = createSessionManager(handle.db, { idleDays: 14, secureCookie: false });
  const deps: CoreDeps = { db: handle.db, sessions, appOrigin: "http://bilet.test", rateLimitFactor: options.rateLimitFactor ?? 1, approvalHours: options.approvalHours };

  function client(clientOptions: TestClientOptions = {}) {
    // Each client is its own device, so per-IP limits only bite where a test means them to.
    const randomIp = `10.${rnd()}.${rnd()}.${rnd()}`;
    const jar = new Map<string, string>();
    const caller = createCaller(() =>
      createContext({
        deps,
        cookieHeader: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") || null,
        meta: { ip: clientOptions.ip ?? randomIp, userAgent: clientOptions.userAgent ?? "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0" },
        setCookie(cookie) {
          const [pair] = cookie.split(";");
          const [name, ...value] = pair!.split("=");
          const v = value.join("=");
          if (v === "" || /Max-Age=0/i.test(cookie)) jar.delete(name!);
          else jar.set(name!, v);
        },
      }),
    );
    return withExtras(caller, { cookies: jar });
  }

  /** The newest email sent to an address. */
  async function lastEmailTo(address: string) {
    const [row] = await handle.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.toAddress, address))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(1);
    return row;
  }

  /** The token of the newest link to `path` sent to an address. */
  async function tokenFromEmail(address: string, path: string): Promise<string> {
    const email = await lastEmailTo(address);
    const match = email?.textBody.match(new RegExp(`${path.replace(/\//g, "\\/")}\\?token=([A-Za-z0-9_-]+)`));
    if (!match) throw new Error(`no ${path} link in the last email to ${address}`);
    return match[1]!;
  }

  return { handle, deps, db: handle.db, client, lastEmailTo, tokenFromEmail, close: () => handle.close() };
}

export type ApiHarness = Awaited<ReturnType<typeof createApiHarness>>;

const rnd = () => Math.floor(Math.random() * 254) + 1;

/** tRPC callers are proxies, so extra fields are served by another proxy in front. */
function withExtras<T extends object, E extends object>(target: T, extras: E): T & E {
  return new Proxy(target, {
    get: (t, key) => (key in extras ? extras[key as keyof E] : (t as Record<PropertyKey, unknown>)[key]),
  }) as T & E;
}

let counter = 0;
/** A unique address per call, so tests never collide. */
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.ru`;
}

export function studentForm(email: string, overrides: Record<string, unknown> = {}): StudentRegistrationInput {
  return {
    lastName: "Иванов",
    firstName: "Пётр",
    middleName: "Сергеевич",
    birthDate: "2011-05-20",
    grade: 8,
    regionCode: "77",
    school: "Школа № 57",
    email,
    password: "parol2026",
    ...overrides,
  } as StudentRegistrationInput;
}

export function parentForm(email: string, overrides: Record<string, unknown> = {}): ParentRegistrationInput {
  return { lastName: "Иванова", firstName: "Ольга", middleName: "Николаевна", regionCode: "50", email, password: "parol2026", ...overrides } as ParentRegistrationInput;
}

/** Registers and activates through the API; returns a signed-in client. */
export async function signedUpStudent(h: ApiHarness, email = uniqueEmail("student")) {
  const c = h.client();
  await c.auth.registerStudent(studentForm(email));
  await c.auth.activate({ token: await h.tokenFromEmail(email, "/activate") });
  return withExtras(c, { email });
}

export async function signedUpParent(h: ApiHarness, email = uniqueEmail("parent")) {
  const c = h.client();
  await c.auth.registerParent(parentForm(email));
  await c.auth.activate({ token: await h.tokenFromEmail(email, "/activate") });
  return withExtras(c, { email });
}

/** A student whose linked parent has consented: admitted to practical trials. */
export async function admittedFamily(h: ApiHarness) {
  const parent = await signedUpParent(h);
  const student = await signedUpStudent(h);
  await parent.family.invite({ email: student.email });
  await student.family.accept({ token: await h.tokenFromEmail(student.email, "/invite") });
  const studentId = (await student.auth.me())!.id;
  await parent.consent.give({ studentId, version: (await parent.consent.text({ studentId })).version });
  return { parent, student, studentId };
}

/** A client signed in as one of the demo accounts (run `seedDemoAccounts` first). */
export async function demoClient(h: ApiHarness, email: string, password: string) {
  const c = h.client();
  await c.auth.login({ email, password });
  return c;
}

/** Awaits a call that must fail and returns its tRPC error. */
export async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** An ISO day `offset` days from today. */
export const dayFromToday = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Staff and a mentor signed in (the demo accounts of this harness's own
 * database), with a season whose trial window is open from two days ago.
 */
export async function staffAndMentor(h: ApiHarness) {
  await seedDemoAccounts(h.db);
  const email = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;
  const staff = await demoClient(h, email("staff"), DEMO_PASSWORD);
  const mentor = await demoClient(h, email("mentor"), DEMO_PASSWORD);
  const mentorId = (await mentor.auth.me())!.id;
  await staff.trials.setSeason({ registrationOpensOn: dayFromToday(-60), esiaOpensOn: dayFromToday(-50), trialsStartOn: dayFromToday(-2), trialsEndOn: dayFromToday(90), recommendationsOn: dayFromToday(100) });
  return { staff, mentor, mentorId };
}

let trialCount = 0;

/**
 * A published in-person trial, a few days ahead (each call a day later than
 * the one before), with the mentor assigned. `overrides` change any field.
 */
export async function newTrial(staff: Awaited<ReturnType<typeof demoClient>>, mentorId: string, overrides: Record<string, unknown> = {}) {
  trialCount += 1;
  const startsAt = new Date(Date.now() + (3 + trialCount) * 86_400_000);
  const trial = await staff.trials.create({
    competencyCode: "additive-manufacturing",
    title: `3D-печать: от модели до макета ${trialCount}`,
    description: "Печатаем макет на 3D-принтере",
    level: "intro",
    format: "in_person",
    regionCode: "77",
    address: "Москва, ул. Профсоюзная, 1",
    startsAt: startsAt.toISOString(),
    durationMinutes: 90,
    capacity: 2,
    minGrade: 6,
    maxGrade: 11,
    enrollDeadline: new Date(startsAt.getTime() - 86_400_000).toISOString(),
    ...overrides,
  });
  return staff.trials.assignMentor({ trialId: trial.id, mentorId });
}
