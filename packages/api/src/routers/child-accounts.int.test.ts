import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@bilet/auth";
import type { TRPCError } from "@trpc/server";
import { createAccount, childAccounts, type AppError } from "@bilet/core";
import { familyLinks, notifications, users } from "@bilet/db";
import { LOGIN_PATTERN, type ChildUnder14Input } from "@bilet/validators";
import { createApiHarness, failure, signedUpParent, signedUpStudent, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

/** An ISO birth date `years` years (and `days` days) before today, in UTC; far from any birthday edge unless `days` says so. */
function bornYearsAgo(years: number, days = -40): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const childForm = (overrides: Partial<ChildUnder14Input> = {}): ChildUnder14Input => ({
  lastName: "Петров",
  firstName: "Миша",
  middleName: "Андреевич",
  birthDate: bornYearsAgo(12),
  grade: 6,
  school: "Школа № 12",
  ...overrides,
});

/** The messages a form shows beside its fields for a refusal. */
const fieldErrorsOf = (error: TRPCError) => (error.cause as AppError).details.fieldErrors ?? {};

async function row(id: string) {
  const [u] = await h.db.select().from(users).where(eq(users.id, id));
  return u!;
}

describe("a parent adds a child under 14", () => {
  it("makes an active account with a login and a one-time password stored only as a hash, linked to the parent, in the parent's region", async () => {
    const parent = await signedUpParent(h);
    const parentId = (await parent.auth.me())!.id;
    const made = await parent.childAccounts.add(childForm());
    expect(made.login).toMatch(/^petrov\d{4}$/);
    expect(made.login).toMatch(LOGIN_PATTERN);
    expect(made.password).toMatch(/^[a-z2-9]{10}$/);
    expect(made.name).toBe("Петров Миша Андреевич");
    expect(made.pdf.filename).toBe(`list-vhoda-${made.login}.pdf`);
    expect(Buffer.from(made.pdf.base64, "base64").subarray(0, 5).toString()).toBe("%PDF-");

    const child = await row(made.studentId);
    expect(child).toMatchObject({ email: null, login: made.login, mustChangePassword: true, createdById: parentId, role: "student" });
    expect(child.activatedAt).not.toBeNull();
    expect(child.passwordHash).not.toContain(made.password);
    expect(await verifyPassword(child.passwordHash!, made.password)).toBe(true);

    const card = await parent.family.child({ studentId: made.studentId });
    expect(card.child).toMatchObject({ login: made.login, email: null, grade: 6, school: "Школа № 12", regionName: "Московская область" });
    // Consent is its own step: linked, but not admitted yet.
    expect(card.admission).toMatchObject({ admitted: false, linkedParents: 1, missing: ["consent"] });
    expect((await parent.family.linked()).map((c) => c.id)).toEqual([made.studentId]);
  });

  it("takes a region the parent chose", async () => {
    const parent = await signedUpParent(h);
    const made = await parent.childAccounts.add(childForm({ lastName: "Гайнуллин", regionCode: "16" }));
    expect((await parent.family.child({ studentId: made.studentId })).child.regionName).toBe("Республика Татарстан");
  });

  it("refuses a second press of the button for the same child", async () => {
    const parent = await signedUpParent(h);
    await parent.childAccounts.add(childForm({ lastName: "Дважды" }));
    const again = await failure(parent.childAccounts.add(childForm({ lastName: "Дважды" })));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toMatch(/^Вы уже добавили этого ребёнка/);
  });

  it("is for parents only", async () => {
    const student = await signedUpStudent(h);
    expect((await failure(student.childAccounts.add(childForm()))).code).toBe("FORBIDDEN");
    expect((await failure(h.client().childAccounts.add(childForm()))).code).toBe("UNAUTHORIZED");
  });
});

describe("the age limit: under 14 on that day", () => {
  it("takes a child of 13 years and 364 days and refuses one whose 14th birthday is today (Moscow day)", async () => {
    const parent = await signedUpParent(h);
    const actor = { id: (await parent.auth.me())!.id, role: "parent" as const };
    const meta = { ip: null, userAgent: null };
    const input = (lastName: string) => ({ lastName, firstName: "Аня", middleName: undefined, birthDate: "2012-06-15", grade: 8, school: "Школа № 5" });

    // 14 June 2026, 23:00 in Moscow: still 13 years and 364 days.
    const made = await childAccounts.addChildUnder14(h.deps, actor, input("Накануне"), meta, new Date("2026-06-14T20:00:00Z"));
    expect(made.login).toMatch(/^nakanune\d{4}$/);

    // 15 June 2026, 00:30 in Moscow (still the 14th in UTC): the birthday, so no.
    const refused = await childAccounts.addChildUnder14(h.deps, actor, input("Вдень"), meta, new Date("2026-06-14T21:30:00Z")).then(
      () => null,
      (e: unknown) => e as { code: string; message: string; details: { fieldErrors: Record<string, string> } },
    );
    expect(refused?.code).toBe("BAD_REQUEST");
    expect(refused?.message).toMatch(/^Ребёнку уже исполнилось 14 лет/);
    expect(refused?.details.fieldErrors.birthDate).toMatch(/ссылку-приглашение/);
    expect(await h.db.select().from(users).where(eq(users.lastName, "Вдень"))).toEqual([]);
  });

  it("answers a 14-year-old through the API with the message beside the date", async () => {
    const parent = await signedUpParent(h);
    const tooOld = await failure(parent.childAccounts.add(childForm({ lastName: "Старший", birthDate: bornYearsAgo(14, -1) })));
    expect(tooOld.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(tooOld).birthDate).toMatch(/^Ребёнку уже исполнилось 14 лет/);
    expect(await parent.family.linked()).toEqual([]);
  });
});

describe("logins are unique", () => {
  it("gives children with the same surname different logins", async () => {
    const parent = await signedUpParent(h);
    const logins = new Set<string>();
    for (const firstName of ["Анна", "Борис", "Вера", "Глеб"]) logins.add((await parent.childAccounts.add(childForm({ lastName: "Кузнецов", firstName }))).login);
    expect(logins.size).toBe(4);
  });

  it("tries the next login when the database says one is taken", async () => {
    const parent = await signedUpParent(h);
    const taken = await parent.childAccounts.add(childForm({ lastName: "Занятой" }));
    const tried: string[] = [];
    const result = await h.db.transaction((tx) =>
      childAccounts.withFreeLogin(
        "zanyatoy",
        (login) => {
          tried.push(login);
          return createAccount(tx, { role: "student", email: null, login, passwordHash: null, lastName: "Занятой", firstName: "Второй", student: { birthDate: "2014-01-01", grade: 6, regionCode: "77", school: "Школа" } });
        },
        (attempt) => (attempt === 0 ? taken.login : "zanyatoy000001"),
      ),
    );
    expect(tried).toEqual([taken.login, "zanyatoy000001"]);
    expect(result.login).toBe("zanyatoy000001");
  });
});

describe("signing in with a login", () => {
  it("works with the login sheet's password, then nothing but a new password is allowed until one is chosen", async () => {
    const parent = await signedUpParent(h);
    const made = await parent.childAccounts.add(childForm({ lastName: "Входов" }));
    const child = h.client();
    expect(await child.auth.login({ identifier: made.login.toUpperCase(), password: made.password })).toEqual({ role: "student", redirectTo: "/password/change" });
    expect(await child.auth.me()).toMatchObject({ login: made.login, email: null, mustChangePassword: true, cabinetPath: "/password/change" });

    const blocked = await failure(child.consent.myAdmission());
    expect(blocked.code).toBe("FORBIDDEN");
    expect(blocked.message).toBe("Сначала придумай свой пароль вместо временного");
    expect((await failure(child.notifications.list())).code).toBe("FORBIDDEN");
    expect((await failure(child.trials.mine())).code).toBe("FORBIDDEN");

    const same = await failure(child.auth.changePassword({ password: made.password }));
    expect(same.message).toMatch(/^Придумай свой пароль: временный/);

    expect(await child.auth.changePassword({ password: "moi-parol-7" })).toEqual({ redirectTo: "/student" });
    expect(await child.auth.me()).toMatchObject({ mustChangePassword: false, cabinetPath: "/student" });
    expect(await child.consent.myAdmission()).toMatchObject({ admitted: false });
    expect((await row(made.studentId)).mustChangePassword).toBe(false);

    // The one-time password is dead; the chosen one works and goes straight to the cabinet.
    const old = await failure(h.client().auth.login({ identifier: made.login, password: made.password }));
    expect(old.message).toBe("Неверный логин или пароль");
    expect(await h.client().auth.login({ identifier: made.login, password: "moi-parol-7" })).toEqual({ role: "student", redirectTo: "/student" });
  });

  it("asks for the current password when the change is not forced", async () => {
    const s = await signedUpStudent(h);
    const missing = await failure(s.auth.changePassword({ password: "novyi-parol-9" }));
    expect(fieldErrorsOf(missing)).toEqual({ currentPassword: "Укажи текущий пароль" });
    const wrong = await failure(s.auth.changePassword({ currentPassword: "ne-tot-1", password: "novyi-parol-9" }));
    expect(wrong.message).toBe("Неверный текущий пароль");
    await s.auth.changePassword({ currentPassword: "parol2026", password: "novyi-parol-9" });
    await h.client().auth.login({ email: s.email, password: "novyi-parol-9" });
  });

  it("limits wrong passwords per login as per address", async () => {
    const parent = await signedUpParent(h);
    const made = await parent.childAccounts.add(childForm({ lastName: "Угадайкин" }));
    const c = h.client({ ip: "203.0.113.77" });
    for (let i = 1; i <= 4; i++) expect((await failure(c.auth.login({ identifier: made.login, password: `wrong-${i}xx` }))).message).toBe("Неверный логин или пароль");
    expect((await failure(c.auth.login({ identifier: made.login, password: "wrong-5xx" }))).code).toBe("TOO_MANY_REQUESTS");
    expect((await failure(c.auth.login({ identifier: made.login, password: made.password }))).code).toBe("TOO_MANY_REQUESTS");
    await h.client({ ip: "203.0.113.78" }).auth.login({ identifier: made.login, password: made.password });
  });
});

describe("a new login sheet", () => {
  it("makes the old password dead at once and ends the child's sessions", async () => {
    const parent = await signedUpParent(h);
    const made = await parent.childAccounts.add(childForm({ lastName: "Потеряев" }));
    const child = h.client();
    await child.auth.login({ identifier: made.login, password: made.password });
    await child.auth.changePassword({ password: "moi-parol-7" });
    expect(await child.auth.me()).not.toBeNull();

    const sheet = await parent.childAccounts.reissueSheet({ studentId: made.studentId });
    expect(sheet).toMatchObject({ studentId: made.studentId, login: made.login, pdf: { filename: `list-vhoda-${made.login}.pdf` } });
    expect(sheet).not.toHaveProperty("password");

    expect(await child.auth.me()).toBeNull();
    for (const dead of [made.password, "moi-parol-7"]) {
      expect((await failure(h.client().auth.login({ identifier: made.login, password: dead }))).code).toBe("UNAUTHORIZED");
    }
    const fresh = await row(made.studentId);
    expect(fresh.mustChangePassword).toBe(true);
    const notices = await h.db.select().from(notifications).where(eq(notifications.userId, made.studentId));
    expect(notices.map((n) => n.title)).toContain("Новый лист входа");
  });

  it("is refused to a parent who is not linked, to a child who registered alone, and to students", async () => {
    const parent = await signedUpParent(h);
    const made = await parent.childAccounts.add(childForm({ lastName: "Чужой" }));
    const stranger = await signedUpParent(h);
    const refused = await failure(stranger.childAccounts.reissueSheet({ studentId: made.studentId }));
    expect(refused.code).toBe("FORBIDDEN");
    expect((await failure(stranger.consent.give({ studentId: made.studentId, version: "2025-09-01" }))).code).toBe("FORBIDDEN");
    expect((await failure(stranger.family.child({ studentId: made.studentId }))).code).toBe("FORBIDDEN");

    // A child with an own email (registered alone) resets the password alone.
    const student = await signedUpStudent(h);
    const studentId = (await student.auth.me())!.id;
    await h.db.insert(familyLinks).values({ parentId: (await parent.auth.me())!.id, studentId });
    const ownEmail = await failure(parent.childAccounts.reissueSheet({ studentId }));
    expect(ownEmail.code).toBe("FORBIDDEN");
    expect(ownEmail.message).toMatch(/^Лист входа бывает только/);

    expect((await failure(student.childAccounts.reissueSheet({ studentId: made.studentId }))).code).toBe("FORBIDDEN");
    // Nothing changed for the child: the sheet's password still works.
    await h.client().auth.login({ identifier: made.login, password: made.password });
  });
});

describe("consent for a child with a login", () => {
  it("is given by the parent as its own step; the child is admitted then", async () => {
    const parent = await signedUpParent(h);
    const made = await parent.childAccounts.add(childForm({ lastName: "Согласнов" }));
    const text = await parent.consent.text({ studentId: made.studentId });
    expect(text.childName).toBe("Согласнов Миша Андреевич");
    expect(await parent.consent.give({ studentId: made.studentId, version: text.version })).toMatchObject({ admitted: true });

    const child = h.client();
    await child.auth.login({ identifier: made.login, password: made.password });
    await child.auth.changePassword({ password: "moi-parol-7" });
    expect(await child.consent.myAdmission()).toMatchObject({ admitted: true });
  });
});
