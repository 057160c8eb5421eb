import { describe, expect, it } from "vitest";
import { approvalDeadline, approvalRequest, trialPlace } from "./approval.ts";

const now = new Date("2026-11-23T06:32:00Z");
const hours = (n: number) => new Date(now.getTime() + n * 3600_000);

describe("the parents' approval deadline", () => {
  it("is the approval window when the trial starts later", () => {
    expect(approvalDeadline(now, hours(96), 48)).toEqual(hours(48));
  });

  it("never passes the trial's start", () => {
    // The family's case: asked on 25 November at 09:32 (мск) to decide within 48 hours on a trial that starts that day at 15:00.
    const asked = new Date("2026-11-25T06:32:00Z");
    const startsAt = new Date("2026-11-25T12:00:00Z");
    expect(approvalDeadline(asked, startsAt, 48)).toEqual(startsAt);
    expect(approvalDeadline(now, hours(3), 48).getTime()).toBeLessThanOrEqual(hours(3).getTime());
  });
});

describe("the approval request a parent reads", () => {
  const trial = {
    id: "t1",
    title: "3D-печать: от модели до макета",
    startsAt: new Date("2026-11-25T07:00:00Z"),
    durationMinutes: 90,
    format: "in_person" as const,
    regionCode: "77",
    address: "ул. Профсоюзная, 1",
    level: "intro" as const,
    mentors: ["Павел Кузнецов"],
  };

  it("says what, when (with the zone), where, level, mentor and until when", () => {
    const request = approvalRequest(trial, { id: "e1", studentId: "s1", studentName: "Пётр Иванов", approvalDueAt: new Date("2026-11-25T07:00:00Z") });
    expect(request.body).toBe(
      "Пётр Иванов: запись на профессиональную пробу «3D-печать: от модели до макета». " +
        "Когда: 25 ноября 2026 г., 10:00 (мск), 90 мин. Где: очно: Москва, ул. Профсоюзная, 1. Уровень: ознакомительный. Наставник: Павел Кузнецов. " +
        "Подтвердите или отклоните участие до 25 ноября 2026 г., 10:00 (мск), иначе место освободится.",
    );
    expect(request.data).toEqual({ enrollmentId: "e1", trialId: "t1", studentId: "s1" });
  });

  it("says «онлайн» for an online trial, and names the region of an in-person one unless the address does", () => {
    expect(trialPlace({ format: "online", regionCode: null, address: null })).toBe("онлайн");
    expect(trialPlace({ format: "in_person", regionCode: "50", address: "г. Химки, ул. Ленина, 2" })).toBe("очно: Московская область, г. Химки, ул. Ленина, 2");
    expect(trialPlace({ format: "in_person", regionCode: "77", address: "Москва, ул. Профсоюзная, 1" })).toBe("очно: Москва, ул. Профсоюзная, 1");
  });
});
