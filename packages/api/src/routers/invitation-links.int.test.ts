import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "@bilet/auth";
import { family } from "@bilet/core";
import { invitations, notifications } from "@bilet/db";
import { createApiHarness, failure, signedUpParent, signedUpStudent, uniqueEmail, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h?.close();
});

const childForm = { lastName: "Орлова", firstName: "Дарья", birthDate: "2010-03-10", grade: 10, regionCode: "16", school: "Лицей № 2", password: "parol2026" };
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

describe("a copied invitation link for a child of 14 or more", () => {
  it("is single use for 7 days, stored as a hash; the child gives an address, confirms it, and the cabinets are linked", async () => {
    const parent = await signedUpParent(h);
    const { invitation, url } = await parent.family.createLink();
    expect(url).toMatch(/^http:\/\/bilet\.test\/invite\?token=[A-Za-z0-9_-]{43}$/);
    expect(invitation).toMatchObject({ inviteeEmail: null, inviteeRole: "student", state: "pending", sentCount: 1 });
    const days = (Date.parse(invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const token = tokenOf(url);
    const [stored] = await h.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(stored!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await h.client().family.preview({ token })).toMatchObject({ state: "pending", inviteeEmail: null, inviteeRole: "student", accountExists: false });

    // No address: a message beside the field, nothing spent.
    const noEmail = await failure(h.client().family.registerStudent({ token, ...childForm }));
    expect(noEmail.message).toBe("Укажите адрес электронной почты");

    const email = uniqueEmail("linkchild");
    const child = h.client();
    expect(await child.family.registerStudent({ token, ...childForm, email })).toEqual({ redirectTo: `/register/sent?email=${encodeURIComponent(email)}` });
    // The link does not prove the address: not signed in, and no sign-in before the letter is followed.
    expect(await child.auth.me()).toBeNull();
    expect((await failure(h.client().auth.login({ identifier: email, password: "parol2026" }))).message).toMatch(/ещё не подтверждена/);
    expect((await h.lastEmailTo(email))!.template).toBe("activation");

    // Linked at once, and the parent is told the child signs in after confirming the address.
    expect((await parent.family.linked()).map((c) => c.name)).toEqual(["Орлова Дарья"]);
    expect((await parent.family.sentInvitations())[0]).toMatchObject({ id: invitation.id, state: "accepted", acceptedByName: "Дарья Орлова" });
    const notice = (await parent.notifications.list()).items[0]!;
    expect(notice).toMatchObject({ type: "family.child_registered" });
    expect(notice.body).toContain("Войти ребёнок сможет, когда подтвердит адрес электронной почты");

    await child.auth.activate({ token: await h.tokenFromEmail(email, "/activate") });
    expect(await child.auth.me()).toMatchObject({ email, role: "student" });
    expect((await child.family.linked()).map((p) => p.email)).toEqual([parent.email]);

    const reuse = await failure(h.client().family.registerStudent({ token, ...childForm, email: uniqueEmail("second") }));
    expect(reuse.message).toBe("Это приглашение уже принято. Войдите в свой кабинет.");
  });

  it("does not tell whether a typed address has an account: its owner gets a letter, signs in and accepts with the same link", async () => {
    const parent = await signedUpParent(h);
    const existing = await signedUpStudent(h);
    const { url, invitation } = await parent.family.createLink();
    const token = tokenOf(url);
    expect(await h.client().family.registerStudent({ token, ...childForm, email: existing.email })).toEqual({ redirectTo: `/register/sent?email=${encodeURIComponent(existing.email)}` });
    expect((await h.lastEmailTo(existing.email))!.template).toBe("already_registered");
    expect((await parent.family.sentInvitations()).find((i) => i.id === invitation.id)!.state).toBe("pending");

    expect(await existing.family.accept({ token })).toEqual({ redirectTo: "/student" });
    expect((await existing.family.linked()).map((p) => p.email)).toEqual([parent.email]);
  });

  it("makes a new link on «again» (the old one dead), can be revoked, and is for parents only", async () => {
    const parent = await signedUpParent(h);
    const first = await parent.family.createLink();
    const again = await parent.family.resendInvitation({ invitationId: first.invitation.id });
    expect(again).toMatchObject({ id: first.invitation.id, sentCount: 2, state: "pending" });
    expect(again.url).toMatch(/\/invite\?token=/);
    expect(again.url).not.toBe(first.url);
    expect((await failure(h.client().family.preview({ token: tokenOf(first.url) }))).message).toMatch(/^Ссылка приглашения недействительна/);
    expect(await h.client().family.preview({ token: tokenOf(again.url!) })).toMatchObject({ state: "pending" });

    expect(await parent.family.revokeInvitation({ invitationId: first.invitation.id })).toMatchObject({ state: "revoked" });
    expect((await failure(h.client().family.registerStudent({ token: tokenOf(again.url!), ...childForm, email: uniqueEmail("late") }))).message).toBe("Приглашение отозвано отправителем.");

    // Each copy is its own invitation: two children, two links.
    const other = await parent.family.createLink();
    expect(other.invitation.id).not.toBe(first.invitation.id);

    const student = await signedUpStudent(h);
    expect((await failure(student.family.createLink())).code).toBe("FORBIDDEN");
  });

  it("is refused to a signed-in person of the other role, and an expired link is reported to the parent in words that fit a link", async () => {
    const parent = await signedUpParent(h);
    const { url, invitation } = await parent.family.createLink();
    const otherParent = await signedUpParent(h);
    expect((await failure(otherParent.family.accept({ token: tokenOf(url) }))).code).toBe("FORBIDDEN");

    await h.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitation.id));
    expect((await failure(h.client().family.registerStudent({ token: tokenOf(url), ...childForm, email: uniqueEmail("expired") }))).message).toMatch(/^Срок действия приглашения истёк/);
    await family.notifyExpiredInvitations(h.db);
    const parentId = (await parent.auth.me())!.id;
    const told = await h.db.select().from(notifications).where(eq(notifications.userId, parentId));
    expect(told.find((n) => n.type === "family.invitation_expired")!.body).toBe("Ссылкой-приглашением не воспользовались за 7 дней. Можно создать для неё новую ссылку.");
  });
});
