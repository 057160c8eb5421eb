import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOidcClient } from "@bilet/auth";
import { parseEnv } from "@bilet/config";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import { consents, familyLinks, seasonCalendar, studentProfiles, users } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { CITIZENS, startEsiaStub, type EsiaStub } from "@bilet/esia-stub";
import { loginAsCitizen } from "@bilet/esia-stub/drive";
import { startServer, type RunningServer } from "./app.ts";

/** The whole ESIA path over real HTTP: the app, the stand-in provider, and a cookie-keeping client. */
let db: TestDatabase;
let stub: EsiaStub;
let app: RunningServer;
const PORT = 3471;
const origin = `http://127.0.0.1:${PORT}`;
const redirectUri = `${origin}/auth/esia/callback`;

beforeAll(async () => {
  db = await createTestDatabase();
  stub = await startEsiaStub({ clients: [{ clientId: "bilet-test", clientSecret: "s3cret", redirectUris: [redirectUri] }] });
  const esia = await createOidcClient({ issuer: stub.issuer, clientId: "bilet-test", clientSecret: "s3cret", redirectUri, allowInsecureHttp: true });
  const env = parseEnv({ NODE_ENV: "test", PORT: String(PORT), APP_ORIGIN: origin, SEED_DEMO: "false" });
  // Here the stand-in plays a real configured provider, whose sign-in confirms identity.
  app = await startServer({ env, handle: db, mode: "api-only", esia: { ...esia, verifiesIdentity: true }, background: false });
});
afterAll(async () => {
  await app?.close();
  await stub?.close();
  await db?.close();
});

function browser() {
  const jar = new Map<string, string>();
  async function call<T>(path: string, input?: unknown, method: "GET" | "POST" = "POST"): Promise<{ status: number; body: T }> {
    const url = method === "GET" ? `${origin}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input ?? {}))}` : `${origin}/trpc/${path}`;
    const res = await fetch(url, {
      method,
      headers: { "content-type": "application/json", cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
      body: method === "POST" ? JSON.stringify(input ?? {}) : undefined,
    });
    for (const set of res.headers.getSetCookie()) {
      const [name, ...value] = set.split(";")[0]!.split("=");
      jar.set(name!, value.join("="));
    }
    const json = (await res.json()) as { result?: { data: T }; error?: { message: string } };
    return { status: res.status, body: (json.result?.data ?? json.error) as T };
  }
  return { call, jar };
}

type Outcome = { kind: string; redirectTo?: string; completionToken?: string; message?: string };

async function throughEsia(b: ReturnType<typeof browser>, citizenId: string) {
  const { body } = await b.call<{ url: string }>("esia.start", {});
  const callback = await loginAsCitizen(body.url, citizenId, redirectUri);
  return b.call<Outcome>("esia.callback", { url: callback });
}

describe("«Войти через Госуслуги»", () => {
  it("signs a new parent up with the verified name and email, then signs them in directly", async () => {
    const citizen = CITIZENS[0]!;
    const b = browser();
    const first = await throughEsia(b, citizen.id);
    expect(first.body).toMatchObject({ kind: "needsProfile", identity: { lastName: citizen.lastName, firstName: citizen.firstName, email: citizen.email } });
    const refused = await b.call<{ message: string }>("esia.completeSignUp", { completionToken: first.body.completionToken, regionCode: "00" });
    expect(refused.status).toBe(400);
    const done = await b.call<{ redirectTo: string }>("esia.completeSignUp", { completionToken: first.body.completionToken, regionCode: "16" });
    expect(done.body).toEqual({ redirectTo: "/parent" });
    const me = await b.call<{ role: string; email: string }>("auth.me", undefined, "GET");
    expect(me.body).toMatchObject({ role: "parent", email: citizen.email });
    const [row] = await db.db.select().from(users);
    expect(row!.identityVerifiedAt).not.toBeNull();
    expect(row!.passwordHash).toBeNull();

    // The completion link is spent; the next ESIA login goes straight in.
    expect((await b.call("esia.completeSignUp", { completionToken: first.body.completionToken, regionCode: "16" })).status).toBe(400);
    const again = await throughEsia(browser(), citizen.id);
    expect(again.body).toEqual({ kind: "signedIn", redirectTo: "/parent" });
  });

  it("records consent given in an ESIA session with the method «esia»", async () => {
    const citizen = CITIZENS[0]!;
    const b = browser();
    await throughEsia(b, citizen.id);
    const [parent] = await db.db.select({ id: users.id }).from(users);
    const [child] = await db.db
      .insert(users)
      .values({ email: "esia-child@example.ru", role: "student", lastName: "Петров", firstName: "Илья", activatedAt: new Date() })
      .returning({ id: users.id });
    await db.db.insert(studentProfiles).values({ userId: child!.id, birthDate: "2012-01-01", grade: 7, regionCode: "16", school: "Школа" });
    await db.db.insert(familyLinks).values({ parentId: parent!.id, studentId: child!.id });
    const given = await b.call<{ admitted: boolean }>("consent.give", { studentId: child!.id, version: CURRENT_CONSENT_VERSION });
    expect(given.body.admitted).toBe(true);
    const [record] = await db.db.select().from(consents);
    expect(record!.method).toBe("esia");
  });

  it("does not take over an existing account by email, and lets a signed-in parent attach ESIA", async () => {
    const citizen = CITIZENS[1]!;
    const b = browser();
    await b.call("auth.registerParent", { lastName: "Сидоров", firstName: "Олег", regionCode: "77", email: citizen.email, password: "parol2026" });
    const clash = await throughEsia(browser(), citizen.id);
    expect(clash.status).toBe(409);
    expect(clash.body.message).toMatch(/уже есть\. Войдите по паролю и привяжите Госуслуги/);

    // Activate and sign in with the password, then attach ESIA from the cabinet.
    await db.db.update(users).set({ activatedAt: new Date() });
    await b.call("auth.login", { email: citizen.email, password: "parol2026" });
    expect((await b.call<{ linked: boolean }>("esia.status", undefined, "GET")).body.linked).toBe(false);
    const attached = await throughEsia(b, citizen.id);
    expect(attached.body).toEqual({ kind: "linked", redirectTo: "/parent" });
    expect((await b.call<{ linked: boolean }>("esia.status", undefined, "GET")).body.linked).toBe(true);
    expect((await throughEsia(browser(), citizen.id)).body.kind).toBe("signedIn");
  });

  it("stays closed until the season's ESIA date", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await db.db.insert(seasonCalendar).values({ id: 1, registrationOpensOn: day(-10), esiaOpensOn: day(2), trialsStartOn: day(3), trialsEndOn: day(30), recommendationsOn: day(40) });
    try {
      const res = await browser().call<{ message: string }>("esia.start", {});
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/^Вход через Госуслуги откроется/);
    } finally {
      await db.db.delete(seasonCalendar);
    }
  });

  it("refuses a callback whose state it never issued", async () => {
    const res = await browser().call<{ message: string }>("esia.callback", { url: `${redirectUri}?code=abc&state=forged` });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Вход через Госуслуги не завершён/);
  });

  it("never marks a parent as verified through the development stand-in", async () => {
    const standInPort = PORT + 10;
    const standInOrigin = `http://127.0.0.1:${standInPort}`;
    const standInDb = await createTestDatabase();
    const standInRedirect = `${standInOrigin}/auth/esia/callback`;
    const standInStub = await startEsiaStub({ clients: [{ clientId: "bilet-dev", clientSecret: "dev", redirectUris: [standInRedirect] }] });
    const client = await createOidcClient({ issuer: standInStub.issuer, clientId: "bilet-dev", clientSecret: "dev", redirectUri: standInRedirect, allowInsecureHttp: true });
    const env = parseEnv({ NODE_ENV: "test", PORT: String(standInPort), APP_ORIGIN: standInOrigin, SEED_DEMO: "false" });
    const standInApp = await startServer({ env, handle: standInDb, mode: "api-only", esia: { ...client, verifiesIdentity: false }, background: false });
    try {
      const jar: string[] = [];
      const call = async <T,>(path: string, input: unknown) => {
        const res = await fetch(`${standInOrigin}/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", cookie: jar.join("; ") }, body: JSON.stringify(input) });
        for (const set of res.headers.getSetCookie()) jar.push(set.split(";")[0]!);
        return ((await res.json()) as { result: { data: T } }).result.data;
      };
      const citizen = CITIZENS[1]!;
      const { url } = await call<{ url: string }>("esia.start", {});
      const outcome = await call<Outcome>("esia.callback", { url: await loginAsCitizen(url, citizen.id, standInRedirect) });
      await call("esia.completeSignUp", { completionToken: outcome.completionToken, regionCode: "16" });
      const [row] = await standInDb.db.select().from(users);
      expect(row!.email).toBe(citizen.email);
      expect(row!.identityVerifiedAt).toBeNull();
    } finally {
      await standInApp.close();
      await standInStub.close();
      await standInDb.close();
    }
  });
});
