import type { Competency, DiagnosticScale } from "@bilet/content";
import { describe, expect, it } from "vitest";
import { competencyFit, interestProfile, profilePrecision, precisionLabel, type ProfileInput } from "./profile.ts";

const scale = (id: string, interests: DiagnosticScale["interests"]): DiagnosticScale => ({
  id,
  title: id,
  description: "—",
  aggregate: "sum",
  interests,
  bands: [{ upTo: 100, label: "—", text: "—" }],
});

const riasec: ProfileInput = {
  test: { id: "riasec", category: "interests", scales: [scale("r", { R: 1 }), scale("i", { I: 1 }), scale("a", { A: 1 })] },
  scales: [
    { scale: "r", percent: 80 },
    { scale: "i", percent: 40 },
    { scale: "a", percent: null },
  ],
};
const inclinations: ProfileInput = {
  test: { id: "incl", category: "inclinations", scales: [scale("tech", { R: 1, I: 0.5, technics: 1 }), scale("art", { A: 1, art: 1 }), scale("none", undefined)] },
  scales: [
    { scale: "tech", percent: 60 },
    { scale: "art", percent: 90 },
    { scale: "none", percent: 100 },
  ],
};

describe("interestProfile", () => {
  it("averages scale percents by their weights, as computed by hand", () => {
    const p = interestProfile([riasec, inclinations]);
    // R = (1 × 80 + 1 × 60) / (1 + 1) = 70
    // I = (1 × 40 + 0.5 × 60) / (1 + 0.5) = 70 / 1.5 = 46.67 → 46.7
    // A = 1 × 90 / 1 = 90 (the unanswered «a» scale says nothing); S, E, C: no data
    expect(p.areas).toEqual({ R: 70, I: 46.7, A: 90, S: null, E: null, C: null });
    expect(p.domains).toEqual({ nature: null, technics: 60, human: null, sign: null, art: 90 });
    expect(p.leading).toEqual(["A", "R", "I"]);
    // 2 tests of 2 categories: (1 − e^(−2/3)) × (0.6 + 0.4 × 2/3) = 0.4866 × 0.8667 = 0.4217 → 0.42
    expect(p).toMatchObject({ tests: 2, categories: 2, precision: 0.42, precisionLabel: "средняя точность" });
  });

  it("takes the later entry of a test taken twice", () => {
    const again: ProfileInput = { ...riasec, scales: [{ scale: "r", percent: 20 }] };
    const p = interestProfile([riasec, again]);
    expect(p.areas.R).toBe(20);
    expect(p.areas.I).toBeNull();
    expect(p.tests).toBe(1);
  });

  it("is empty and of low precision with nothing finished", () => {
    const p = interestProfile([]);
    expect(p).toMatchObject({ precision: 0, precisionLabel: "низкая точность", leading: [], tests: 0 });
  });
});

describe("profilePrecision", () => {
  it("grows with tests and kinds of tests and saturates below 1", () => {
    // (1 − e^(−1/3)) × (0.6 + 0.4/3) = 0.2835 × 0.7333 = 0.208 → 0.21
    expect(profilePrecision(1, 1)).toBe(0.21);
    // (1 − e^(−1)) × (0.6 + 0.8/3) = 0.6321 × 0.8667 = 0.548 → 0.55
    expect(profilePrecision(3, 2)).toBe(0.55);
    // (1 − e^(−2)) × 1 = 0.8647 → 0.86
    expect(profilePrecision(6, 3)).toBe(0.86);
    expect(profilePrecision(3, 3)).toBeGreaterThan(profilePrecision(3, 1));
    // (1 − e^(−3)) × 1 = 0.9502 → 0.95; approaching 1 only slowly after that
    expect(profilePrecision(9, 3)).toBe(0.95);
    expect([0.21, 0.55, 0.86].map(precisionLabel)).toEqual(["низкая точность", "средняя точность", "высокая точность"]);
  });
});

describe("competencyFit", () => {
  const competencies: Competency[] = [
    { code: "a", name: "Первая", area: "—", interests: ["R", "I"] },
    { code: "b", name: "Вторая", area: "—", interests: ["S"] },
    { code: "c", name: "Третья", area: "—", interests: ["A", "S", "R"] },
  ];

  it("weights a competency's areas 3, 2, 1 and explains the fit", () => {
    const fits = competencyFit(interestProfile([riasec, inclinations]), competencies);
    // c: A 90 (weight 3) and R 70 (weight 1; S unknown) → (270 + 70) / 4 = 85
    // a: R 70 (3) and I 46.7 (2) → (210 + 93.4) / 5 = 60.68 → 60.7
    // b: S unknown → left out
    expect(fits.map((f) => [f.code, f.fit])).toEqual([
      ["c", 85],
      ["a", 60.7],
    ]);
    expect(fits[0]!.reason).toBe("подходит: высокий интерес к творчеству (A 90), высокий интерес к практической работе (R 70)");
    expect(fits[1]!.reason).toBe("подходит: высокий интерес к практической работе (R 70), невысокий интерес к исследованиям (I 47)");
  });
});
