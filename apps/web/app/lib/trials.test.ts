import { describe, expect, it } from "vitest";
import { approvalDecision, myEnrollmentBadge } from "./trials";

describe("the catalogue's mark on a trial the student is on", () => {
  it("never says «записан» to a student on the waiting list", () => {
    const badge = myEnrollmentBadge("waitlisted", 3);
    expect(badge).toEqual({ text: "Ты в листе ожидания, место в очереди: 3", tone: "wait" });
    expect(badge.text).not.toMatch(/записан/i);
  });

  it("tells a held seat from a confirmed one", () => {
    expect(myEnrollmentBadge("awaiting_approval").text).toBe("Ты в списке участников: ждём подтверждения родителя");
    expect(myEnrollmentBadge("confirmed")).toEqual({ text: "Ты участвуешь: родитель подтвердил", tone: "ok" });
  });
});

describe("an approval request once decided", () => {
  it("shows the decision instead of the buttons", () => {
    expect(approvalDecision({ status: "awaiting_approval", decidedAt: null, decidedByName: null })).toBeNull();
    expect(approvalDecision({ status: "confirmed", decidedAt: "2026-11-25T07:00:00.000Z", decidedByName: "Ольга Иванова" })).toEqual({
      text: "Участие подтверждено (Ольга Иванова), 25 ноября 2026 г., 10:00 (мск)",
      tone: "ok",
    });
    expect(approvalDecision({ status: "declined", decidedAt: null, decidedByName: "Ольга Иванова" })?.text).toBe("Участие отклонено (Ольга Иванова)");
    expect(approvalDecision({ status: "expired", decidedAt: null, decidedByName: null })?.text).toBe("Решение не пришло вовремя: место освобождено");
  });
});
