import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trials as trialService } from "@bilet/core";
import { enrollments, trials } from "@bilet/db";
import { admittedFamily, createApiHarness, newTrial, staffAndMentor, type ApiHarness } from "../testing/index.ts";

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

/** Families enrolled one after another (so the waiting list has an order). */
async function enrolled(trialId: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i += 1) {
    const f = await admittedFamily(h);
    out.push({ ...f, enrollment: await f.student.trials.enroll({ trialId }) });
  }
  return out;
}

const statusOf = async (id: string) => (await h.db.select({ s: enrollments.status }).from(enrollments).where(eq(enrollments.id, id)))[0]!.s;
const overdue = (ids: string[]) => h.db.update(enrollments).set({ approvalDueAt: new Date(Date.now() - 1000) }).where(inArray(enrollments.id, ids));
const latest = async (c: Awaited<ReturnType<typeof admittedFamily>>["parent"]) => (await c.notifications.list({ limit: 1 })).items[0]!;

describe("approvals that expire", () => {
  it("are released in bounded batches; the waiting lists move in order and everyone is told", async () => {
    const a = await newTrial(staff, mentorId, { capacity: 2 });
    const b = await newTrial(staff, mentorId, { capacity: 1 });
    const inA = await enrolled(a.id, 5);
    const inB = await enrolled(b.id, 2);
    expect(inA.map((f) => f.enrollment.status)).toEqual(["awaiting_approval", "awaiting_approval", "waitlisted", "waitlisted", "waitlisted"]);
    await overdue([inA[0]!.enrollment.id, inA[1]!.enrollment.id, inB[0]!.enrollment.id]);

    // Batches of two: three expire in two transactions.
    expect(await trialService.expireStaleApprovals(h.db, 48, 2)).toBe(3);
    expect(await trialService.expireStaleApprovals(h.db, 48, 2)).toBe(0);

    expect(await Promise.all(inA.map((f) => statusOf(f.enrollment.id)))).toEqual(["expired", "expired", "awaiting_approval", "awaiting_approval", "waitlisted"]);
    expect(await Promise.all(inB.map((f) => statusOf(f.enrollment.id)))).toEqual(["expired", "awaiting_approval"]);
    for (const t of [a, b]) {
      const [row] = await h.db.select({ taken: trials.seatsTaken }).from(trials).where(eq(trials.id, t.id));
      expect(row!.taken).toBe(await trialService.countHeldSeats(h.db, t.id));
    }
    expect((await inA[4]!.student.trials.mine())[0]!.waitlistPosition).toBe(1);

    // The promoted: the student is told, the parents are asked, with a deadline of their own.
    const promoted = (await inA[2]!.student.trials.mine())[0]!;
    const hours = (Date.parse(promoted.approvalDueAt!) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(await latest(inA[2]!.student)).toMatchObject({ type: "trial.seat_freed", data: { enrollmentId: inA[2]!.enrollment.id, trialId: a.id } });
    expect(await latest(inA[2]!.parent)).toMatchObject({ type: "trial.approval_requested", data: { enrollmentId: inA[2]!.enrollment.id } });
    expect((await latest(inA[2]!.parent)).body).toContain("Павел Кузнецов");
    // The expired: the student and the parents are told.
    for (const f of [inA[0]!, inA[1]!, inB[0]!]) {
      expect(await latest(f.student)).toMatchObject({ type: "trial.approval_expired", link: "/student", data: { enrollmentId: f.enrollment.id } });
      expect(await latest(f.parent)).toMatchObject({ type: "trial.approval_expired", link: `/parent/children/${f.studentId}` });
    }
    // The parents of the promoted can decide as usual.
    expect((await inA[2]!.parent.trials.approve({ enrollmentId: inA[2]!.enrollment.id })).status).toBe("confirmed");
  });

  it("gives every free seat of a trial whose capacity grew to its waiting list", async () => {
    const t = await newTrial(staff, mentorId, { capacity: 1 });
    const families = await enrolled(t.id, 4);
    // Staff add seats; nobody is promoted until a seat is released.
    await h.db.update(trials).set({ capacity: 3 }).where(eq(trials.id, t.id));
    await overdue([families[0]!.enrollment.id]);
    expect(await trialService.expireStaleApprovals(h.db)).toBe(1);
    expect(await Promise.all(families.map((f) => statusOf(f.enrollment.id)))).toEqual(["expired", "awaiting_approval", "awaiting_approval", "awaiting_approval"]);
    expect(await trialService.countHeldSeats(h.db, t.id)).toBe(3);
  });

  it("promotes nobody on a cancelled trial", async () => {
    const t = await newTrial(staff, mentorId, { capacity: 1 });
    const families = await enrolled(t.id, 2);
    await overdue([families[0]!.enrollment.id]);
    await h.db.update(trials).set({ status: "cancelled" }).where(eq(trials.id, t.id));
    expect(await trialService.expireStaleApprovals(h.db)).toBe(1);
    expect(await statusOf(families[1]!.enrollment.id)).toBe("waitlisted");
  });
});
