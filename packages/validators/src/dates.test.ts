import { describe, expect, it } from "vitest";
import { endOfMoscowDay, formatDate, formatDateTime, formatTime, fromMoscowLocal, moscowDay, toMoscowLocal } from "./dates.ts";

describe("dates as people read them", () => {
  it("writes a day with the year and «г.»", () => {
    expect(formatDate("2025-09-01")).toBe("1 сентября 2025 г.");
    // An instant is the day it is in Moscow: 22:30 UTC on 31 August is already 1 September there.
    expect(formatDate("2025-08-31T22:30:00Z")).toBe("1 сентября 2025 г.");
    expect(formatDate(new Date("2025-08-31T20:00:00Z"))).toBe("31 августа 2025 г.");
  });

  it("writes a time in Moscow and names the zone", () => {
    expect(formatDateTime("2026-11-25T07:00:00Z")).toBe("25 ноября 2026 г., 10:00 (мск)");
    expect(formatDateTime(new Date("2026-11-27T06:32:00Z"))).toBe("27 ноября 2026 г., 09:32 (мск)");
    expect(formatTime("2026-11-25T21:05:00Z")).toBe("00:05 (мск)");
  });

  it("converts Moscow wall-clock values both ways", () => {
    expect(fromMoscowLocal("2026-11-25T10:00")).toBe("2026-11-25T10:00:00+03:00");
    expect(new Date(fromMoscowLocal("2026-11-25T10:00")).toISOString()).toBe("2026-11-25T07:00:00.000Z");
    expect(toMoscowLocal("2026-11-25T07:00:00.000Z")).toBe("2026-11-25T10:00");
    expect(moscowDay("2026-11-25T21:30:00Z")).toBe("2026-11-26");
    expect(endOfMoscowDay("2026-11-25").toISOString()).toBe("2026-11-25T20:59:59.999Z");
  });
});
