import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDateTime } from "@bilet/validators";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import { trials as trialService } from "@bilet/core";
import { consents, enrollments, familyLinks, queryRows, studentProfiles, trials, users } from "@bilet/db";
import { admittedFamily, createApiHarness, dayFromToday, staffAndMentor, newTrial, signedUpParent, signedUpStudent, studentForm, type ApiHarness, failure } from "../testing/index.ts";

let h: ApiHarness;
let staff: Awaited<ReturnType<typeof staffAndMentor>>["staff"];
let mentor: Awaited<ReturnType<typeof staffAndMentor>>["mentor"];
let mentorId: string;
const day = dayFromToday;

beforeAll(async () => {
  h = await createApiHarness();
  ({ staff, mentor, mentorId } = await staffAndMentor(h));
});
afterAll(async () => {
  await h?.close();
});


const trialAhead = (overrides: Record<string, unknown> = {}) => newTrial(staff, mentorId, overrides);

describe("the whole path of a trial", () => {
  it("enroll → parent asked → approve → student told → mentor marks present → parent told → feedback → rating", async () => {
    const { parent, student, studentId } = await admittedFamily(h);
    const trial = await trialAhead();
    expect(trial).toMatchObject({ freeSeats: 2, mentors: ["Павел Кузнецов"], competencyName: "Аддитивное производство (3D-печать)" });

    const enrollment = await student.trials.enroll({ trialId: trial.id });
    expect(enrollment.status).toBe("awaiting_approval");
    // A double click is the same enrollment.
    expect((await student.trials.enroll({ trialId: trial.id })).id).toBe(enrollment.id);
    expect((await staff.trials.byId({ trialId: trial.id })).freeSeats).toBe(1);

    const [asked] = (await parent.notifications.list({ limit: 1 })).items;
    expect(asked).toMatchObject({ type: "trial.approval_requested", title: "Ребёнок записался на пробу, подтвердите участие", data: { enrollmentId: enrollment.id } });

    expect((await parent.trials.approve({ enrollmentId: enrollment.id })).status).toBe("confirmed");
    const [told] = (await student.notifications.list({ limit: 1 })).items;
    expect(told!.type).toBe("trial.approved");
    expect(told!.title).toContain("подтверждено");
    expect((await failure(parent.trials.approve({ enrollmentId: enrollment.id }))).message).toBe("Участие уже подтверждено");

    // The trial takes place.
    await h.db.update(trials).set({ startsAt: new Date(Date.now() - 3600_000) }).where(eq(trials.id, trial.id));
    const rosterBefore = await mentor.trials.roster({ trialId: trial.id });
    expect(rosterBefore.items).toEqual([expect.objectContaining({ enrollmentId: enrollment.id, name: "Иванов Пётр Сергеевич", status: "confirmed", attendance: null })]);
    await mentor.trials.markAttendance({ enrollmentId: enrollment.id, mark: "present" });
    const [attended] = (await parent.notifications.list({ limit: 1 })).items;
    expect(attended).toMatchObject({ type: "trial.attendance_marked", title: "Отмечено присутствие: Пётр" });

    await mentor.trials.leaveFeedback({ enrollmentId: enrollment.id, performance: 5, interest: 4, comment: "Собрал модель сам" });
    await student.trials.rate({ enrollmentId: enrollment.id, rating: 5, comment: "Очень интересно" });
    const mine = await student.trials.mine();
    expect(mine[0]).toMatchObject({ status: "confirmed", attendance: "present", feedback: { performance: 5, interest: 4 }, rating: { rating: 5 } });
    expect(await parent.trials.ofChild({ studentId })).toEqual(mine);
  });
});

describe("enrollment is refused with a clear reason", () => {
  it("without the parent's consent, outside the grades, past the deadline, outside the season, when cancelled, or overlapping", async () => {
    const lone = await signedUpStudent(h);
    const trial = await trialAhead();
    expect((await failure(lone.trials.enroll({ trialId: trial.id }))).message).toMatch(/после связки с кабинетом родителя/);

    const { student } = await admittedFamily(h);
    const seniors = await trialAhead({ minGrade: 10, maxGrade: 11 });
    expect((await failure(student.trials.enroll({ trialId: seniors.id }))).message).toBe("Эта проба для 10–11 классов");

    const late = await trialAhead();
    await h.db.update(trials).set({ enrollDeadline: new Date(Date.now() - 1000) }).where(eq(trials.id, late.id));
    expect((await failure(student.trials.enroll({ trialId: late.id }))).message).toBe("Запись на эту пробу закрыта: срок записи прошёл");

    // Staff cannot create a trial outside the season; one left outside by a later change of the calendar refuses enrollments.
    const offSeason = await trialAhead();
    await h.db.update(trials).set({ startsAt: new Date(Date.now() + 200 * 86_400_000), enrollDeadline: new Date(Date.now() + 150 * 86_400_000) }).where(eq(trials.id, offSeason.id));
    expect((await failure(student.trials.enroll({ trialId: offSeason.id }))).message).toMatch(/^Проба проходит вне сезона практических мероприятий/);

    const cancelled = await trialAhead();
    await staff.trials.cancelTrial({ trialId: cancelled.id });
    expect((await failure(student.trials.enroll({ trialId: cancelled.id }))).message).toBe("Проба отменена");

    const first = await trialAhead();
    await student.trials.enroll({ trialId: first.id });
    const overlapping = await trialAhead({ startsAt: new Date(Date.parse(first.startsAt) + 30 * 60_000).toISOString(), enrollDeadline: first.enrollDeadline });
    expect((await failure(student.trials.enroll({ trialId: overlapping.id }))).message).toBe(`В это время у тебя другая проба: «${first.title}»`);
    expect(await h.db.select().from(enrollments).where(eq(enrollments.trialId, overlapping.id))).toEqual([]);
  });

  it("refuses bad trial input from staff with Russian messages", async () => {
    const bad = await failure(staff.trials.create({ competencyCode: "", title: "x", level: "intro", format: "online", startsAt: "когда-нибудь", durationMinutes: 5, capacity: 0, minGrade: 9, maxGrade: 7, enrollDeadline: "вчера" } as never));
    expect(bad.code).toBe("BAD_REQUEST");
  });
});

describe("capacity and the waiting list", () => {
  it("puts students on a waiting list when full and promotes it in order on decline, cancel and expiry", async () => {
    const trial = await trialAhead({ capacity: 1 });
    const families = [await admittedFamily(h), await admittedFamily(h), await admittedFamily(h), await admittedFamily(h)];
    const placed = [];
    for (const f of families) placed.push(await f.student.trials.enroll({ trialId: trial.id }));
    const [a, b, c, d] = placed;
    expect([a!.status, b!.status, c!.status, d!.status]).toEqual(["awaiting_approval", "waitlisted", "waitlisted", "waitlisted"]);
    // Each waiting student, and their parent, sees the place in the queue.
    const places = async () => Promise.all(families.map(async (f) => (await f.student.trials.mine())[0]!.waitlistPosition));
    expect(await places()).toEqual([null, 1, 2, 3]);
    expect((await families[3]!.parent.trials.ofChild({ studentId: families[3]!.studentId }))[0]!.waitlistPosition).toBe(3);

    await families[0]!.parent.trials.decline({ enrollmentId: a!.id });
    expect((await families[1]!.student.trials.mine())[0]!.status).toBe("awaiting_approval");
    expect(await places()).toEqual([null, null, 1, 2]);
    expect((await families[1]!.student.notifications.list({ limit: 1 })).items[0]!.type).toBe("trial.seat_freed");
    expect((await families[1]!.parent.notifications.list({ limit: 1 })).items[0]!.type).toBe("trial.approval_requested");

    await families[1]!.student.trials.cancel({ enrollmentId: b!.id });
    expect((await families[2]!.student.trials.mine())[0]!.status).toBe("awaiting_approval");

    // No decision in time: the seat goes to the next.
    await h.db.update(enrollments).set({ approvalDueAt: new Date(Date.now() - 1000) }).where(eq(enrollments.id, c!.id));
    expect(await trialService.expireStaleApprovals(h.db)).toBe(1);
    expect(await trialService.expireStaleApprovals(h.db)).toBe(0);
    expect((await families[2]!.student.trials.mine())[0]!.status).toBe("expired");
    expect((await families[2]!.parent.notifications.list({ limit: 1 })).items[0]!.type).toBe("trial.approval_expired");
    expect((await families[3]!.student.trials.mine())[0]!.status).toBe("awaiting_approval");
    expect(await trialService.countHeldSeats(h.db, trial.id)).toBe(1);
  });

  it("holds a seat for the configured approval time (48 h by default)", async () => {
    const { student } = await admittedFamily(h);
    const e = await student.trials.enroll({ trialId: (await trialAhead()).id });
    const hours = (Date.parse(e.approvalDueAt!) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);
  });

  it("the write re-checks what may change after the rules were read: consent and the trial's status", async () => {
    const { parent, studentId } = await admittedFamily(h);
    const trial = await trialAhead();
    // What enroll() sends once its rules passed; here the world changed in between.
    const write = async () => {
      const [row] = await queryRows<{ answer: unknown }>(h.db, sql`select enroll_student(gen_random_uuid(), ${trial.id}, ${studentId}, now() + interval '48 hours', '[]'::jsonb, null) as answer`);
      return row!.answer;
    };
    await parent.consent.withdraw({ studentId });
    expect(await write()).toEqual({ refused: "not_admitted" });
    await parent.consent.give({ studentId, version: CURRENT_CONSENT_VERSION });
    await staff.trials.cancelTrial({ trialId: trial.id });
    expect(await write()).toEqual({ refused: "trial_cancelled" });
    expect(await h.db.select().from(enrollments).where(eq(enrollments.trialId, trial.id))).toEqual([]);
  });

  it("withdrawn consent cancels enrollments that are not yet confirmed", async () => {
    const { parent, student, studentId } = await admittedFamily(h);
    const trial = await trialAhead();
    await student.trials.enroll({ trialId: trial.id });
    await parent.consent.withdraw({ studentId });
    expect((await student.trials.mine())[0]!.status).toBe("cancelled");
    expect((await staff.trials.byId({ trialId: trial.id })).freeSeats).toBe(2);
  });

  it("200 concurrent enrollments (50 of them double clicks) into 20 seats: exactly 20 hold a seat and 180 wait", async () => {
    const trial = await trialAhead({ capacity: 20 });
    const [parent] = await h.db.insert(users).values({ email: `crowd-parent-${Date.now()}@example.ru`, role: "parent", lastName: "Р", firstName: "Р", activatedAt: new Date() }).returning();
    const students = await h.db
      .insert(users)
      .values(Array.from({ length: 200 }, (_, i) => ({ email: `crowd-${Date.now()}-${i}@example.ru`, role: "student" as const, lastName: "Участник", firstName: `N${i}`, activatedAt: new Date() })))
      .returning({ id: users.id });
    await h.db.insert(studentProfiles).values(students.map((s) => ({ userId: s.id, birthDate: "2011-01-01", grade: 8, regionCode: "77", school: "Школа" })));
    // One parent of many children keeps the setup light; each child is admitted by that parent's consent.
    await h.db.insert(familyLinks).values(students.map((s) => ({ parentId: parent!.id, studentId: s.id })));
    await h.db.insert(consents).values(students.map((s) => ({ parentId: parent!.id, studentId: s.id, documentVersion: CURRENT_CONSENT_VERSION, method: "password" as const })));

    const meta = { ip: null, userAgent: null };
    const enroll = (s: { id: string }) => trialService.enroll(h.deps, { id: s.id, role: "student" }, trial.id, meta);
    // The first 50 double-click: both requests race, and both get the same enrollment.
    const answers = await Promise.all(students.map((s, i) => Promise.all(i < 50 ? [enroll(s), enroll(s)] : [enroll(s)])));
    const results = answers.map(([first]) => first!);
    for (const [first, second] of answers.slice(0, 50)) expect(second!.id).toBe(first!.id);
    // Later retries change nothing either.
    expect((await Promise.all(students.slice(0, 50).map(enroll))).map((r) => r.id)).toEqual(results.slice(0, 50).map((r) => r.id));

    expect(results.filter((r) => r.status === "awaiting_approval")).toHaveLength(20);
    expect(results.filter((r) => r.status === "waitlisted")).toHaveLength(180);
    const rows = await h.db.select().from(enrollments).where(eq(enrollments.trialId, trial.id));
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.studentId)).size).toBe(200);
    const [stored] = await h.db.select({ seatsTaken: trials.seatsTaken }).from(trials).where(eq(trials.id, trial.id));
    expect(stored!.seatsTaken).toBe(20);
    expect(await trialService.countHeldSeats(h.db, trial.id)).toBe(20);

    // Declines move the list in the order students joined it.
    // In the database's order: JavaScript dates drop the microseconds that tell near-simultaneous joins apart.
    const waiting = await h.db
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.trialId, trial.id), eq(enrollments.status, "waitlisted")))
      .orderBy(asc(enrollments.waitlistedAt), asc(enrollments.createdAt), asc(enrollments.id));
    const holders = rows.filter((r) => r.status === "awaiting_approval").slice(0, 3);
    for (const e of holders) await trialService.declineEnrollment(h.deps, { id: parent!.id, role: "parent" }, e.id, meta);
    const promoted = await h.db.select().from(enrollments).where(and(eq(enrollments.trialId, trial.id), inArray(enrollments.id, waiting.slice(0, 3).map((w) => w.id))));
    expect(promoted.map((p) => p.status)).toEqual(["awaiting_approval", "awaiting_approval", "awaiting_approval"]);
    expect(await trialService.countHeldSeats(h.db, trial.id)).toBe(20);
  });
});

describe("nobody sees or acts on another family's or another mentor's data", () => {
  it("refuses foreign ids for every procedure", async () => {
    const { student, studentId } = await admittedFamily(h);
    const trial = await trialAhead();
    const e = await student.trials.enroll({ trialId: trial.id });
    const strangerParent = await signedUpParent(h);
    const strangerStudent = await signedUpStudent(h);
    const otherTrial = await staff.trials.create({
      competencyCode: "cooking",
      title: "Поварское дело: без наставника",
      level: "basic",
      format: "online",
      link: "https://example.ru/room",
      startsAt: new Date(Date.now() + 9 * 86_400_000).toISOString(),
      durationMinutes: 60,
      capacity: 5,
      minGrade: 6,
      maxGrade: 11,
      enrollDeadline: new Date(Date.now() + 8 * 86_400_000).toISOString(),
    });

    expect((await failure(strangerParent.trials.approve({ enrollmentId: e.id }))).code).toBe("FORBIDDEN");
    expect((await failure(strangerParent.trials.decline({ enrollmentId: e.id }))).code).toBe("FORBIDDEN");
    expect((await failure(strangerParent.trials.ofChild({ studentId }))).code).toBe("FORBIDDEN");
    expect((await failure(strangerStudent.trials.cancel({ enrollmentId: e.id }))).code).toBe("NOT_FOUND");
    expect((await failure(strangerStudent.trials.rate({ enrollmentId: e.id, rating: 1, comment: "" }))).code).toBe("NOT_FOUND");
    expect((await failure(strangerStudent.trials.approve({ enrollmentId: e.id }))).code).toBe("FORBIDDEN");
    expect((await failure(mentor.trials.roster({ trialId: otherTrial.id }))).message).toBe("Это не ваша проба");
    expect((await failure(student.trials.roster({ trialId: trial.id }))).code).toBe("FORBIDDEN");
    expect((await failure(student.trials.create({} as never))).code).toBe("FORBIDDEN");
    expect((await failure(mentor.trials.cancelTrial({ trialId: trial.id }))).code).toBe("FORBIDDEN");
    expect((await mentor.trials.mentorTrials()).items.map((t) => t.id)).not.toContain(otherTrial.id);
  });
});

describe("the season calendar", () => {
  it("keeps registration and ESIA closed until their dates, and trials inside their window", async () => {
    const season = { registrationOpensOn: day(3), esiaOpensOn: day(5), trialsStartOn: day(10), trialsEndOn: day(90), recommendationsOn: day(100) };
    await staff.trials.setSeason(season);
    try {
      const refused = await failure(h.client().auth.registerParent({ lastName: "Ранний", firstName: "Гость", regionCode: "77", email: `early-${Date.now()}@example.ru`, password: "parol2026" }));
      expect(refused.message).toMatch(/^Регистрация откроется \d+ \S+ \d{4} г\.$/);
      // Sign-ups are closed, so no family can form yet: the student's registration is refused the same way.
      const student = await failure(h.client().auth.registerStudent(studentForm(`early-student-${Date.now()}@example.ru`)));
      expect(student.message).toMatch(/^Регистрация откроется \d+ \S+ \d{4} г\.$/);
      expect((await failure(staff.trials.setSeason({ ...season, trialsEndOn: day(1) }))).message).toBe("Даты идут по порядку: открытие регистрации, начало проб, окончание проб");
    } finally {
      await staff.trials.setSeason({ registrationOpensOn: day(-60), esiaOpensOn: day(-50), trialsStartOn: day(-2), trialsEndOn: day(90), recommendationsOn: day(100) });
    }
    const { student } = await admittedFamily(h);
    const trial = await trialAhead();
    await staff.trials.setSeason({ registrationOpensOn: day(-60), esiaOpensOn: day(-50), trialsStartOn: day(20), trialsEndOn: day(90), recommendationsOn: day(100) });
    try {
      expect((await failure(student.trials.enroll({ trialId: trial.id }))).message).toMatch(/^Запись на пробы откроется/);
    } finally {
      await staff.trials.setSeason({ registrationOpensOn: day(-60), esiaOpensOn: day(-50), trialsStartOn: day(-2), trialsEndOn: day(90), recommendationsOn: day(100) });
    }
  });
});

describe("staff and mentors", () => {
  it("invites a mentor who registers through the link and is then assigned", async () => {
    const email = `mentor-${Date.now()}@example.ru`;
    await staff.trials.inviteMentor({ email });
    const token = await h.tokenFromEmail(email, "/mentors/join");
    const newcomer = h.client();
    expect(await newcomer.trials.registerMentor({ token, lastName: "Зайцева", firstName: "Ирина", password: "parol2026" })).toEqual({ redirectTo: "/mentor" });
    expect((await newcomer.auth.me())!.role).toBe("mentor");
    expect((await failure(h.client().trials.registerMentor({ token, lastName: "Х", firstName: "Х", password: "parol2026" }))).message).toMatch(/^Приглашение недействительно/);
    const mentors = await staff.trials.mentors({ q: email });
    expect(mentors.map((m) => m.email)).toEqual([email]);
  });

  it("cancelling a trial tells every enrolled student and their parents", async () => {
    const { parent, student } = await admittedFamily(h);
    const trial = await trialAhead();
    await student.trials.enroll({ trialId: trial.id });
    await staff.trials.cancelTrial({ trialId: trial.id });
    expect((await student.trials.mine())[0]!.status).toBe("trial_cancelled");
    expect((await parent.notifications.list({ limit: 1 })).items[0]!.title).toBe(`Проба «${trial.title}» отменена`);
  });
});

describe("what a parent is asked to decide", () => {
  it("never asks for a decision after the trial has started, whether enrolled directly or promoted from the waiting list", async () => {
    // 48 hours to decide (the default), but the trial starts in 10 hours.
    const startsAt = new Date(Date.now() + 10 * 3600_000);
    const soon = await trialAhead({ capacity: 1, startsAt: startsAt.toISOString(), enrollDeadline: new Date(startsAt.getTime() - 3600_000).toISOString() });
    const first = await admittedFamily(h);
    const second = await admittedFamily(h);
    const held = await first.student.trials.enroll({ trialId: soon.id });
    expect(held.status).toBe("awaiting_approval");
    expect(held.approvalDueAt).toBe(soon.startsAt);
    const [asked] = (await first.parent.notifications.list({ limit: 1 })).items;
    expect(asked!.body).toContain(`до ${formatDateTime(soon.startsAt)}, иначе место освободится`);

    expect((await second.student.trials.enroll({ trialId: soon.id })).status).toBe("waitlisted");
    await first.parent.trials.decline({ enrollmentId: held.id });
    const [promoted] = await second.student.trials.mine();
    expect(promoted).toMatchObject({ status: "awaiting_approval", approvalDueAt: soon.startsAt });
  });

  it("names the child and the trial's facts: when with the zone, where, level, mentor", async () => {
    const { parent, student } = await admittedFamily(h);
    const trial = await trialAhead();
    await student.trials.enroll({ trialId: trial.id });
    const [asked] = (await parent.notifications.list({ limit: 1 })).items;
    expect(asked!.body).toContain(`Пётр Иванов: запись на профессиональную пробу «${trial.title}».`);
    expect(asked!.body).toContain(`Когда: ${formatDateTime(trial.startsAt)}, 90 мин.`);
    expect(asked!.body).toMatch(/\(мск\)/);
    expect(asked!.body).toContain("Где: очно: Москва, ул. Профсоюзная, 1.");
    expect(asked!.body).toContain("Уровень: ознакомительный.");
    expect(asked!.body).toContain("Наставник: Павел Кузнецов.");
  });

  it("the request shows the trial and its current state: the decision once made, wherever it was made", async () => {
    const { parent, student, studentId } = await admittedFamily(h);
    const trial = await trialAhead();
    const enrollment = await student.trials.enroll({ trialId: trial.id });

    const open = await parent.trials.approvalRequest({ enrollmentId: enrollment.id });
    expect(open).toMatchObject({
      enrollmentId: enrollment.id,
      studentId,
      childName: "Пётр Иванов",
      status: "awaiting_approval",
      approvalDueAt: enrollment.approvalDueAt,
      decidedByName: null,
      trial: { title: trial.title, startsAt: trial.startsAt, durationMinutes: 90, level: "intro", place: "очно: Москва, ул. Профсоюзная, 1", mentors: ["Павел Кузнецов"], description: "Печатаем макет на 3D-принтере" },
    });

    await parent.trials.approve({ enrollmentId: enrollment.id });
    const decided = await parent.trials.approvalRequest({ enrollmentId: enrollment.id });
    expect(decided).toMatchObject({ status: "confirmed", decidedByName: "Ольга Иванова", approvalDueAt: null });
    expect(decided.decidedAt).not.toBeNull();

    // The child's page shows the same facts.
    const [onChildPage] = await parent.trials.ofChild({ studentId });
    expect(onChildPage).toMatchObject({ place: "очно: Москва, ул. Профсоюзная, 1", level: "intro", mentors: ["Павел Кузнецов"], description: "Печатаем макет на 3D-принтере", durationMinutes: 90 });

    // Another family's parent learns nothing about it.
    const stranger = await signedUpParent(h);
    expect((await failure(stranger.trials.approvalRequest({ enrollmentId: enrollment.id }))).code).toBe("FORBIDDEN");
  });
});
