import { describe, expect, it } from "vitest";
import { moveUpDue, nextSchoolYearDay, schoolYearBegins, schoolYearOf, schoolYearOfDay } from "./school-year-rule.ts";

const msk = (local: string) => new Date(`${local}+03:00`);

describe("which school year a day falls in", () => {
  it("begins on 1 September by default and runs to 31 August", () => {
    expect(schoolYearOfDay("2026-08-31")).toBe(2025);
    expect(schoolYearOfDay("2026-09-01")).toBe(2026);
    expect(schoolYearOfDay("2026-12-31")).toBe(2026);
    expect(schoolYearOfDay("2027-01-01")).toBe(2026);
  });

  it("follows a configured start", () => {
    expect(schoolYearOfDay("2026-08-24", "08-25")).toBe(2025);
    expect(schoolYearOfDay("2026-08-25", "08-25")).toBe(2026);
    expect(schoolYearOfDay("2027-01-09", "01-10")).toBe(2026);
    expect(schoolYearOfDay("2027-01-10", "01-10")).toBe(2027);
  });

  it("counts the day in Moscow, whatever the server's zone", () => {
    // 31 August, 23:59 in Moscow is 20:59 UTC; one minute later it is 1 September in Moscow, still 31 August in UTC.
    expect(schoolYearOf(msk("2026-08-31T23:59"))).toBe(2025);
    expect(schoolYearOf(msk("2026-09-01T00:00"))).toBe(2026);
    expect(schoolYearOf(new Date("2026-08-31T21:00:00Z"))).toBe(2026);
    expect(schoolYearBegins(2026).toISOString()).toBe("2026-08-31T21:00:00.000Z");
    expect(schoolYearBegins(2027, "08-25").toISOString()).toBe("2027-08-24T21:00:00.000Z");
  });

  it("names the day of the next move-up", () => {
    expect(nextSchoolYearDay(msk("2026-11-25T10:00"))).toBe("2027-09-01");
    expect(nextSchoolYearDay(msk("2026-08-31T10:00"))).toBe("2026-09-01");
  });
});

describe("when the move-up is due", () => {
  it("is not due before the school year begins, and due from its first minute", () => {
    expect(moveUpDue(msk("2026-08-31T23:59"), 2025)).toBeNull();
    expect(moveUpDue(msk("2026-09-01T00:00"), 2025)).toBe(2026);
    expect(moveUpDue(msk("2026-10-15T12:00"), 2025)).toBe(2026);
  });

  it("is due once a year: not again after it has run", () => {
    expect(moveUpDue(msk("2026-09-01T00:00"), 2026)).toBeNull();
    expect(moveUpDue(msk("2027-08-31T23:59"), 2026)).toBeNull();
    expect(moveUpDue(msk("2027-09-01T00:00"), 2026)).toBe(2027);
  });

  it("is due for the current school year when none has run yet", () => {
    expect(moveUpDue(msk("2026-11-25T10:00"), null)).toBe(2026);
    expect(moveUpDue(msk("2026-06-01T10:00"), null)).toBe(2025);
  });
});
