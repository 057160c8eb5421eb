import { and, desc, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notices, trials as trialService } from "@bilet/core";
import { emailOutbox, enrollments, notificationDeliveries, notifications, pushSubscriptions, trials } from "@bilet/db";
import { formatDateTime } from "@bilet/validators";
import { decryptPush, fakeSubscription, startPushEndpoint } from "../testing/push-endpoint.ts";
import { admittedFamily, createApiHarness, failure, staffAndMentor, newTrial, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
let staff: Awaited<ReturnType<typeof staffAndMentor>>["staff"];
let mentorId: string;

beforeAll(async () => {
  h = await createApiHarness();
  ({ staff, mentorId } = await staffAndMentor(h));
});
afterAll(async () => {
  await h?.close();
});

const trialAhead = (overrides: Record<string, unknown> = {}) => newTrial(staff, mentorId, { capacity: 5, ...overrides });

/** Letters about notices (not activation and the like), newest first. */
const lettersTo = (address: string) =>
  h.db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, address), like(emailOutbox.template, "notice%"))).orderBy(desc(emailOutbox.createdAt));
const deliveriesOf = async (userId: string) =>
  h.db
    .select({ channel: notificationDeliveries.channel, type: notifications.type, sentAt: notificationDeliveries.sentAt, dueAt: notificationDeliveries.dueAt, id: notificationDeliveries.id })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .where(eq(notificationDeliveries.userId, userId));
const idOf = async (c: { auth: { me(): Promise<{ id: string } | null> } }) => (await c.auth.me())!.id;

describe("a decision reaches a parent who is not on the site", () => {
  it("an enrollment stores the parent's notification and the letter with the trial's facts, in the same transaction", async () => {
    const { parent, student, studentId } = await admittedFamily(h);
    const trial = await trialAhead();
    const enrollment = await student.trials.enroll({ trialId: trial.id });

    const [asked] = (await parent.notifications.list({ limit: 1, unreadOnly: false })).items;
    expect(asked).toMatchObject({ type: "trial.approval_requested", link: `/parent/children/${studentId}#enrollment-${enrollment.id}` });
    const [letter] = await lettersTo(parent.email);
    expect(letter).toMatchObject({ template: "notice:trial.approval_requested", subject: "Ребёнок записался на пробу, подтвердите участие — «Билет в будущее»" });
    expect(letter!.textBody).toContain("Здравствуйте, Ольга!");
    expect(letter!.textBody).toContain(`«${trial.title}»`);
    expect(letter!.textBody).toContain(`Когда: ${formatDateTime(trial.startsAt)}, 90 мин.`);
    expect(letter!.textBody).toContain("Где: очно: Москва, ул. Профсоюзная, 1.");
    expect(letter!.textBody).toContain("Наставник: Павел Кузнецов.");
    expect(letter!.textBody).toContain(`Подтвердить или отклонить участие: http://bilet.test/parent/children/${studentId}#enrollment-${enrollment.id}`);
    expect(letter!.htmlBody).toContain(`href="http://bilet.test/parent/children/${studentId}#enrollment-${enrollment.id}"`);
    // A repeated request is the same enrollment and sends nothing new.
    await student.trials.enroll({ trialId: trial.id });
    expect(await lettersTo(parent.email)).toHaveLength(1);
  });

  it("a seat offered from the waiting list is a decision too: the next parent's letter goes at once", async () => {
    const trial = await trialAhead({ capacity: 1 });
    const first = await admittedFamily(h);
    const next = await admittedFamily(h);
    const held = await first.student.trials.enroll({ trialId: trial.id });
    const waiting = await next.student.trials.enroll({ trialId: trial.id });
    expect(waiting.status).toBe("waitlisted");
    expect(await lettersTo(next.parent.email)).toHaveLength(0);
    await first.parent.trials.decline({ enrollmentId: held.id });
    const [letter] = await lettersTo(next.parent.email);
    expect(letter).toMatchObject({ template: "notice:trial.approval_requested" });
    expect(letter!.textBody).toContain(`Наставник: Павел Кузнецов.`);
    expect(letter!.textBody).toContain(`/parent/children/${next.studentId}#enrollment-${waiting.id}`);
  });

  it("a rollback leaves neither: when the letter cannot be stored, the seat, the notice and the letter all stay away", async () => {
    const { parent, student, studentId } = await admittedFamily(h);
    const trial = await trialAhead();
    // The outbox refuses this parent's letters: the failure happens after the notice was inserted, in the same call.
    await h.db.execute(sql.raw(`create function refuse_letter() returns trigger language plpgsql as $$ begin raise exception 'outbox down'; end $$`));
    await h.db.execute(sql.raw(`create trigger refuse_letter before insert on email_outbox for each row when (new.to_address = '${parent.email}') execute function refuse_letter()`));
    try {
      await expect(student.trials.enroll({ trialId: trial.id })).rejects.toThrow();
    } finally {
      await h.db.execute(sql.raw(`drop trigger refuse_letter on email_outbox`));
      await h.db.execute(sql.raw(`drop function refuse_letter()`));
    }
    expect(await h.db.select().from(enrollments).where(eq(enrollments.studentId, studentId))).toEqual([]);
    expect((await parent.notifications.list({ limit: 10, unreadOnly: false })).items.filter((n) => n.type === "trial.approval_requested")).toEqual([]);
    expect(await lettersTo(parent.email)).toHaveLength(0);
    expect((await staff.trials.byId({ trialId: trial.id })).freeSeats).toBe(5);

    // The same inside a caller's transaction that rolls back.
    const rollback = new Error("rollback");
    await expect(
      h.db.transaction(async (tx) => {
        await trialService.enroll({ ...h.deps, db: tx as never }, { id: studentId, role: "student" }, trial.id, { ip: null, userAgent: null });
        expect(await tx.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, parent.email), eq(emailOutbox.template, "notice:trial.approval_requested")))).toHaveLength(1);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await lettersTo(parent.email)).toHaveLength(0);
    expect((await parent.notifications.list({ limit: 10, unreadOnly: false })).items.filter((n) => n.type === "trial.approval_requested")).toEqual([]);
  });

  it("a reminder goes once, 12 hours before the deadline, when nobody has decided", async () => {
    const { parent, student } = await admittedFamily(h);
    const trial = await trialAhead();
    const e = await student.trials.enroll({ trialId: trial.id });
    const reminders = async () => (await parent.notifications.list({ limit: 20, unreadOnly: false })).items.filter((n) => n.type === "trial.approval_reminder");
    // 48 hours ahead: too early.
    expect(await trialService.remindPendingApprovals(h.db)).toBe(0);
    // 11 hours left, but the request came just now: no second letter on its heels.
    await h.db.update(enrollments).set({ approvalDueAt: new Date(Date.now() + 11 * 3600_000) }).where(eq(enrollments.id, e.id));
    expect(await trialService.remindPendingApprovals(h.db)).toBe(0);
    // The request is 37 hours old now.
    await h.db.execute(sql`update notifications set created_at = now() - interval '37 hours' where type = 'trial.approval_requested' and data->>'enrollmentId' = ${e.id}`);
    expect(await trialService.remindPendingApprovals(h.db, "http://bilet.test")).toBe(1);
    expect(await trialService.remindPendingApprovals(h.db, "http://bilet.test")).toBe(0);
    expect(await reminders()).toHaveLength(1);
    const [letter] = await lettersTo(parent.email);
    expect(letter).toMatchObject({ template: "notice:trial.approval_reminder", subject: "Напоминание: подтвердите участие ребёнка в пробе — «Билет в будущее»" });
    expect(letter!.textBody).toContain(`Когда: ${formatDateTime(trial.startsAt)}`);
    expect(letter!.textBody).toMatch(/Решение нужно до \d+ \S+ \d{4} г\., \d\d:\d\d \(мск\)/);
    const [row] = await h.db.select().from(enrollments).where(eq(enrollments.id, e.id));
    expect(row!.approvalRemindedAt).not.toBeNull();

    // A decided request is not reminded of.
    const other = await admittedFamily(h);
    const decided = await other.student.trials.enroll({ trialId: trial.id });
    await other.parent.trials.approve({ enrollmentId: decided.id });
    await h.db.update(enrollments).set({ approvalDueAt: new Date(Date.now() + 3600_000) }).where(eq(enrollments.id, decided.id));
    expect(await trialService.remindPendingApprovals(h.db)).toBe(0);
  });
});

describe("digests and preferences", () => {
  it("groups informational notices of a few minutes into one letter, with an unsubscribe link that needs a click", async () => {
    const { parent } = await admittedFamily(h);
    const parentId = await idOf(parent);
    // New sign-ins are informational: no letter unless asked for.
    await h.client().auth.login({ email: parent.email, password: "parol2026" });
    expect((await deliveriesOf(parentId)).filter((d) => d.type === "security.login")).toEqual([]);

    await parent.notificationSettings.save({ choices: [{ kind: "sign_in", email: true, push: false }] });
    await h.client({ userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile" }).auth.login({ email: parent.email, password: "parol2026" });
    await h.client({ userAgent: "Mozilla/5.0 (Windows NT 10.0) Firefox/130.0" }).auth.login({ email: parent.email, password: "parol2026" });
    const pending = (await deliveriesOf(parentId)).filter((d) => d.type === "security.login");
    expect(pending.map((d) => d.channel)).toEqual(["email", "email"]);
    // They wait a few minutes for company.
    expect(pending.every((d) => d.dueAt.getTime() > Date.now() + 60_000)).toBe(true);
    const before = (await lettersTo(parent.email)).length;
    expect(await notices.sendEmailDigests(h.db, "http://bilet.test")).toBe(0);

    // The first is due: both go, as one letter.
    await h.db.update(notificationDeliveries).set({ dueAt: new Date(Date.now() - 1000) }).where(eq(notificationDeliveries.id, pending[0]!.id));
    expect(await notices.sendEmailDigests(h.db, "http://bilet.test")).toBe(1);
    expect(await notices.sendEmailDigests(h.db, "http://bilet.test")).toBe(0);
    const letters = await lettersTo(parent.email);
    expect(letters).toHaveLength(before + 1);
    const digest = letters[0]!;
    // The two sign-ins, and the important notice still waiting from the family's linking: one letter.
    expect(digest).toMatchObject({ template: "notice_digest", subject: "Новые уведомления (3) — «Билет в будущее»" });
    expect(digest.textBody.match(/^Новый вход в учётную запись$/gm)).toHaveLength(2);
    expect(digest.textBody).toContain("Регистрация ребёнка завершена");
    expect(digest.textBody).toContain("Android");
    expect(digest.textBody).toContain("Firefox");
    expect((await deliveriesOf(parentId)).every((d) => d.sentAt !== null)).toBe(true);

    // The unsubscribe link: GET shows what it switches off; only the click (a POST) does it; no sign-in needed.
    const link = new URL(/Не присылать мне письма «[^»]+»: (\S+)/.exec(digest.textBody)![1]!);
    expect(link.origin + link.pathname).toBe("http://bilet.test/unsubscribe");
    const token = { u: link.searchParams.get("u")!, k: link.searchParams.get("k")!, s: link.searchParams.get("s")! };
    const anonymous = h.client();
    expect(await anonymous.notificationSettings.unsubscribePreview(token)).toEqual({ label: "Новый вход в учётную запись и привязка Госуслуг", emailOn: true });
    expect((await parent.notificationSettings.get()).kinds.find((k) => k.kind === "sign_in")!.email).toBe(true);
    expect((await failure(anonymous.notificationSettings.unsubscribe({ ...token, k: "family" }))).message).toMatch(/Ссылка для отписки повреждена/);
    expect((await failure(anonymous.notificationSettings.unsubscribe({ ...token, s: token.s.replace(/^./, (c) => (c === "A" ? "B" : "A")) }))).code).toBe("BAD_REQUEST");
    await anonymous.notificationSettings.unsubscribe(token);
    expect((await parent.notificationSettings.get()).kinds.find((k) => k.kind === "sign_in")).toMatchObject({ email: false, push: false });
    await h.client().auth.login({ email: parent.email, password: "parol2026" });
    expect((await deliveriesOf(parentId)).filter((d) => d.sentAt === null)).toEqual([]);
  });

  it("sends important notices in the digest by default, and honours a choice made after they were stored", async () => {
    const { parent, student, studentId } = await admittedFamily(h);
    const studentUserId = studentId;
    // Consent withdrawn is important for the student: an email delivery waits for the digest.
    await parent.consent.withdraw({ studentId });
    const waiting = (await deliveriesOf(studentUserId)).filter((d) => d.type === "consent.withdrawn" && d.channel === "email");
    expect(waiting).toHaveLength(1);
    // The student switches these letters off before the digest goes: nothing is sent.
    await student.notificationSettings.save({ choices: [{ kind: "admission", email: false, push: true }] });
    await h.db.update(notificationDeliveries).set({ dueAt: new Date(Date.now() - 1000) }).where(eq(notificationDeliveries.userId, studentUserId));
    const before = (await lettersTo(student.email)).length;
    await notices.sendEmailDigests(h.db, "http://bilet.test");
    expect(await lettersTo(student.email)).toHaveLength(before);
    expect((await deliveriesOf(studentUserId)).every((d) => d.sentAt !== null)).toBe(true);
    // And the next one is not even queued.
    await parent.consent.give({ studentId, version: (await parent.consent.text({ studentId })).version });
    await parent.consent.withdraw({ studentId });
    expect((await deliveriesOf(studentUserId)).filter((d) => d.sentAt === null)).toEqual([]);
  });

  it("a trial moved: the student and the parent are told, and the parent's digest letter has the trial's new facts", async () => {
    const { parent, student, studentId } = await admittedFamily(h);
    const parentId = await idOf(parent);
    const trial = await trialAhead();
    const e = await student.trials.enroll({ trialId: trial.id });
    await parent.trials.approve({ enrollmentId: e.id });
    const later = new Date(Date.parse(trial.startsAt) + 2 * 3600_000);
    const input = {
      trialId: trial.id,
      competencyCode: trial.competencyCode,
      title: trial.title,
      description: trial.description,
      level: trial.level,
      format: trial.format,
      regionCode: trial.regionCode ?? undefined,
      address: trial.address ?? undefined,
      durationMinutes: trial.durationMinutes,
      capacity: trial.capacity,
      minGrade: trial.minGrade,
      maxGrade: trial.maxGrade,
      enrollDeadline: trial.enrollDeadline,
    };
    await staff.trials.update({ ...input, startsAt: later.toISOString() });

    const [told] = (await student.notifications.list({ limit: 1, unreadOnly: false })).items;
    expect(told).toMatchObject({ type: "trial.moved", title: `Проба «${trial.title}» перенесена` });
    expect(told!.body).toContain(`Теперь: ${formatDateTime(later)}, 90 мин.`);
    const [asked] = (await parent.notifications.list({ limit: 1, unreadOnly: false })).items;
    expect(asked).toMatchObject({ type: "trial.moved", link: `/parent/children/${studentId}#enrollment-${e.id}` });

    // Important: the parent's letter waits for the digest, then carries the trial's facts as they are now.
    await h.db.update(notificationDeliveries).set({ dueAt: new Date(Date.now() - 1000) }).where(eq(notificationDeliveries.userId, parentId));
    await notices.sendEmailDigests(h.db, "http://bilet.test");
    const [letter] = await lettersTo(parent.email);
    expect(letter!.textBody).toContain(`Проба «${trial.title}» перенесена`);
    expect(letter!.textBody).toContain(`Проба: «${trial.title}».\nКогда: ${formatDateTime(later)}, 90 мин.\nГде: очно: Москва, ул. Профсоюзная, 1.`);
    // A change of the description alone tells nobody.
    const before = (await parent.notifications.list({ limit: 50, unreadOnly: false })).items.length;
    await staff.trials.update({ ...input, startsAt: later.toISOString(), description: "Другое описание" });
    expect((await parent.notifications.list({ limit: 50, unreadOnly: false })).items).toHaveLength(before);
  });

  it("shows each person the kinds of their role, refuses to leave a decision in the cabinet only, and keeps choices per person", async () => {
    const { parent, student } = await admittedFamily(h);
    const mine = await parent.notificationSettings.get();
    expect(mine.kinds.find((k) => k.kind === "trial_approval")).toMatchObject({ class: "decision", email: true, push: true, label: "Запись ребёнка на пробу: нужно ваше решение" });
    expect(mine.kinds.find((k) => k.kind === "sign_in")).toMatchObject({ class: "informational", email: false, push: false });
    expect(mine.kinds.find((k) => k.kind === "requests")).toMatchObject({ emailOffered: false, pushOffered: true });
    expect(mine.vapidPublicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect((await student.notificationSettings.get()).kinds.map((k) => k.kind)).not.toContain("trial_approval");

    const refused = await failure(parent.notificationSettings.save({ choices: [{ kind: "trial_approval", email: false, push: false }] }));
    expect(refused.message).toBe("Уведомления, где нужно ваше решение, нельзя оставить только в кабинете: выберите письмо, телефон или оба способа");
    expect((await failure(student.notificationSettings.save({ choices: [{ kind: "trial_approval", email: true, push: true }] }))).message).toBe("Такого вида уведомлений в вашем кабинете нет");
    expect((await failure(parent.notificationSettings.save({ choices: [{ kind: "nonsense", email: true, push: true }] }))).code).toBe("BAD_REQUEST");
    expect((await parent.notificationSettings.get()).kinds.find((k) => k.kind === "trial_approval")).toMatchObject({ email: true, push: true });
    expect((await failure(h.client().notificationSettings.get())).code).toBe("UNAUTHORIZED");
  });

  it("a parent who chose push only for approvals gets no letter while a device is subscribed, and a letter again once none is", async () => {
    const { parent, student } = await admittedFamily(h);
    const parentId = await idOf(parent);
    await parent.notificationSettings.save({ choices: [{ kind: "trial_approval", email: false, push: true }] });
    // No device yet: the decision still goes by email.
    await student.trials.enroll({ trialId: (await trialAhead()).id });
    expect(await lettersTo(parent.email)).toHaveLength(1);
    expect((await deliveriesOf(parentId)).filter((d) => d.channel === "push")).toEqual([]);

    const device = fakeSubscription("https://push.example.invalid/send/abc");
    await parent.notificationSettings.subscribe(device.json);
    await student.trials.enroll({ trialId: (await trialAhead()).id });
    expect(await lettersTo(parent.email)).toHaveLength(1);
    expect((await deliveriesOf(parentId)).filter((d) => d.channel === "push" && d.type === "trial.approval_requested")).toHaveLength(1);

    // Devices are per person: another parent cannot remove this one.
    const [stored] = await h.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, parentId));
    const stranger = await admittedFamily(h);
    await stranger.parent.notificationSettings.removeDevice({ id: stored!.id });
    expect((await parent.notificationSettings.get()).devices).toHaveLength(1);
    await parent.notificationSettings.removeDevice({ id: stored!.id });
    expect((await parent.notificationSettings.get()).devices).toEqual([]);
    // Without a device, push cannot carry the decision: the letter goes again.
    await student.trials.enroll({ trialId: (await trialAhead()).id });
    expect(await lettersTo(parent.email)).toHaveLength(2);
  });
});

describe("push", () => {
  it("is signed with VAPID and encrypted for the subscription, and a 410 removes the subscription", async () => {
    const { publicKey } = await notices.vapidKeys(h.db);
    const endpoint = await startPushEndpoint(publicKey);
    try {
      const { parent, student, studentId } = await admittedFamily(h);
      const parentId = await idOf(parent);
      const phone = fakeSubscription(`${endpoint.origin}/push/phone`);
      const old = fakeSubscription(`${endpoint.origin}/gone/old-laptop`);
      await parent.notificationSettings.subscribe(phone.json);
      await parent.notificationSettings.subscribe(old.json);
      expect((await parent.notificationSettings.get()).devices).toHaveLength(2);

      const enrollment = await student.trials.enroll({ trialId: (await trialAhead()).id });
      expect(await notices.sendDuePushes(h.db, { agent: endpoint.agent })).toBe(1);
      expect(await notices.sendDuePushes(h.db, { agent: endpoint.agent })).toBe(0);

      const delivered = endpoint.received.find((r) => r.path === "/push/phone")!;
      expect(delivered.vapid).toMatchObject({ ok: true, claims: { aud: endpoint.origin } });
      if (delivered.vapid.ok) {
        expect(delivered.vapid.claims.sub).toMatch(/^mailto:/);
        expect(delivered.vapid.claims.exp * 1000).toBeGreaterThan(Date.now());
      }
      expect(delivered.encoding).toBe("aes128gcm");
      expect(delivered.urgency).toBe("high");
      expect(decryptPush(delivered.body, phone)).toEqual({
        title: "Ребёнок записался на пробу, подтвердите участие",
        body: expect.stringContaining("запись на профессиональную пробу"),
        url: `/parent/children/${studentId}#enrollment-${enrollment.id}`,
        tag: expect.any(String),
      });
      // The payload cannot be read with another subscription's keys.
      expect(() => decryptPush(delivered.body, old)).toThrow();

      // The push service said 410 for the old laptop: that subscription is gone, the phone stays.
      expect(endpoint.received.some((r) => r.path === "/gone/old-laptop")).toBe(true);
      const left = await h.db.select({ endpoint: pushSubscriptions.endpoint, lastSentAt: pushSubscriptions.lastSentAt }).from(pushSubscriptions).where(eq(pushSubscriptions.userId, parentId));
      expect(left).toEqual([{ endpoint: phone.json.endpoint, lastSentAt: expect.any(Date) }]);
      const [delivery] = await h.db
        .select()
        .from(notificationDeliveries)
        .where(and(eq(notificationDeliveries.userId, parentId), eq(notificationDeliveries.channel, "push")));
      expect(delivery!.sentAt).not.toBeNull();
    } finally {
      await endpoint.close();
    }
  });

  it("refuses a subscription that is not a browser's https endpoint", async () => {
    const { parent } = await admittedFamily(h);
    const bad = fakeSubscription("http://127.0.0.1:9/steal");
    expect((await failure(parent.notificationSettings.subscribe(bad.json))).code).toBe("BAD_REQUEST");
    expect((await failure(parent.notificationSettings.subscribe({ ...fakeSubscription("https://push.example.invalid/x").json, keys: { p256dh: "x", auth: "y" } }))).code).toBe("BAD_REQUEST");
  });
});

describe("a mentor is reminded of a trial within a day, once", () => {
  it("reminds each assigned mentor once", async () => {
    const trial = await trialAhead();
    const startsAt = new Date(Date.now() + 20 * 3600_000);
    await h.db.update(trials).set({ startsAt, enrollDeadline: new Date(Date.now() + 3600_000) }).where(eq(trials.id, trial.id));
    expect(await notices.remindMentorsOfTrials(h.db)).toBe(1);
    expect(await notices.remindMentorsOfTrials(h.db)).toBe(0);
    const sent = (await h.db.select().from(notifications).where(and(eq(notifications.userId, mentorId), eq(notifications.type, "trial.starts_soon")))).filter((n) => n.data.trialId === trial.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ title: `Скоро проба «${trial.title}»: ${formatDateTime(startsAt)}`, link: `/mentor/trials/${trial.id}` });
  });
});
