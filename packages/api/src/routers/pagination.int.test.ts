import { asc, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGE_SIZE, encodeCursor, type Page } from "@bilet/validators";
import { emailOutbox, enrollments, invitations, notifications, requests, studentProfiles, trialMentors, trials, users, type UserRole } from "@bilet/db";
import { mailboxPage } from "@bilet/mail";
import { createApiHarness, failure, signedUpParent, signedUpStudent, staffAndMentor, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
let staff: Awaited<ReturnType<typeof staffAndMentor>>["staff"];
let mentor: Awaited<ReturnType<typeof staffAndMentor>>["mentor"];
let mentorId: string;

beforeAll(async () => {
  h = await createApiHarness();
  ({ staff, mentor, mentorId } = await staffAndMentor(h));
});
afterAll(async () => {
  await h?.close();
});

/**
 * Every page of a list, first to last, checking what a caller relies on:
 * no page is longer than asked, and the list ends.
 */
async function allPages<T>(read: (cursor: string | undefined) => Promise<Page<T>>, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 1000; pages += 1) {
    const page = await read(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    if (!page.nextCursor) return { items, pages };
    // A page that says more follows is full.
    expect(page.items.length).toBe(limit);
    cursor = page.nextCursor;
  }
  throw new Error("the list never ended");
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3600_000);

let made = 0;
/** People straight into the database (a page of a list needs many). */
async function insertPeople(role: UserRole, names: { lastName: string; firstName: string }[]) {
  const rows = await h.db
    .insert(users)
    .values(names.map((n) => ({ role, email: `${role}.${Date.now().toString(36)}.${(made += 1)}@example.ru`, lastName: n.lastName, firstName: n.firstName, activatedAt: new Date() })))
    .returning({ id: users.id, email: users.email });
  if (role === "student") {
    await h.db.insert(studentProfiles).values(rows.map((r) => ({ userId: r.id, birthDate: "2011-05-20", grade: 8, regionCode: "77", school: "Школа № 1" })));
  }
  return rows.map((r) => ({ id: r.id, email: r.email! }));
}

/** Published trials straight into the database; `at` and `extra` vary them. */
async function insertTrials(n: number, at: (i: number) => Date, extra: (i: number) => Partial<typeof trials.$inferInsert> = () => ({})) {
  const rows = Array.from({ length: n }, (_, i) => {
    const startsAt = at(i);
    return {
      competencyCode: "mobile-robotics",
      title: `Робототехника ${i}`,
      level: "intro" as const,
      format: "online" as const,
      link: "https://meet.example.ru/r",
      startsAt,
      durationMinutes: 60,
      capacity: 10,
      minGrade: 6,
      maxGrade: 11,
      enrollDeadline: new Date(startsAt.getTime() - 3600_000),
      ...extra(i),
    };
  });
  return h.db.insert(trials).values(rows).returning();
}

describe("the catalogue", () => {
  it("reaches every trial, the 201st and the last included, in a stable order without repeats, many starting at the same moment", async () => {
    const sameMoment = hoursFromNow(24 * 20);
    // 120 trials start at the very same moment: only the id orders them.
    const created = await insertTrials(205, (i) => (i < 120 ? sameMoment : hoursFromNow(24 * 10 + i)), (i) => ({ title: `Каталог ${i}` }));
    const expected = await h.db.select({ id: trials.id }).from(trials).where(eq(trials.status, "published")).orderBy(asc(trials.startsAt), asc(trials.id));
    const student = await signedUpStudent(h);
    const walked = await allPages((cursor) => student.trials.list({ cursor }), PAGE_SIZE);
    expect(walked.pages).toBe(Math.ceil(expected.length / PAGE_SIZE));
    expect(ids(walked.items)).toEqual(ids(expected));
    expect(new Set(ids(walked.items)).size).toBe(expected.length);
    expect(ids(walked.items)).toContain(created[200]!.id);
    expect(ids(walked.items)).toContain(created[204]!.id);
    // Anonymous visitors and staff page the same way, at any page size up to 100.
    expect(ids((await allPages((cursor) => h.client().trials.list({ cursor, limit: 100 }), 100)).items)).toEqual(ids(expected));
  });

  it("combines the filters and the title search with the pages", async () => {
    await insertTrials(30, (i) => hoursFromNow(24 * 30 + (i % 3)), (i) => ({
      title: `Поиск: ${i % 2 ? "мехатроника" : "сварка"} ${i}`,
      format: i % 3 === 0 ? "in_person" : "online",
      regionCode: i % 3 === 0 ? "16" : null,
      address: i % 3 === 0 ? "Казань" : null,
    }));
    const inKazan = await allPages((cursor) => staff.trials.list({ format: "in_person", regionCode: "16", cursor, limit: 3 }), 3);
    expect(inKazan.items).toHaveLength(10);
    expect(inKazan.items.every((t) => t.format === "in_person" && t.regionCode === "16")).toBe(true);
    const found = await allPages((cursor) => staff.trials.list({ q: "МЕХАТРОНИКА", cursor, limit: 4 }), 4);
    expect(found.items).toHaveLength(15);
    expect(found.items.every((t) => t.title.includes("мехатроника"))).toBe(true);
    const sorted = [...found.items].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
    expect(ids(found.items)).toEqual(ids(sorted));
    // LIKE's own characters are taken literally.
    expect((await staff.trials.list({ q: "%" })).items).toEqual([]);
  });

  it("starts from the beginning for a damaged cursor, and refuses one with characters no cursor has", async () => {
    const first = await staff.trials.list({});
    expect(first.items.length).toBe(PAGE_SIZE);
    expect(await staff.trials.list({ cursor: encodeCursor(["2026-02-31 10:00:00+00", "not-a-uuid"]) })).toEqual(first);
    expect(await staff.trials.list({ cursor: encodeCursor(["одно"]) })).toEqual(first);
    expect((await failure(staff.trials.list({ cursor: "не курсор" }))).code).toBe("BAD_REQUEST");
  });
});

describe("the mentor picker", () => {
  it("finds at most ten mentors by the start of a last name, a first name, «Фамилия Имя» or an email, in any case", async () => {
    const many = await insertPeople(
      "mentor",
      Array.from({ length: 14 }, (_, i) => ({ lastName: `Соколов${String.fromCharCode(1072 + i)}`, firstName: i % 2 ? "Иван" : "Анна" })),
    );
    await insertPeople("student", [{ lastName: "Соколова", firstName: "Ученица" }]);
    const found = await staff.trials.mentors({ q: "сокол" });
    expect(found).toHaveLength(10);
    expect(found.map((m) => m.name)).toEqual([...found.map((m) => m.name)].sort((a, b) => a.split(" ")[1]!.localeCompare(b.split(" ")[1]!)));
    expect(await staff.trials.mentors({ q: "СОКОЛ" })).toEqual(found);
    expect((await staff.trials.mentors({ q: "Соколовб Анна" })).map((m) => m.id)).toEqual([]);
    expect((await staff.trials.mentors({ q: "Соколовб Иван" })).map((m) => m.id)).toEqual([many[1]!.id]);
    expect((await staff.trials.mentors({ q: many[3]!.email.toUpperCase() })).map((m) => m.id)).toEqual([many[3]!.id]);
    expect((await staff.trials.mentors({ q: "иван" })).length).toBeGreaterThanOrEqual(7);
    // Only mentors; LIKE's own characters are plain letters.
    expect((await staff.trials.mentors({ q: "Ученица" })).length).toBe(0);
    expect(await staff.trials.mentors({ q: "%" })).toEqual([]);
    expect(await staff.trials.mentors({ q: "_" })).toEqual([]);
    // No words: the first ten alphabetically, never everyone.
    expect((await staff.trials.mentors({})).length).toBe(10);
  });

  it("is for staff only", async () => {
    const callers = { student: await signedUpStudent(h), parent: await signedUpParent(h), mentor };
    for (const caller of Object.values(callers)) expect((await failure(caller.trials.mentors({ q: "сокол" }))).code).toBe("FORBIDDEN");
    expect((await failure(h.client().trials.mentors({ q: "сокол" }))).code).toBe("UNAUTHORIZED");
  });
});

describe("the notification centre", () => {
  it("pages a person's notifications newest first, those stored together in a stable order, with the unread filter", async () => {
    const student = await signedUpStudent(h);
    const me = (await student.auth.me())!.id;
    const stamp = new Date(Date.now() - 60_000);
    await h.db.insert(notifications).values(
      Array.from({ length: 45 }, (_, i) => ({
        userId: me,
        type: "test.page",
        title: `Уведомление ${i}`,
        // 30 of them stored at the same moment (one statement), the rest earlier.
        createdAt: i < 30 ? stamp : new Date(stamp.getTime() - (i + 1) * 1000),
        readAt: i % 3 === 0 ? new Date() : null,
      })),
    );
    const expected = await h.db.select({ id: notifications.id, readAt: notifications.readAt }).from(notifications).where(eq(notifications.userId, me)).orderBy(desc(notifications.createdAt), desc(notifications.id));
    const all = await allPages((cursor) => student.notifications.list({ limit: 20, cursor }), 20);
    expect(all.pages).toBe(Math.ceil(expected.length / 20));
    expect(ids(all.items)).toEqual(ids(expected));
    const unread = await allPages((cursor) => student.notifications.list({ limit: 7, unreadOnly: true, cursor }), 7);
    expect(ids(unread.items)).toEqual(ids(expected.filter((n) => n.readAt === null)));
    expect((await student.notifications.list({ limit: 1 })).unreadCount).toBe(unread.items.length);
  });
});

describe("a trial's roster", () => {
  it("pages the participants by name, namesakes in a stable order, for the trial's mentor", async () => {
    const [trial] = await insertTrials(1, () => hoursFromNow(24 * 40), () => ({ capacity: 30, seatsTaken: 12 }));
    await h.db.insert(trialMentors).values({ trialId: trial!.id, mentorId });
    const students = await insertPeople("student", Array.from({ length: 25 }, (_, i) => (i < 10 ? { lastName: "Иванов", firstName: "Пётр" } : { lastName: `Алексеев${String.fromCharCode(1072 + i)}`, firstName: "Олег" })));
    await h.db.insert(enrollments).values(students.map((s, i) => ({ trialId: trial!.id, studentId: s.id, status: i < 12 ? ("confirmed" as const) : ("waitlisted" as const), waitlistedAt: i < 12 ? null : new Date() })));
    const expected = await h.db
      .select({ id: enrollments.id })
      .from(enrollments)
      .innerJoin(users, eq(users.id, enrollments.studentId))
      .where(eq(enrollments.trialId, trial!.id))
      .orderBy(asc(users.lastName), asc(users.firstName), asc(enrollments.id));
    const walked = await allPages((cursor) => mentor.trials.roster({ trialId: trial!.id, cursor, limit: 8 }), 8);
    expect(walked.items.map((r) => r.enrollmentId)).toEqual(ids(expected));
    expect(walked.items.at(-1)!.name).toMatch(/^Иванов Пётр/);
  });
});

describe("sent invitations", () => {
  it("page the invitations a person sent, the last sent first", async () => {
    const parent = await signedUpParent(h);
    const me = (await parent.auth.me())!.id;
    const sameMoment = new Date(Date.now() - 3600_000);
    await h.db.insert(invitations).values(
      Array.from({ length: 30 }, (_, i) => ({
        inviterId: me,
        inviteeEmail: `child.${i}.${Date.now()}@example.ru`,
        inviteeRole: "student" as const,
        tokenHash: `hash-${me}-${i}`,
        expiresAt: hoursFromNow(24),
        lastSentAt: i < 12 ? sameMoment : new Date(sameMoment.getTime() - i * 60_000),
      })),
    );
    const expected = await h.db.select({ id: invitations.id }).from(invitations).where(eq(invitations.inviterId, me)).orderBy(desc(invitations.lastSentAt), desc(invitations.id));
    const walked = await allPages((cursor) => parent.family.sentInvitationsPage({ cursor, limit: 7 }), 7);
    expect(ids(walked.items)).toEqual(ids(expected));
    // The older procedure answers the first page.
    expect(ids(await parent.family.sentInvitations())).toEqual(ids(expected).slice(0, PAGE_SIZE));
  });
});

describe("the staff request queue", () => {
  it("pages the queue newest first, filter and pages together", async () => {
    const sameMoment = new Date(Date.now() - 3600_000);
    await h.db.insert(requests).values(
      Array.from({ length: 27 }, (_, i) => ({
        channel: "chat" as const,
        regionCode: "77",
        fullName: "Иванова Ольга",
        email: `asker.${i}@example.ru`,
        subject: `Вопрос ${i}`,
        text: "Как записаться на пробу?",
        status: i % 3 === 0 ? ("answered" as const) : ("new" as const),
        decision: "accept" as const,
        triageRule: "accept",
        triageExplanation: "—",
        createdAt: i < 15 ? sameMoment : new Date(sameMoment.getTime() - i * 1000),
      })),
    );
    const expected = await h.db.select({ id: requests.id }).from(requests).where(eq(requests.status, "new")).orderBy(desc(requests.createdAt), desc(requests.id));
    const walked = await allPages((cursor) => staff.requests.queue({ status: "new", cursor, limit: 5 }), 5);
    expect(ids(walked.items)).toEqual(ids(expected));
    expect(ids((await allPages((cursor) => staff.requests.queue({ cursor }), PAGE_SIZE)).items)).toHaveLength(27);
  });
});

describe("the development mailbox", () => {
  it("pages letters newest first, all of them or those to one address", async () => {
    const sameMoment = new Date(Date.now() - 60_000);
    const to = `mailbox.${Date.now()}@example.ru`;
    await h.db.insert(emailOutbox).values(
      Array.from({ length: 60 }, (_, i) => ({
        toAddress: i % 2 ? to : `other.${i}@example.ru`,
        subject: `Письмо ${i}`,
        textBody: "—",
        htmlBody: "<p>—</p>",
        template: "test",
        status: "captured" as const,
        createdAt: i < 25 ? sameMoment : new Date(sameMoment.getTime() - i * 1000),
      })),
    );
    const expectedTo = await h.db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.toAddress, to)).orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id));
    const walked = await allPages((cursor) => mailboxPage(h.db, { to: to.toUpperCase(), cursor, limit: 9 }), 9);
    expect(ids(walked.items)).toEqual(ids(expectedTo));
    const everything = await h.db.select({ id: emailOutbox.id }).from(emailOutbox).orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id));
    expect(ids((await allPages((cursor) => mailboxPage(h.db, { cursor, limit: 25 }), 25)).items)).toEqual(ids(everything));
  });
});

describe("the stored order", () => {
  it("keeps microseconds in a cursor: a row a microsecond older is not skipped", async () => {
    const student = await signedUpStudent(h);
    const me = (await student.auth.me())!.id;
    // Two rows a few microseconds apart that one JavaScript millisecond cannot tell apart.
    await h.db.execute(sql`insert into notifications (user_id, type, title, created_at) values
      (${me}, 'test.us', 'новее', '2026-01-01 10:00:00.000900+00'),
      (${me}, 'test.us', 'старше', '2026-01-01 10:00:00.000100+00')`);
    const walked = await allPages((cursor) => student.notifications.list({ limit: 1, cursor }), 1);
    expect(walked.items.filter((n) => n.type === "test.us").map((n) => n.title)).toEqual(["новее", "старше"]);
  });
});
