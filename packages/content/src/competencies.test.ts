import { describe, expect, it } from "vitest";
import { COMPETENCIES, INTEREST_AREAS } from "./competencies.ts";

describe("competencies", () => {
  it("has at least 30 uniquely coded competencies, each in an area and mapped to interest types", () => {
    expect(COMPETENCIES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(COMPETENCIES.map((c) => c.code)).size).toBe(COMPETENCIES.length);
    for (const c of COMPETENCIES) {
      expect(c.area.length).toBeGreaterThan(0);
      expect(c.interests.length).toBeGreaterThan(0);
      for (const i of c.interests) expect(Object.keys(INTEREST_AREAS)).toContain(i);
    }
    expect(new Set(COMPETENCIES.map((c) => c.area)).size).toBeGreaterThanOrEqual(6);
  });
});
