import { describe, expect, it } from "vitest";
import { COMPETENCIES } from "../competencies.ts";
import { DIAGNOSTIC_TESTS, SCHOOL_PROFILES, SCHOOL_SUBJECTS } from "../diagnostics/index.ts";
import { RECOMMENDATION_RULES, areaRuleByName, defineRecommendationRules, educationGroupByCode, recommendationRulesSchema, SUBJECT_ACCUSATIVE, SUBJECT_DATIVE } from "./rules.ts";

const rules = RECOMMENDATION_RULES;

describe("recommendation rules", () => {
  it("cover every professional area of the competencies and every competency", () => {
    for (const c of COMPETENCIES) {
      expect(areaRuleByName(c.area), c.area).toBeDefined();
      const groups = rules.competencyGroups[c.code] ?? [];
      expect(groups.length, c.code).toBeGreaterThan(0);
      for (const g of groups) expect(educationGroupByCode(g)?.spo, `${c.code} → ${g}`).toBe(true);
    }
  });

  it("cover the five profiles of the senior school, each with ОГЭ choices that are ОГЭ subjects", () => {
    expect(rules.profiles.map((p) => p.profile).sort()).toEqual(Object.keys(SCHOOL_PROFILES).sort());
    for (const p of rules.profiles) for (const s of p.ogeChoices) expect(rules.oge.electives).toContain(s);
  });

  it("keep the exams as the Orders set them: Russian and mathematics for all, the rest by choice", () => {
    expect(rules.oge.mandatory).toEqual(["russian", "math"]);
    expect(rules.ege.mandatory).toEqual(["russian", "math"]);
    expect(rules.oge.electivesToChoose).toBe(2);
    expect(rules.oge.electives).toHaveLength(9);
  });

  it("give every direction of higher education its typical ЕГЭ and every rule a known source", () => {
    const sources = new Set(rules.sources.map((s) => s.id));
    for (const g of rules.groups) {
      expect(g.code).toMatch(/^\d{2}\.00\.00$/);
      if (g.vo) expect(g.ege?.main.length, g.code).toBeGreaterThan(0);
      for (const s of g.sources) expect(sources.has(s), `${g.code}: ${s}`).toBe(true);
    }
    for (const a of rules.areas) for (const s of a.sources) expect(sources.has(s), `${a.id}: ${s}`).toBe(true);
    expect(new Set(rules.groups.map((g) => g.code)).size).toBe(rules.groups.length);
  });

  it("name the groups by their codes in the lists (a sample a counsellor would check)", () => {
    expect(educationGroupByCode("09.00.00")?.name).toBe("Информатика и вычислительная техника");
    expect(educationGroupByCode("15.00.00")?.name).toBe("Машиностроение");
    expect(educationGroupByCode("31.00.00")?.name).toBe("Клиническая медицина");
    expect(educationGroupByCode("38.00.00")?.name).toBe("Экономика и управление");
    expect(educationGroupByCode("44.00.00")?.name).toBe("Образование и педагогические науки");
    expect(educationGroupByCode("54.00.00")?.name).toBe("Изобразительное и прикладные виды искусств");
    expect(educationGroupByCode("31.00.00")?.ege?.main).toEqual(["chemistry", "biology"]);
  });

  it("give a subject for every interest area and domain, and words for every subject", () => {
    for (const list of Object.values(rules.dimensionSubjects)) expect(list.length).toBeGreaterThan(0);
    for (const s of Object.keys(SCHOOL_SUBJECTS)) {
      expect(SUBJECT_ACCUSATIVE[s as keyof typeof SCHOOL_SUBJECTS]).toBeTruthy();
      expect(SUBJECT_DATIVE[s as keyof typeof SCHOOL_SUBJECTS]).toBeTruthy();
    }
  });

  it("every subject a shipped test scale names is covered by some area or dimension", () => {
    const reachable = new Set([...rules.areas.flatMap((a) => a.subjects), ...Object.values(rules.dimensionSubjects).flat()]);
    for (const t of DIAGNOSTIC_TESTS) for (const s of t.scales) for (const sub of s.subjects ?? []) expect(reachable.has(sub), `${t.id}/${s.id}: ${sub}`).toBe(true);
  });

  it("refuse a rule that points at an unknown source or group", () => {
    const broken = structuredClone(rules);
    broken.areas[0]!.sources = ["no-such-source"];
    broken.areas[0]!.spoGroups = ["99.00.00"];
    const result = recommendationRulesSchema.safeParse(broken);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toContain("источника «no-such-source» нет в списке sources");
    expect(messages).toContain("группы 99.00.00 нет среди специальностей СПО");
    expect(() => defineRecommendationRules(broken)).toThrow(/Правила рекомендаций не прошли проверку/);
  });

  it("refuse an ОГЭ choice that is not an ОГЭ subject", () => {
    const broken = structuredClone(rules);
    broken.profiles[0]!.ogeChoices = ["music"];
    const result = recommendationRulesSchema.safeParse(broken);
    expect(result.error?.issues.map((i) => i.message)).toContain("«music» не сдаётся на ОГЭ по выбору");
  });
});
