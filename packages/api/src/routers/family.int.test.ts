import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import { family, DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from "@bilet/core";
import { consents, familyLinks, invitations, users } from "@bilet/db";
import { createApiHarness, signedUpParent, signedUpStudent, uniqueEmail, type ApiHarness, failure } from "../testing/index.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
  await seedDemoAccounts(h.db);
});
afterAll(async () => {
  await h?.close();
});


const childForm = { lastName: "Соколова", firstName: "Варвара", birthDate: "2012-09-01", grade: 7, regionCode: "16", school: "Лицей № 131", password: "parol2026" };
const parentFormNoEmail = { lastName: "Соколов", firstName: "Денис", middleName: "Олегович", regionCode: "16", password: "parol2026" };

async function userId(email: string) {
  const [u] = await h.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u!.id;
}

describe("parent first: the parent invites the child", () => {
  it("plays the source document's list: invitation → child registers → linked → the parent is notified", async () => {
    const parent = await signedUpParent(h);
    const childEmail = uniqueEmail("child");
    const sent = await parent.family.invite({ email: childEmail });
    expect(sent).toMatchObject({ inviteeEmail: childEmail, inviteeRole: "student", state: "pending", sentCount: 1 });

    const letter = await h.lastEmailTo(childEmail);
    expect(letter).toMatchObject({ template: "family_invitation", subject: "Родитель приглашает тебя на платформу «Билет в будущее»" });
    const token = await h.tokenFromEmail(childEmail, "/invite");

    const anonymous = h.client();
    expect(await anonymous.family.preview({ token })).toEqual({
      state: "pending",
      inviteeEmail: childEmail,
      inviteeRole: "student",
      inviterName: "Ольга Иванова",
      accountExists: false,
    });

    const child = h.client();
    expect(await child.family.registerStudent({ token, ...childForm })).toEqual({ redirectTo: "/student" });
    // Following the link proved the address: active at once, signed in, and linked.
    expect(await child.auth.me()).toMatchObject({ email: childEmail, role: "student", firstName: "Варвара" });
    expect(await h.client().auth.login({ email: childEmail, password: "parol2026" })).toMatchObject({ role: "student" });
    expect((await child.family.linked()).map((p) => p.email)).toEqual([parent.email]);
    expect((await parent.family.linked()).map((p) => p.name)).toEqual(["Соколова Варвара"]);

    const notices = await parent.notifications.list();
    expect(notices.items[0]).toMatchObject({ type: "family.child_registered", title: "Регистрация ребёнка завершена" });
    expect(notices.items[0]!.body).toContain("Регистрация ребёнка завершена: Варвара Соколова.");
    expect((await parent.family.sentInvitations())[0]).toMatchObject({ state: "accepted", acceptedByName: "Варвара Соколова" });

    const reuse = await failure(h.client().family.registerStudent({ token, ...childForm }));
    expect(reuse.message).toBe("Это приглашение уже принято. Войдите в свой кабинет.");
  });
});

describe("student first: the student invites a parent", () => {
  it("links after the parent registers through the letter, and the student is told", async () => {
    const student = await signedUpStudent(h);
    const parentEmail = uniqueEmail("mother");
    await student.family.invite({ email: parentEmail });
    expect((await h.lastEmailTo(parentEmail))!.subject).toBe("Ваш ребёнок приглашает вас на платформу «Билет в будущее»");
    const token = await h.tokenFromEmail(parentEmail, "/invite");

    // The student form does not fit a parent's invitation.
    const wrongForm = await failure(h.client().family.registerStudent({ token, ...childForm }));
    expect(wrongForm.code).toBe("FORBIDDEN");
    expect(await h.db.select().from(users).where(eq(users.email, parentEmail))).toEqual([]);

    const parent = h.client();
    expect(await parent.family.registerParent({ token, ...parentFormNoEmail })).toEqual({ redirectTo: "/parent" });
    expect(await parent.auth.me()).toMatchObject({ email: parentEmail, role: "parent" });
    expect((await student.family.linked()).map((p) => p.email)).toEqual([parentEmail]);
    const [latest] = (await student.notifications.list({ limit: 1 })).items;
    expect(latest).toMatchObject({ type: "family.parent_linked", title: "Родитель подключён" });
    expect(latest!.body).toBe("Приглашение принято: Денис Соколов. Кабинеты связаны. Чтобы участвовать в практических мероприятиях, нужно согласие родителя на обработку твоих персональных данных.");
    // Linked, but not admitted until the parent consents.
    expect(await student.consent.myAdmission()).toMatchObject({ admitted: false, linkedParents: 1, missing: ["consent"] });
  });
});

describe("invitation states", () => {
  it("re-sends with a new link (the old one dies) and revokes", async () => {
    const parent = await signedUpParent(h);
    const email = uniqueEmail("kid");
    const first = await parent.family.invite({ email });
    const oldToken = await h.tokenFromEmail(email, "/invite");
    const resent = await parent.family.resendInvitation({ invitationId: first.id });
    expect(resent).toMatchObject({ id: first.id, sentCount: 2, state: "pending" });
    const newToken = await h.tokenFromEmail(email, "/invite");
    expect(newToken).not.toBe(oldToken);
    expect((await failure(h.client().family.preview({ token: oldToken }))).message).toMatch(/^Ссылка приглашения недействительна/);

    // Inviting the same address again is the same invitation, not a second one.
    await parent.family.invite({ email });
    expect(await parent.family.sentInvitations()).toHaveLength(1);

    const revoked = await parent.family.revokeInvitation({ invitationId: first.id });
    expect(revoked.state).toBe("revoked");
    // The list says when it was revoked; a revoked invitation is not "valid until" anything.
    expect(revoked.revokedAt).not.toBeNull();
    expect((await parent.family.sentInvitations())[0]).toMatchObject({ state: "revoked", revokedAt: revoked.revokedAt });
    const latest = await h.tokenFromEmail(email, "/invite");
    expect((await h.client().family.preview({ token: latest })).state).toBe("revoked");
    const refused = await failure(h.client().family.registerStudent({ token: latest, ...childForm }));
    expect(refused.message).toBe("Приглашение отозвано отправителем.");
    expect(await h.db.select().from(users).where(eq(users.email, email))).toEqual([]);
    expect((await failure(parent.family.resendInvitation({ invitationId: first.id }))).code).toBe("CONFLICT");
  });

  it("expires after 7 days, refuses the link, and tells the inviter once", async () => {
    const student = await signedUpStudent(h);
    const email = uniqueEmail("dad");
    const inv = await student.family.invite({ email });
    expect(new Date(inv.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    const token = await h.tokenFromEmail(email, "/invite");
    await h.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, inv.id));

    expect((await h.client().family.preview({ token })).state).toBe("expired");
    const late = await failure(h.client().family.registerParent({ token, ...parentFormNoEmail }));
    expect(late.message).toBe("Срок действия приглашения истёк. Попросите отправить его ещё раз.");
    expect((await student.family.sentInvitations())[0]!.state).toBe("expired");

    expect(await family.notifyExpiredInvitations(h.db)).toBeGreaterThanOrEqual(1);
    expect(await family.notifyExpiredInvitations(h.db)).toBe(0);
    const expiredNotices = (await student.notifications.list()).items.filter((n) => n.type === "family.invitation_expired");
    expect(expiredNotices).toHaveLength(1);
    expect(expiredNotices[0]!.body).toContain(email);

    // Re-sending an expired invitation revives it with a fresh term.
    const revived = await student.family.resendInvitation({ invitationId: inv.id });
    expect(revived.state).toBe("pending");
  });

  it("lets nobody but the inviter re-send or revoke an invitation", async () => {
    const owner = await signedUpParent(h);
    const inv = await owner.family.invite({ email: uniqueEmail("target") });
    const other = await signedUpParent(h);
    const student = await signedUpStudent(h);
    for (const caller of [other, student]) {
      expect((await failure(caller.family.revokeInvitation({ invitationId: inv.id }))).code).toBe("NOT_FOUND");
      expect((await failure(caller.family.resendInvitation({ invitationId: inv.id }))).code).toBe("NOT_FOUND");
      expect((await failure(caller.family.acceptIncoming({ invitationId: inv.id }))).code).toBe("NOT_FOUND");
      expect(await caller.family.sentInvitations()).toEqual([]);
    }
    expect((await owner.family.sentInvitations())[0]).toMatchObject({ state: "pending", sentCount: 1 });
    const mentorOrAnon = h.client();
    expect((await failure(mentorOrAnon.family.invite({ email: uniqueEmail("x") }))).code).toBe("UNAUTHORIZED");
  });

  it("rejects bad input with Russian messages and creates nothing", async () => {
    const parent = await signedUpParent(h);
    const bad = await failure(parent.family.invite({ email: "нет-такого" }));
    expect(bad.code).toBe("BAD_REQUEST");
    const self = await failure(parent.family.invite({ email: parent.email }));
    expect(self.message).toBe("Нельзя отправить приглашение на собственный адрес");
    expect(await parent.family.sentInvitations()).toEqual([]);
    expect((await failure(parent.family.revokeInvitation({ invitationId: "not-a-uuid" }))).code).toBe("BAD_REQUEST");
    expect((await failure(parent.family.preview({ token: "short" }))).code).toBe("BAD_REQUEST");
  });
});

describe("an invitation to an address that already has an account", () => {
  it("is accepted after that person logs in, without a second account", async () => {
    const parent = await signedUpParent(h);
    const child = await signedUpStudent(h);
    await parent.family.invite({ email: child.email });
    const token = await h.tokenFromEmail(child.email, "/invite");
    expect((await h.client().family.preview({ token })).accountExists).toBe(true);
    const second = await failure(h.client().family.registerStudent({ token, ...childForm }));
    expect(second.code).toBe("CONFLICT");
    expect(second.message).toMatch(/войдите, чтобы принять приглашение/);

    // Someone else signed in on that browser cannot take it.
    const otherStudent = await signedUpStudent(h);
    expect((await failure(otherStudent.family.accept({ token }))).message).toMatch(/^Приглашение отправлено на адрес/);
    const wrongRole = await signedUpParent(h);
    expect((await failure(wrongRole.family.accept({ token }))).message).toBe("Это приглашение для участника, а вы вошли как родитель");

    expect(await child.family.incomingInvitations()).toHaveLength(1);
    expect(await child.family.accept({ token })).toEqual({ redirectTo: "/student" });
    expect((await child.family.linked()).map((p) => p.email)).toEqual([parent.email]);
    expect(await child.family.incomingInvitations()).toEqual([]);
    expect(await h.db.select().from(users).where(eq(users.email, child.email))).toHaveLength(1);
  });

  it("can be accepted from the cabinet's list of incoming invitations", async () => {
    const student = await signedUpStudent(h);
    const parent = await signedUpParent(h);
    await student.family.invite({ email: parent.email });
    const [incoming] = await parent.family.incomingInvitations();
    expect(incoming).toMatchObject({ inviterName: "Пётр Иванов" });
    expect((await failure(student.family.acceptIncoming({ invitationId: incoming!.id }))).code).toBe("NOT_FOUND");
    await parent.family.acceptIncoming({ invitationId: incoming!.id });
    expect((await parent.family.linked()).map((p) => p.email)).toEqual([student.email]);
  });
});

describe("families with two parents and several children", () => {
  it("links a parent to several children and a child to two parents, not three", async () => {
    const mother = await signedUpParent(h);
    const kids = [await signedUpStudent(h), await signedUpStudent(h)];
    for (const kid of kids) {
      await mother.family.invite({ email: kid.email });
      await kid.family.accept({ token: await h.tokenFromEmail(kid.email, "/invite") });
    }
    expect((await mother.family.linked()).map((c) => c.email).sort()).toEqual(kids.map((k) => k.email).sort());

    const father = await signedUpParent(h);
    await kids[0]!.family.invite({ email: father.email });
    await father.family.accept({ token: await h.tokenFromEmail(father.email, "/invite") });
    expect(await kids[0]!.family.linked()).toHaveLength(2);

    const third = await failure(kids[0]!.family.invite({ email: uniqueEmail("third") }));
    expect(third.message).toBe("С кабинетом участника уже связаны два родителя (законных представителя)");
    const already = await failure(kids[0]!.family.invite({ email: father.email }));
    expect(already.message).toBe("Этот родитель уже связан с твоим кабинетом");
  });
});

async function linkedFamily() {
  const parent = await signedUpParent(h);
  const child = await signedUpStudent(h);
  await parent.family.invite({ email: child.email });
  await child.family.accept({ token: await h.tokenFromEmail(child.email, "/invite") });
  return { parent, child, childId: await userId(child.email), parentId: await userId(parent.email) };
}

describe("consent to personal data (152-ФЗ)", () => {
  it("admits the child when a linked parent consents, and records who, what, when and from where", async () => {
    const { parent, child, childId, parentId } = await linkedFamily();
    const text = await parent.consent.text({ studentId: childId });
    expect(text.version).toBe(CURRENT_CONSENT_VERSION);
    expect(text.paragraphs[0]).toContain("Иванова Ольга Николаевна");
    expect(text.paragraphs[0]).toContain("Иванов Пётр Сергеевич");

    const admission = await parent.consent.give({ studentId: childId, version: text.version });
    expect(admission).toMatchObject({ admitted: true, missing: [], consent: { parentName: "Ольга Иванова", method: "password", version: CURRENT_CONSENT_VERSION } });
    expect(await child.consent.myAdmission()).toMatchObject({ admitted: true });
    expect((await child.notifications.list({ limit: 1 })).items[0]).toMatchObject({
      type: "consent.given",
      title: "Допуск к практическим мероприятиям получен",
      body: "Согласие на обработку твоих персональных данных получено от родителя: Ольга Иванова. Теперь можно записываться на профессиональные пробы.",
    });

    const [record] = await h.db.select().from(consents).where(and(eq(consents.parentId, parentId), eq(consents.studentId, childId)));
    expect(record).toMatchObject({ documentVersion: CURRENT_CONSENT_VERSION, method: "password", userAgent: expect.stringContaining("Chrome"), withdrawnAt: null });
    expect(record!.ip).toMatch(/^10\./);

    expect((await failure(parent.consent.give({ studentId: childId, version: text.version }))).message).toBe("Вы уже дали согласие для этого ребёнка");
    expect((await failure(parent.consent.give({ studentId: childId, version: "1999-01-01" }))).code).toBe("CONFLICT");
  });

  it("withdrawal is recorded, not deleted, and takes admission away", async () => {
    const { parent, child, childId } = await linkedFamily();
    await parent.consent.give({ studentId: childId, version: CURRENT_CONSENT_VERSION });
    const after = await parent.consent.withdraw({ studentId: childId });
    expect(after).toMatchObject({ admitted: false, missing: ["consent"] });
    const [notice] = (await child.notifications.list({ limit: 1 })).items;
    expect(notice).toMatchObject({ type: "consent.withdrawn", title: "Согласие на обработку данных отозвано" });
    expect(notice!.body).toContain("Пока согласия нет, допуска к практическим мероприятиям и рекомендациям нет.");

    const history = await child.consent.history({ studentId: childId });
    expect(history).toHaveLength(1);
    expect(history[0]!.withdrawnAt).not.toBeNull();
    expect((await failure(parent.consent.withdraw({ studentId: childId }))).code).toBe("CONFLICT");

    // Consent can be given again: a new record.
    await parent.consent.give({ studentId: childId, version: CURRENT_CONSENT_VERSION });
    expect(await child.consent.history({ studentId: childId })).toHaveLength(2);
  });

  it("keeps the child admitted while the other parent's consent stands", async () => {
    const { parent: mother, child, childId } = await linkedFamily();
    const father = await signedUpParent(h);
    await child.family.invite({ email: father.email });
    await father.family.accept({ token: await h.tokenFromEmail(father.email, "/invite") });
    await mother.consent.give({ studentId: childId, version: CURRENT_CONSENT_VERSION });
    await father.consent.give({ studentId: childId, version: CURRENT_CONSENT_VERSION });
    expect(await mother.consent.withdraw({ studentId: childId })).toMatchObject({ admitted: true });
    expect((await child.notifications.list({ limit: 1 })).items[0]!.title).toBe("Один из родителей отозвал согласие");
  });
});

describe("the consent text a parent reads", () => {
  it("names the configured operator with its address and the family's rights, in the current version", async () => {
    const { parent, childId } = await linkedFamily();
    const placeholder = (await parent.consent.text({ studentId: childId })).paragraphs.join("\n");
    expect(placeholder).toContain("укажите OPERATOR_NAME");

    h.deps.operator = { name: "АНО «Профнавигатор»", address: "123456, г. Москва, ул. Примерная, д. 1" };
    try {
      const text = await parent.consent.text({ studentId: childId });
      expect(text.version).toBe(CURRENT_CONSENT_VERSION);
      expect(text.version).not.toBe("2025-09-01");
      const all = text.paragraphs.join("\n");
      expect(all).toContain("оператору — АНО «Профнавигатор» (адрес: 123456, г. Москва, ул. Примерная, д. 1)");
      for (const right of ["доступ к ним", "уточнения", "отозвать настоящее согласие", "удаления персональных данных"]) expect(all).toContain(right);
    } finally {
      delete h.deps.operator;
    }
  });
});

describe("nobody sees or acts on another family's child", () => {
  it("refuses every procedure that takes a foreign child's id", async () => {
    const { childId } = await linkedFamily();
    const stranger = await signedUpParent(h);
    const otherStudent = await signedUpStudent(h);
    const mentor = h.client();
    await mentor.auth.login({ email: DEMO_ACCOUNTS.find((a) => a.role === "mentor")!.email, password: DEMO_PASSWORD });

    // Thunks, so each call starts only when the test awaits it.
    const attempts = (c: ReturnType<ApiHarness["client"]>) => [
      () => c.consent.text({ studentId: childId }),
      () => c.consent.give({ studentId: childId, version: CURRENT_CONSENT_VERSION }),
      () => c.consent.withdraw({ studentId: childId }),
      () => c.consent.history({ studentId: childId }),
      () => c.consent.admission({ studentId: childId }),
      () => c.family.child({ studentId: childId }),
    ];
    for (const caller of [stranger, otherStudent, mentor]) {
      for (const attempt of attempts(caller)) expect((await failure(attempt())).code).toBe("FORBIDDEN");
    }
    for (const attempt of attempts(h.client())) expect((await failure(attempt())).code).toBe("UNAUTHORIZED");
    const [stored] = await h.db.select().from(consents).where(eq(consents.studentId, childId));
    expect(stored).toBeUndefined();
  });

  it("shows the linked parent the child's card, and staff may look", async () => {
    const { parent, childId } = await linkedFamily();
    expect(await parent.family.child({ studentId: childId })).toMatchObject({
      child: { name: "Иванов Пётр Сергеевич", grade: 8, school: "Школа № 57", regionName: "Москва" },
      admission: { admitted: false, missing: ["consent"] },
    });
    const staff = h.client();
    await staff.auth.login({ email: DEMO_ACCOUNTS.find((a) => a.role === "staff")!.email, password: DEMO_PASSWORD });
    expect((await staff.consent.admission({ studentId: childId })).linkedParents).toBe(1);
    const links = await h.db.select().from(familyLinks).where(eq(familyLinks.studentId, childId));
    expect(links).toHaveLength(1);
  });
});
