import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { hashPassword } from "@bilet/auth";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, GRADUATE_REFUSAL, seedDemoAccounts } from "@bilet/core";
import { auditLog, emailOutbox, familyLinks, studentProfiles, users } from "@bilet/db";
import { fieldErrors, formatDate, moscowDay } from "@bilet/validators";
import {
  admittedFamily,
  createApiHarness,
  demoClient,
  failure,
  newTrial,
  signedUpParent,
  signedUpStudent,
  staffAndMentor,
  uniqueEmail,
  type ApiHarness,
} from "../testing/index.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
  await seedDemoAccounts(h.db);
});
afterAll(async () => {
  await h?.close();
});

const WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
const CONFIRM = "/account/email/confirm";

async function idOf(email: string) {
  const [u] = await h.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u!.id;
}

async function lettersTo(address: string) {
  return h.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)).orderBy(desc(emailOutbox.createdAt));
}

const fieldsOf = (error: { cause?: unknown }) => fieldErrors(error.cause as ZodError);

describe("profile changes", () => {
  it("a student changes name, region, school and grade; each change is audited", async () => {
    const student = await signedUpStudent(h);
    const id = await idOf(student.email);
    const before = await student.profile.get();
    expect(before).toMatchObject({ role: "student", lastName: "Иванов", firstName: "Пётр", middleName: "Сергеевич", email: student.email, login: null, pendingEmail: null, emailLocked: null });
    expect(before.student).toMatchObject({ grade: 8, regionCode: "77", regionName: "Москва", school: "Школа № 57", graduatedAt: null, nextMoveUpOn: expect.stringMatching(/^\d{4}-09-01$/) });

    const result = await student.profile.updateStudent({ lastName: "Петров", firstName: "Пётр", middleName: "", regionCode: "16", school: "Лицей № 131", grade: 9 });
    expect(result.changed.sort()).toEqual(["grade", "lastName", "middleName", "regionCode", "school"]);
    const after = await student.profile.get();
    expect(after).toMatchObject({ lastName: "Петров", middleName: null, student: { grade: 9, regionCode: "16", regionName: "Республика Татарстан", school: "Лицей № 131" } });
    // The cabinet frame shows the new name at once.
    expect(await student.auth.me()).toMatchObject({ lastName: "Петров" });

    const [entry] = await h.db.select().from(auditLog).where(and(eq(auditLog.actorUserId, id), eq(auditLog.action, "profile.updated")));
    expect((entry!.data as { changed: string[] }).changed.sort()).toEqual(["grade", "lastName", "middleName", "regionCode", "school"]);

    // Saving the same values again changes and audits nothing.
    expect(await student.profile.updateStudent({ lastName: "Петров", firstName: "Пётр", regionCode: "16", school: "Лицей № 131", grade: 9 })).toEqual({ changed: [] });
    expect(await h.db.select().from(auditLog).where(and(eq(auditLog.actorUserId, id), eq(auditLog.action, "profile.updated")))).toHaveLength(1);
  });

  it("refuses a bad grade, an unknown region and an empty name with Russian messages on the fields, and changes nothing", async () => {
    const student = await signedUpStudent(h);
    const before = await student.profile.get();
    const error = await failure(student.profile.updateStudent({ lastName: "Иванов", firstName: "", regionCode: "00", school: "Школа № 57", grade: 12 }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldsOf(error)).toEqual({
      firstName: "Укажите имя",
      regionCode: "Выберите субъект Российской Федерации из списка",
      grade: "В проекте участвуют школьники 6–11 классов",
    });
    expect(fieldsOf(await failure(student.profile.updateStudent({ lastName: "Иванов", firstName: "Пётр", regionCode: "77", school: "Школа № 57", grade: 5 }))).grade).toBe("В проекте участвуют школьники 6–11 классов");
    expect(await student.profile.get()).toEqual(before);
  });

  it("a parent changes name and region but has no school or grade; mentors and staff change their name", async () => {
    const parent = await signedUpParent(h);
    expect(await parent.profile.updateParent({ lastName: "Иванова", firstName: "Ольга", middleName: "Николаевна", regionCode: "16" })).toEqual({ changed: ["regionCode"] });
    expect((await parent.profile.get()).parent).toEqual({ regionCode: "16", regionName: "Республика Татарстан" });
    expect((await failure(parent.profile.updateStudent({ lastName: "Иванова", firstName: "Ольга", regionCode: "16", school: "Школа", grade: 8 }))).code).toBe("FORBIDDEN");
    expect(fieldsOf(await failure(parent.profile.updateParent({ lastName: "Иванова", firstName: "Ольга", regionCode: "99" }))).regionCode).toBe(
      "Выберите субъект Российской Федерации из списка",
    );

    const staff = await demoClient(h, DEMO_ACCOUNTS.find((a) => a.role === "staff")!.email, DEMO_PASSWORD);
    const { lastName } = await staff.profile.get();
    expect(await staff.profile.updateName({ lastName, firstName: "Елизавета" })).toMatchObject({ changed: expect.arrayContaining(["firstName"]) });
    expect(await staff.auth.me()).toMatchObject({ firstName: "Елизавета" });
  });

  it("needs a session", async () => {
    expect((await failure(h.client().profile.get())).code).toBe("UNAUTHORIZED");
  });
});

describe("email change with confirmation", () => {
  it("confirms the new address by its link: the old address is told, sign-in takes the new one and no longer the old", async () => {
    const parent = await signedUpParent(h);
    const oldEmail = parent.email;
    const newEmail = uniqueEmail("new.parent");
    expect(await parent.profile.requestEmailChange({ email: newEmail.toUpperCase() })).toMatchObject({ email: newEmail });

    const confirmLetter = await h.lastEmailTo(newEmail);
    expect(confirmLetter).toMatchObject({ template: "email_change_confirm", subject: "Подтвердите адрес электронной почты — «Билет в будущее»" });
    expect(confirmLetter!.textBody).toContain("Ссылка действует 48 ч. и работает один раз");
    const notice = await h.lastEmailTo(oldEmail);
    expect(notice).toMatchObject({ template: "email_change_requested" });
    expect(notice!.textBody).toContain(`запрошена смена адреса электронной почты на ${newEmail}`);
    expect((await parent.profile.get()).pendingEmail).toMatchObject({ email: newEmail });

    // Nothing changes before the click.
    expect((await failure(h.client().auth.login({ email: newEmail, password: "parol2026" }))).message).toBe("Неверный адрес электронной почты или пароль");
    expect(await h.client().auth.login({ email: oldEmail, password: "parol2026" })).toMatchObject({ role: "parent" });

    const token = await h.tokenFromEmail(newEmail, CONFIRM);
    expect(await parent.profile.confirmEmailChange({ token })).toEqual({ email: newEmail, attached: false, sameUser: true });
    expect(await parent.auth.me()).toMatchObject({ email: newEmail });
    expect((await parent.profile.get()).pendingEmail).toBeNull();

    const told = await h.lastEmailTo(oldEmail);
    expect(told).toMatchObject({ template: "email_changed", subject: "Адрес электронной почты изменён — «Билет в будущее»" });
    expect(told!.textBody).toContain(`изменён на ${newEmail}`);
    expect((await parent.notifications.list({ limit: 1 })).items[0]).toMatchObject({ type: "account.email_changed", title: "Адрес электронной почты изменён" });

    expect(await h.client().auth.login({ email: newEmail, password: "parol2026" })).toMatchObject({ role: "parent" });
    expect((await failure(h.client().auth.login({ email: oldEmail, password: "parol2026" }))).message).toBe("Неверный адрес электронной почты или пароль");
    // A password reset now goes to the new address only.
    await h.client().auth.requestPasswordReset({ email: newEmail });
    expect((await h.lastEmailTo(newEmail))!.template).toBe("password_reset");

    const again = await failure(h.client().profile.confirmEmailChange({ token }));
    expect(again.message).toBe("Эта ссылка уже использована или заменена более новой. Запросите смену адреса ещё раз на странице «Мой профиль».");
  });

  it("the link works from a browser that is not signed in, and only the newest link works", async () => {
    const student = await signedUpStudent(h);
    const first = uniqueEmail("first");
    const second = uniqueEmail("second");
    await student.profile.requestEmailChange({ email: first });
    const firstToken = await h.tokenFromEmail(first, CONFIRM);
    expect((await h.lastEmailTo(first))!.subject).toBe("Подтверди адрес электронной почты — «Билет в будущее»");
    await student.profile.requestEmailChange({ email: second });
    expect((await failure(h.client().profile.confirmEmailChange({ token: firstToken }))).code).toBe("BAD_REQUEST");
    expect(await h.client().profile.confirmEmailChange({ token: await h.tokenFromEmail(second, CONFIRM) })).toEqual({ email: second, attached: false, sameUser: false });
    expect(await student.auth.me()).toMatchObject({ email: second });
  });

  it("refuses a taken address when asked, and again at confirmation when another account took it meanwhile", async () => {
    const parent = await signedUpParent(h);
    const other = await signedUpParent(h);
    const before = (await lettersTo(other.email)).length;
    const taken = await failure(parent.profile.requestEmailChange({ email: other.email }));
    expect(taken.code).toBe("CONFLICT");
    expect(taken.message).toBe("Этот адрес уже занят другой учётной записью: укажите другой");
    expect((taken.cause as { details?: { fieldErrors?: Record<string, string> } }).details?.fieldErrors?.email).toBe(taken.message);
    expect(await lettersTo(other.email)).toHaveLength(before);
    expect((await failure(parent.profile.requestEmailChange({ email: parent.email }))).message).toBe("Проверьте правильность заполнения формы");

    // Both ask for the same free address; the first to confirm gets it.
    const wanted = uniqueEmail("wanted");
    await parent.profile.requestEmailChange({ email: wanted });
    const parentToken = await h.tokenFromEmail(wanted, CONFIRM);
    await other.profile.requestEmailChange({ email: wanted });
    const otherToken = await h.tokenFromEmail(wanted, CONFIRM);
    await other.profile.confirmEmailChange({ token: otherToken });
    const late = await failure(parent.profile.confirmEmailChange({ token: parentToken }));
    expect(late.code).toBe("CONFLICT");
    expect(late.message).toBe("Этот адрес уже занят другой учётной записью, поэтому адрес не изменён. Укажите другой адрес на странице «Мой профиль».");
    expect(await parent.auth.me()).toMatchObject({ email: parent.email });
  });

  it("two confirmations of one address at the same moment: exactly one wins, the other is told in Russian", async () => {
    const a = await signedUpParent(h);
    const b = await signedUpParent(h);
    const wanted = uniqueEmail("race");
    await a.profile.requestEmailChange({ email: wanted });
    const aToken = await h.tokenFromEmail(wanted, CONFIRM);
    await b.profile.requestEmailChange({ email: wanted });
    const bToken = await h.tokenFromEmail(wanted, CONFIRM);
    const results = await Promise.allSettled([a.profile.confirmEmailChange({ token: aToken }), b.profile.confirmEmailChange({ token: bToken })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as Error).message).toContain("Этот адрес уже занят другой учётной записью");
    expect(await h.db.select({ id: users.id }).from(users).where(eq(users.email, wanted))).toHaveLength(1);
  });

  it("an address taken by another account while the confirmation runs is refused in Russian, not with an error page", async () => {
    const parent = await signedUpParent(h);
    const other = await signedUpParent(h);
    const wanted = uniqueEmail("meanwhile");
    await parent.profile.requestEmailChange({ email: wanted });
    const token = await h.tokenFromEmail(wanted, CONFIRM);
    let confirming: Promise<unknown> | undefined;
    // The other account takes the address in a transaction that commits only after the confirmation has checked the address.
    await h.db.transaction(async (tx) => {
      await tx.update(users).set({ email: wanted }).where(eq(users.email, other.email));
      confirming = parent.profile.confirmEmailChange({ token }).then(
        () => null,
        (e: unknown) => e,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const error = (await confirming) as Error;
    expect(error?.message).toBe("Этот адрес уже занят другой учётной записью, поэтому адрес не изменён. Укажите другой адрес на странице «Мой профиль».");
    expect(await parent.auth.me()).toMatchObject({ email: parent.email });
  });

  it("limits the letters to one address like the other kinds", async () => {
    const parent = await signedUpParent(h);
    const target = uniqueEmail("limited");
    for (let i = 0; i < 3; i++) await parent.profile.requestEmailChange({ email: target });
    expect((await failure(parent.profile.requestEmailChange({ email: target }))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("a pending change can be withdrawn: its link stops working", async () => {
    const parent = await signedUpParent(h);
    const target = uniqueEmail("withdrawn");
    await parent.profile.requestEmailChange({ email: target });
    expect(await parent.profile.cancelEmailChange()).toEqual({ cancelled: true });
    expect((await parent.profile.get()).pendingEmail).toBeNull();
    expect((await failure(parent.profile.confirmEmailChange({ token: await h.tokenFromEmail(target, CONFIRM) }))).code).toBe("BAD_REQUEST");
  });
});

describe("a child whose account a parent made attaches an email at 14", () => {
  /** A child with a login and no email, born `yearsAgo` years before today (Moscow) plus `plusDays`, linked to a parent. */
  async function childAccount(parentEmail: string, birthDate: string) {
    const parentId = await idOf(parentEmail);
    const login = `lebedeva${randomBytes(3).readUIntBE(0, 3) % 900000 + 100000}`;
    const [child] = await h.db
      .insert(users)
      .values({ role: "student", login, email: null, passwordHash: await hashPassword("parol2026"), lastName: "Лебедева", firstName: "Мария", createdById: parentId, activatedAt: new Date() })
      .returning({ id: users.id });
    await h.db.insert(studentProfiles).values({ userId: child!.id, birthDate, grade: 7, regionCode: "16", school: "Гимназия № 2" });
    await h.db.insert(familyLinks).values({ parentId, studentId: child!.id });
    const client = h.client();
    const { sessionId } = await h.deps.sessions.create(child!.id, { ip: "10.0.0.1", userAgent: WINDOWS });
    client.cookies.set(h.deps.sessions.cookieName, sessionId);
    return { id: child!.id, login, client };
  }

  const today = moscowDay(new Date());
  const yearsBefore = (years: number, plusDays = 0) => {
    const [y, m, d] = today.split("-").map(Number) as [number, number, number];
    return new Date(Date.UTC(y - years, m - 1, d + plusDays)).toISOString().slice(0, 10);
  };

  it("refuses at 13 years and 364 days, naming the day it becomes possible", async () => {
    const parent = await signedUpParent(h);
    const birthDate = yearsBefore(14, 1);
    const child = await childAccount(parent.email, birthDate);
    const settings = await child.client.profile.get();
    const message = `Привязать электронную почту можно с 14 лет: с ${formatDate(yearsBefore(0, 1))}.`;
    expect(settings).toMatchObject({ email: null, login: child.login, emailLocked: message });
    const address = uniqueEmail("too.young");
    const refused = await failure(child.client.profile.requestEmailChange({ email: address }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toBe(message);
    expect(await lettersTo(address)).toHaveLength(0);
  });

  it("allows it on the 14th birthday: the child signs in with the email and the login, the parents are told, the link stays", async () => {
    const parent = await signedUpParent(h);
    const second = await signedUpParent(h);
    const child = await childAccount(parent.email, yearsBefore(14));
    await h.db.insert(familyLinks).values({ parentId: await idOf(second.email), studentId: child.id });
    expect((await child.client.profile.get()).emailLocked).toBeNull();

    const address = uniqueEmail("maria");
    await child.client.profile.requestEmailChange({ email: address });
    const letter = await h.lastEmailTo(address);
    expect(letter!.textBody).toContain("Привет, Мария!");
    expect(letter!.textBody).toContain("логин тоже останется");
    expect(await child.client.profile.confirmEmailChange({ token: await h.tokenFromEmail(address, CONFIRM) })).toEqual({ email: address, attached: true, sameUser: true });

    expect(await h.client().auth.login({ email: address, password: "parol2026" })).toMatchObject({ role: "student" });
    expect(await h.client().auth.login({ identifier: child.login, password: "parol2026" })).toMatchObject({ role: "student" });
    expect((await child.client.profile.get()).login).toBe(child.login);

    for (const p of [parent, second]) {
      const [notice] = (await p.notifications.list({ limit: 1 })).items;
      expect(notice).toMatchObject({ type: "family.child_email_attached", title: "Ребёнок привязал электронную почту", link: `/parent/children/${child.id}` });
      expect(notice!.body).toContain("Электронная почта привязана: Мария Лебедева.");
      expect((await p.family.linked()).map((c) => c.id)).toContain(child.id);
    }
    expect((await child.client.notifications.list({ limit: 5 })).items.map((n) => n.title)).toContain("Электронная почта привязана");
  });
});

describe("sessions", () => {
  it("lists the person's active sessions with device, time and place, and ends one of them", async () => {
    const parent = await signedUpParent(h);
    const laptop = h.client({ userAgent: WINDOWS, ip: "198.51.100.7" });
    await laptop.auth.login({ email: parent.email, password: "parol2026" });

    const list = await parent.profile.sessions();
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ current: true, device: "Chrome, Linux", authMethod: "password" });
    expect(list[1]).toMatchObject({ current: false, device: "Chrome, Windows", ip: "198.51.100.7" });
    expect(list[1]!.signedInAtText).toMatch(/^\d{1,2} [а-я]+ \d{4} г\., \d{2}:\d{2} \(мск\)$/);
    // The list never shows the session ids, which are the cookies' secrets.
    const cookies = [...parent.cookies.values(), ...laptop.cookies.values()];
    for (const s of list) expect(cookies).not.toContain(s.handle);

    // Someone else cannot end it.
    const stranger = await signedUpParent(h);
    expect((await failure(stranger.profile.endSession({ session: list[1]!.handle }))).code).toBe("NOT_FOUND");
    expect(await laptop.auth.me()).not.toBeNull();

    expect(await parent.profile.endSession({ session: list[1]!.handle })).toEqual({ current: false });
    expect(await laptop.auth.me()).toBeNull();
    expect((await failure(laptop.profile.sessions())).code).toBe("UNAUTHORIZED");
    expect((await parent.profile.sessions()).map((s) => s.current)).toEqual([true]);
  });

  it("ends the sessions on other devices and keeps this one", async () => {
    const parent = await signedUpParent(h);
    const phone = h.client();
    await phone.auth.login({ email: parent.email, password: "parol2026" });
    expect(await parent.profile.endOtherSessions()).toEqual({ ended: 1 });
    expect(await phone.auth.me()).toBeNull();
    expect(await parent.auth.me()).toMatchObject({ email: parent.email });
  });

  it("«Выйти на всех устройствах» ends every session, this one included", async () => {
    const parent = await signedUpParent(h);
    const phone = h.client();
    await phone.auth.login({ email: parent.email, password: "parol2026" });
    expect(await parent.profile.endAllSessions()).toEqual({ ended: 2, redirectTo: "/login" });
    expect(parent.cookies.size).toBe(0);
    expect(await parent.auth.me()).toBeNull();
    expect(await phone.auth.me()).toBeNull();
    const [entry] = await h.db.select().from(auditLog).where(and(eq(auditLog.actorUserId, await idOf(parent.email)), eq(auditLog.action, "account.all_sessions_ended")));
    expect(entry!.data).toEqual({ ended: 2 });
    // Signing in again works.
    expect(await h.client().auth.login({ email: parent.email, password: "parol2026" })).toMatchObject({ role: "parent" });
  });
});

describe("graduates", () => {
  it("keep reading their cabinet but cannot enroll in a trial, start a test or change the grade", async () => {
    const { staff, mentorId } = await staffAndMentor(h);
    const { student, studentId } = await admittedFamily(h);
    const trial = await newTrial(staff, mentorId, { capacity: 5 });
    await h.db.update(studentProfiles).set({ grade: 11, graduatedAt: new Date() }).where(eq(studentProfiles.userId, studentId));

    const refused = await failure(student.trials.enroll({ trialId: trial.id }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toBe(GRADUATE_REFUSAL);
    const [test] = await student.diagnostics.catalogue();
    expect((await failure(student.diagnostics.start({ testId: test!.testId }))).message).toBe(GRADUATE_REFUSAL);

    // Reading stays open.
    expect((await student.cabinet.student()).profile).toMatchObject({ grade: 11, graduatedAt: expect.any(String) });
    expect(await student.trials.mine()).toEqual([]);
    const gradeChange = await failure(student.profile.updateStudent({ lastName: "Иванов", firstName: "Пётр", middleName: "Сергеевич", regionCode: "77", school: "Школа № 57", grade: 10 }));
    expect((gradeChange.cause as { details?: { fieldErrors?: Record<string, string> } }).details?.fieldErrors).toEqual({ grade: "Школа окончена: класс больше не меняется" });
    expect(await student.profile.updateStudent({ lastName: "Иванов", firstName: "Пётр", middleName: "Сергеевич", regionCode: "77", school: "Колледж связи", grade: 11 })).toEqual({ changed: ["school"] });
  });
});
