import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { ZodError } from "zod";
import { fieldErrors } from "@bilet/validators";
import { emailOutbox, emailTokens, notifications, sessions, studentProfiles, users } from "@bilet/db";
import { createApiHarness, parentForm, signedUpParent, signedUpStudent, studentForm, uniqueEmail, type ApiHarness, failure } from "../testing/index.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});


async function rowCount(table: typeof users | typeof emailOutbox) {
  const [row] = await h.db.select({ n: count() }).from(table);
  return row!.n;
}

describe("student registration", () => {
  it("creates an inactive account with its profile and sends an activation letter", async () => {
    const email = uniqueEmail("student");
    const result = await h.client().auth.registerStudent(studentForm(email.toUpperCase(), { middleName: "" }));
    expect(result).toEqual({ email });

    const [user] = await h.db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ role: "student", lastName: "Иванов", firstName: "Пётр", middleName: null, activatedAt: null });
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    const [profile] = await h.db.select().from(studentProfiles).where(eq(studentProfiles.userId, user!.id));
    expect(profile).toMatchObject({ grade: 8, regionCode: "77", school: "Школа № 57", birthDate: "2011-05-20" });

    const letter = await h.lastEmailTo(email);
    // A student reads «ты» (docs/style-russian.md).
    expect(letter).toMatchObject({ template: "activation", subject: "Подтверди регистрацию на платформе «Билет в будущее»" });
    expect(letter!.textBody).toMatch(/http:\/\/bilet\.test\/activate\?token=[A-Za-z0-9_-]{43}/);
    // Only the hash of the token is stored.
    const token = await h.tokenFromEmail(email, "/activate");
    const stored = await h.db.select({ hash: emailTokens.tokenHash }).from(emailTokens).where(eq(emailTokens.userId, user!.id));
    expect(stored.map((s) => s.hash)).not.toContain(token);
  });

  it("refuses bad input with Russian messages per field and changes nothing", async () => {
    const before = { users: await rowCount(users), emails: await rowCount(emailOutbox) };
    const error = await failure(
      h.client().auth.registerStudent(
        studentForm("не почта", { lastName: "", grade: 5, regionCode: "99", birthDate: "2030-01-01", password: "short", school: "" }),
      ),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    const messages = fieldErrors(error.cause as ZodError);
    expect(messages).toMatchObject({
      lastName: "Укажите фамилию",
      grade: "В проекте участвуют школьники 6–11 классов",
      regionCode: "Выберите субъект Российской Федерации из списка",
      password: "Пароль должен содержать не меньше 8 символов",
      school: "Укажите школу: название или номер",
    });
    expect(messages.email).toMatch(/^Проверьте адрес электронной почты/);
    expect(messages.birthDate).toMatch(/от 10 до 19 лет/);
    expect({ users: await rowCount(users), emails: await rowCount(emailOutbox) }).toEqual(before);
  });

  it("answers the same for a taken address and tells its owner instead of creating a second account", async () => {
    const email = uniqueEmail("taken");
    await h.client().auth.registerStudent(studentForm(email));
    const again = await h.client().auth.registerParent(parentForm(email));
    expect(again).toEqual({ email });
    const rows = await h.db.select().from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe("student");
    expect((await h.lastEmailTo(email))!.template).toBe("already_registered");
  });
});

describe("activation", () => {
  it("activates once, signs in, and greets the user with a stored notification", async () => {
    const email = uniqueEmail("parent");
    const c = h.client();
    await c.auth.registerParent(parentForm(email));
    const token = await h.tokenFromEmail(email, "/activate");

    const result = await c.auth.activate({ token });
    expect(result).toEqual({ role: "parent", redirectTo: "/parent" });
    expect(c.cookies.has("bilet_session")).toBe(true);
    expect(await c.auth.me()).toMatchObject({ email, role: "parent", firstName: "Ольга", cabinetPath: "/parent" });
    const list = await c.notifications.list();
    expect(list.items.map((n) => n.title)).toContain("Учётная запись подтверждена");

    const reuse = await failure(h.client().auth.activate({ token }));
    expect(reuse.code).toBe("BAD_REQUEST");
    expect(reuse.message).toMatch(/уже использована/);
  });

  it("says when a link has expired or is unknown, and keeps the account inactive", async () => {
    const email = uniqueEmail("late");
    await h.client().auth.registerStudent(studentForm(email));
    const token = await h.tokenFromEmail(email, "/activate");
    await h.db.update(emailTokens).set({ expiresAt: new Date(Date.now() - 1000) });
    const expired = await failure(h.client().auth.activate({ token }));
    expect(expired.message).toMatch(/^Срок действия ссылки истёк/);
    const [user] = await h.db.select().from(users).where(eq(users.email, email));
    expect(user!.activatedAt).toBeNull();

    const unknown = await failure(h.client().auth.activate({ token: "A".repeat(43) }));
    expect(unknown.message).toMatch(/^Ссылка недействительна/);
    const malformed = await failure(h.client().auth.activate({ token: "abc" }));
    expect(malformed.code).toBe("BAD_REQUEST");
  });

  it("re-sends a letter only to an inactive account; the new link replaces the old one", async () => {
    const email = uniqueEmail("resend");
    await h.client().auth.registerStudent(studentForm(email));
    const first = await h.tokenFromEmail(email, "/activate");
    expect(await h.client().auth.resendActivation({ email })).toEqual({ email });
    const second = await h.tokenFromEmail(email, "/activate");
    expect(second).not.toBe(first);
    expect((await failure(h.client().auth.activate({ token: first }))).message).toMatch(/заменена более новой/);
    await h.client().auth.activate({ token: second });

    // Activated or unknown: the same answer, and no letter.
    const emailsBefore = await rowCount(emailOutbox);
    expect(await h.client().auth.resendActivation({ email })).toEqual({ email });
    const nobody = uniqueEmail("nobody");
    expect(await h.client().auth.resendActivation({ email: nobody })).toEqual({ email: nobody });
    expect(await rowCount(emailOutbox)).toBe(emailsBefore);
  });
});

describe("login and logout", () => {
  it("refuses an unactivated account, then signs in after activation and records a login notification", async () => {
    const email = uniqueEmail("login");
    await h.client().auth.registerStudent(studentForm(email));
    const notYet = await failure(h.client().auth.login({ email, password: "parol2026" }));
    expect(notYet.code).toBe("FORBIDDEN");
    expect(notYet.message).toMatch(/ещё не подтверждена/);

    await h.client().auth.activate({ token: await h.tokenFromEmail(email, "/activate") });
    const c = h.client();
    expect(await c.auth.login({ email: email.toUpperCase(), password: "parol2026" })).toEqual({ role: "student", redirectTo: "/student" });
    const me = await c.auth.me();
    expect(me?.email).toBe(email);
    const latest = await c.notifications.list({ limit: 1 });
    expect(latest.items[0]).toMatchObject({ type: "security.login", title: "Новый вход в учётную запись" });
    expect(latest.items[0]!.body).toContain("Chrome, Linux");

    expect(await c.auth.logout()).toEqual({ redirectTo: "/" });
    expect(c.cookies.has("bilet_session")).toBe(false);
    expect(await c.auth.me()).toBeNull();
  });

  it("gives one message for a wrong password and an unknown address", async () => {
    const s = await signedUpStudent(h);
    const wrong = await failure(h.client().auth.login({ email: s.email, password: "wrong-password1" }));
    const unknown = await failure(h.client().auth.login({ email: uniqueEmail("ghost"), password: "wrong-password1" }));
    expect(wrong.code).toBe("UNAUTHORIZED");
    expect(unknown.code).toBe("UNAUTHORIZED");
    expect(wrong.message).toBe("Неверный адрес электронной почты или пароль");
    expect(unknown.message).toBe(wrong.message);
  });

  it("throttles the address that guessed five wrong passwords, even for the right password, and only that address", async () => {
    const s = await signedUpStudent(h);
    const c = h.client({ ip: "203.0.113.7" });
    for (let i = 1; i <= 4; i++) {
      expect((await failure(c.auth.login({ email: s.email, password: `wrong-${i}xx` }))).code).toBe("UNAUTHORIZED");
    }
    const fifth = await failure(c.auth.login({ email: s.email, password: "wrong-5xx" }));
    expect(fifth.code).toBe("TOO_MANY_REQUESTS");
    expect(fifth.message).toMatch(/^Слишком много попыток\. Попробуйте снова через \d+ мин\.$/);
    expect((await failure(c.auth.login({ email: s.email, password: "parol2026" }))).code).toBe("TOO_MANY_REQUESTS");
    // The owner, on another address, is not locked out.
    await h.client({ ip: "203.0.113.8" }).auth.login({ email: s.email, password: "parol2026" });
  });

  it("cannot be used to lock a family out: five wrong passwords from five addresses leave the owner's login working", async () => {
    const s = await signedUpParent(h);
    for (let i = 1; i <= 5; i++) {
      expect((await failure(h.client({ ip: `198.51.100.${i}` }).auth.login({ email: s.email, password: `wrong-${i}xx` }))).code).toBe("UNAUTHORIZED");
    }
    const owner = h.client({ ip: "198.51.100.200" });
    await owner.auth.login({ email: s.email, password: "parol2026" });
    expect((await owner.auth.me())!.email).toBe(s.email);
  });

  it("lets the right password through after many addresses guessed, with a pause instead of a refusal", async () => {
    const s = await signedUpParent(h);
    for (let i = 1; i <= 10; i++) await failure(h.client({ ip: `198.51.101.${i}` }).auth.login({ email: s.email, password: `wrong-${i}xx` }));
    const owner = h.client({ ip: "198.51.101.200" });
    await owner.auth.login({ email: s.email, password: "parol2026" });
    expect((await owner.auth.me())!.email).toBe(s.email);
    // A wrong guess in the slowed-down state is still just a wrong password.
    expect((await failure(h.client({ ip: "198.51.101.201" }).auth.login({ email: s.email, password: "wrong-11xx" }))).code).toBe("UNAUTHORIZED");
  });

  it("resets the failure count of an address after its successful login", async () => {
    const s = await signedUpStudent(h);
    const c = () => h.client({ ip: "203.0.113.40" });
    for (let i = 0; i < 4; i++) await failure(c().auth.login({ email: s.email, password: "wrong-passw0rd" }));
    await c().auth.login({ email: s.email, password: "parol2026" });
    for (let i = 0; i < 4; i++) {
      expect((await failure(c().auth.login({ email: s.email, password: "wrong-passw0rd" }))).code).toBe("UNAUTHORIZED");
    }
  });

  it("ends a session that has expired", async () => {
    const s = await signedUpStudent(h);
    expect(await s.auth.me()).not.toBeNull();
    await h.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, s.cookies.get("bilet_session")!));
    expect(await s.auth.me()).toBeNull();
    expect((await failure(s.notifications.list())).code).toBe("UNAUTHORIZED");
  });
});

describe("password reset", () => {
  it("sets a new password once, ends every session, and tells the owner", async () => {
    const s = await signedUpStudent(h);
    const other = h.client();
    await other.auth.login({ email: s.email, password: "parol2026" });

    expect(await h.client().auth.requestPasswordReset({ email: s.email })).toEqual({ email: s.email });
    const token = await h.tokenFromEmail(s.email, "/password/reset");
    expect(await h.client().auth.resetPassword({ token, password: "novyi-parol-1" })).toEqual({ redirectTo: "/login" });

    expect(await s.auth.me()).toBeNull();
    expect(await other.auth.me()).toBeNull();
    expect((await h.lastEmailTo(s.email))!.template).toBe("password_changed");
    expect((await failure(h.client().auth.login({ email: s.email, password: "parol2026" }))).code).toBe("UNAUTHORIZED");
    await h.client().auth.login({ email: s.email, password: "novyi-parol-1" });

    const reuse = await failure(h.client().auth.resetPassword({ token, password: "tretii-parol-1" }));
    expect(reuse.message).toMatch(/уже использована/);
  });

  it("refuses an expired link and a weak password without changing the password", async () => {
    const s = await signedUpStudent(h);
    await h.client().auth.requestPasswordReset({ email: s.email });
    const token = await h.tokenFromEmail(s.email, "/password/reset");
    const weak = await failure(h.client().auth.resetPassword({ token, password: "12345678" }));
    expect(weak.code).toBe("BAD_REQUEST");
    await h.db.update(emailTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(emailTokens.purpose, "password_reset"));
    const expired = await failure(h.client().auth.resetPassword({ token, password: "novyi-parol-2" }));
    expect(expired.message).toMatch(/^Срок действия ссылки истёк/);
    await h.client().auth.login({ email: s.email, password: "parol2026" });
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const before = await rowCount(emailOutbox);
    const nobody = uniqueEmail("nobody");
    expect(await h.client().auth.requestPasswordReset({ email: nobody })).toEqual({ email: nobody });
    expect(await rowCount(emailOutbox)).toBe(before);
  });
});

describe("rate limits on letters and sign-ups", () => {
  it("limits letters of one kind to one address to three an hour from one sender, with a Russian message", async () => {
    const s = await signedUpParent(h);
    const c = h.client({ ip: "192.0.2.50" });
    for (let i = 0; i < 3; i++) await c.auth.requestPasswordReset({ email: s.email });
    const fourth = await failure(c.auth.requestPasswordReset({ email: s.email }));
    expect(fourth.code).toBe("TOO_MANY_REQUESTS");
    expect(fourth.message).toMatch(/^Слишком много попыток/);
  });

  it("never lets sign-up attempts with someone's address use up that person's password resets", async () => {
    const s = await signedUpParent(h);
    const stranger = h.client({ ip: "192.0.2.60" });
    for (let i = 0; i < 3; i++) await stranger.auth.registerParent(parentForm(s.email));
    expect((await failure(stranger.auth.registerParent(parentForm(s.email)))).code).toBe("TOO_MANY_REQUESTS");
    const owner = h.client({ ip: "192.0.2.61" });
    await owner.auth.requestPasswordReset({ email: s.email });
    expect((await h.lastEmailTo(s.email))!.template).toBe("password_reset");
  });

  it("limits sign-ups from one IP address (scaled by RATE_LIMIT_FACTOR)", async () => {
    // 100 an hour by default; a factor of 0.1 makes it 10 without 100 argon2 hashes.
    const scaled = await createApiHarness({ rateLimitFactor: 0.1 });
    onTestFinished(() => scaled.close());
    const c = scaled.client({ ip: "192.0.2.99" });
    for (let i = 0; i < 10; i++) await c.auth.registerStudent(studentForm(uniqueEmail("flood")));
    const [before] = await scaled.db.select({ n: count() }).from(users);
    const eleventh = await failure(c.auth.registerStudent(studentForm(uniqueEmail("flood"))));
    expect(eleventh.code).toBe("TOO_MANY_REQUESTS");
    const [after] = await scaled.db.select({ n: count() }).from(users);
    expect(after!.n).toBe(before!.n);
  });
});

describe("notifications are private", () => {
  it("lists and marks only the caller's own notifications", async () => {
    const a = await signedUpStudent(h);
    const b = await signedUpParent(h);
    const aList = await a.notifications.list();
    const bList = await b.notifications.list();
    expect(aList.unreadCount).toBeGreaterThan(0);
    const aIds = aList.items.map((n) => n.id);
    expect(bList.items.some((n) => aIds.includes(n.id))).toBe(false);

    // B marking A's notifications read changes nothing for A.
    expect(await b.notifications.markRead({ ids: aIds })).toEqual({ unreadCount: bList.unreadCount });
    expect((await a.notifications.list()).unreadCount).toBe(aList.unreadCount);

    expect(await a.notifications.markRead({ ids: [aIds[0]!] })).toEqual({ unreadCount: aList.unreadCount - 1 });
    expect(await a.notifications.markAllRead()).toEqual({ unreadCount: 0 });
    expect((await a.notifications.list({ limit: 20, unreadOnly: true })).items).toEqual([]);
    expect((await b.notifications.list()).unreadCount).toBe(bList.unreadCount);

    const [stored] = await h.db.select({ n: count() }).from(notifications).where(eq(notifications.userId, a.cookies.size ? (await a.auth.me())!.id : ""));
    expect(stored!.n).toBe(aList.items.length);
  });

  it("refuses anonymous callers", async () => {
    const anon = h.client();
    expect((await failure(anon.notifications.list())).code).toBe("UNAUTHORIZED");
    expect((await failure(anon.notifications.markAllRead())).message).toBe("Войдите в учётную запись, чтобы продолжить");
  });
});
