import type { Competency, DiagnosticTest, InterestArea, KlimovDomain, ProfileDimension } from "@bilet/content";

export const RIASEC: readonly InterestArea[] = ["R", "I", "A", "S", "E", "C"];
export const DOMAINS: readonly KlimovDomain[] = ["nature", "technics", "human", "sign", "art"];

/** One finished test: its definition and the percent of each scale (as scoreAttempt gives them). */
export interface ProfileInput {
  test: Pick<DiagnosticTest, "id" | "category" | "scales">;
  scales: readonly { scale: string; percent: number | null }[];
}

export type PrecisionLabel = "низкая точность" | "средняя точность" | "высокая точность";

export interface InterestProfile {
  /** 0–100 per RIASEC area, null where no finished test says anything about it. */
  areas: Record<InterestArea, number | null>;
  /** 0–100 per Klimov domain, null where no test covers it. */
  domains: Record<KlimovDomain, number | null>;
  /** 0–1, see profilePrecision. */
  precision: number;
  precisionLabel: PrecisionLabel;
  /** Up to three areas with the highest scores, highest first (ties in RIASEC order). */
  leading: InterestArea[];
  /** Tests and distinct categories that fed the profile. */
  tests: number;
  categories: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Precision grows with the number of tests n that fed the profile and with
 * the number of distinct categories k among them (interests, inclinations,
 * values… each looks from another side):
 *   precision = (1 − e^(−n/3)) × (0.6 + 0.4 × min(k, 3) / 3)
 * It saturates: one test gives 0.21, three tests of two kinds 0.55, six tests
 * of three kinds 0.86, nine of three kinds 0.95; 1 is only approached. Rounded to two decimals.
 */
export function profilePrecision(tests: number, categories: number): number {
  if (tests <= 0) return 0;
  const p = (1 - Math.exp(-tests / 3)) * (0.6 + (0.4 * Math.min(categories, 3)) / 3);
  return Math.round(p * 100) / 100;
}

export function precisionLabel(precision: number): PrecisionLabel {
  if (precision < 0.4) return "низкая точность";
  if (precision < 0.7) return "средняя точность";
  return "высокая точность";
}

/**
 * The interest profile over all finished tests: for each area, the mean of
 * the percents of every scale weighted toward it, weighted by those weights.
 * One entry per test is expected (the latest attempt); if a test comes twice,
 * the later entry wins.
 */
export function interestProfile(results: readonly ProfileInput[]): InterestProfile {
  const latest = new Map<string, ProfileInput>();
  for (const r of results) latest.set(r.test.id, r);

  const sum = new Map<ProfileDimension, { weighted: number; weight: number }>();
  const fed = new Set<string>();
  const categories = new Set<string>();
  for (const { test, scales } of latest.values()) {
    for (const s of scales) {
      const def = test.scales.find((x) => x.id === s.scale);
      if (!def?.interests || s.percent === null) continue;
      for (const [dim, w] of Object.entries(def.interests) as [ProfileDimension, number | undefined][]) {
        if (!w) continue;
        const acc = sum.get(dim) ?? { weighted: 0, weight: 0 };
        acc.weighted += w * s.percent;
        acc.weight += w;
        sum.set(dim, acc);
        fed.add(test.id);
        categories.add(test.category);
      }
    }
  }
  const value = (d: ProfileDimension) => {
    const acc = sum.get(d);
    return acc ? round1(acc.weighted / acc.weight) : null;
  };
  const areas = Object.fromEntries(RIASEC.map((a) => [a, value(a)])) as Record<InterestArea, number | null>;
  const domains = Object.fromEntries(DOMAINS.map((d) => [d, value(d)])) as Record<KlimovDomain, number | null>;
  const leading = RIASEC.filter((a) => areas[a] !== null)
    .sort((a, b) => areas[b]! - areas[a]!)
    .slice(0, 3);
  const precision = profilePrecision(fed.size, categories.size);
  return { areas, domains, precision, precisionLabel: precisionLabel(precision), leading, tests: fed.size, categories: categories.size };
}

/** How each area reads in a reason: «интерес к практической работе». */
export const AREA_INTEREST_PHRASES: Record<InterestArea, string> = {
  R: "к практической работе",
  I: "к исследованиям",
  A: "к творчеству",
  S: "к работе с людьми",
  E: "к организации и предпринимательству",
  C: "к точной работе с данными",
};

export interface CompetencyFit {
  code: string;
  name: string;
  /** 0–100, one decimal. */
  fit: number;
  reason: string;
}

/** The first interest of a competency is its main one, so it weighs most. */
const POSITION_WEIGHTS = [3, 2, 1];

function level(v: number): string {
  if (v >= 67) return "высокий";
  if (v >= 50) return "заметный";
  return "невысокий";
}

/**
 * Fit of each competency to the profile, best first: the mean of the profile's
 * scores for the competency's interest areas, weighted 3, 2, 1 by their order.
 * Areas the profile knows nothing about are left out; a competency none of
 * whose areas are known gets no fit and is left out.
 */
export function competencyFit(profile: Pick<InterestProfile, "areas">, competencies: readonly Competency[]): CompetencyFit[] {
  const fits: CompetencyFit[] = [];
  for (const c of competencies) {
    const known = c.interests.map((a, i) => ({ a, w: POSITION_WEIGHTS[i] ?? 1, v: profile.areas[a] })).filter((x): x is { a: InterestArea; w: number; v: number } => x.v !== null);
    if (known.length === 0) continue;
    const fit = round1(known.reduce((s, x) => s + x.w * x.v, 0) / known.reduce((s, x) => s + x.w, 0));
    const verdict = fit >= 60 ? "подходит" : fit >= 45 ? "может подойти" : "совпадает мало";
    const parts = [...known].sort((x, y) => y.v - x.v).map((x) => `${level(x.v)} интерес ${AREA_INTEREST_PHRASES[x.a]} (${x.a} ${Math.round(x.v)})`);
    fits.push({ code: c.code, name: c.name, fit, reason: `${verdict}: ${parts.join(", ")}` });
  }
  return fits.sort((a, b) => b.fit - a.fit || a.code.localeCompare(b.code));
}
