/** Fixed inputs for the plan's tests: real shipped tests, chosen percents, trials and a catalogue. */
import { diagnosticTestById } from "@bilet/content";
import { planDiagnostic, type CatalogueTrial, type PlanDiagnostic, type PlanInput, type PlanTrial } from "./plan.ts";

export function result(testId: string, percents: Record<string, number>, finishedAt: string, previous?: { finishedAt: string; percents: Record<string, number> }): PlanDiagnostic {
  const test = diagnosticTestById(testId);
  if (!test) throw new Error(`no test ${testId}`);
  const scores = (p: Record<string, number>) => test.scales.map((s) => ({ scale: s.id, percent: p[s.id] ?? null }));
  return planDiagnostic(test, scores(percents), finishedAt, previous ? { finishedAt: previous.finishedAt, scores: scores(previous.percents) } : null);
}

export const riasecTech = result("riasec-interests", { realistic: 84, investigative: 72, artistic: 40, social: 35, enterprising: 30, conventional: 55 }, "2025-09-20T10:00:00Z", {
  finishedAt: "2025-05-10T10:00:00Z",
  percents: { realistic: 70, investigative: 70, artistic: 45, social: 40, enterprising: 30, conventional: 50 },
});
export const domainsTech = result("professional-domains", { nature: 40, technics: 78, human: 35, sign: 66, art: 30 }, "2025-09-21T10:00:00Z");

export const robotics: PlanTrial = {
  trialId: "t-robotics",
  title: "Мобильная робототехника: первый робот",
  competencyCode: "mobile-robotics",
  competencyName: "Мобильная робототехника",
  area: "Промышленные и инженерные технологии",
  attended: true,
  mentorPerformance: 4,
  mentorInterest: 5,
  mentorComment: "Собрал робота быстрее всех, задавал много вопросов",
  studentRating: 5,
};

export const welding: PlanTrial = {
  trialId: "t-welding",
  title: "Сварка: первый шов",
  competencyCode: "welding",
  competencyName: "Сварочные технологии",
  area: "Промышленные и инженерные технологии",
  attended: true,
  mentorPerformance: 3,
  mentorInterest: 2,
  studentRating: 1,
};

export const webDev: PlanTrial = {
  trialId: "t-web",
  title: "Веб-технологии: свой сайт за день",
  competencyCode: "web-technologies",
  competencyName: "Веб-технологии",
  area: "Информационные и коммуникационные технологии",
  attended: true,
  mentorPerformance: 5,
  mentorInterest: 4,
  studentRating: 4,
};

export const catalogue: CatalogueTrial[] = [
  { id: "c-mechatronics", title: "Мехатроника: линия сборки", competencyCode: "mechatronics", startsAt: "2025-10-15T07:00:00Z", freeSeats: 4, minGrade: 6, maxGrade: 11, format: "in_person", regionCode: "77" },
  { id: "c-cad", title: "Инженерный дизайн: деталь в CAD", competencyCode: "engineering-design-cad", startsAt: "2025-10-20T07:00:00Z", freeSeats: 2, minGrade: 8, maxGrade: 11, format: "online" },
  { id: "c-drones", title: "Беспилотники: первый полёт", competencyCode: "drone-operation", startsAt: "2025-10-22T07:00:00Z", freeSeats: 6, minGrade: 7, maxGrade: 11, format: "in_person", regionCode: "77" },
  { id: "c-welding-2", title: "Сварка: второй уровень", competencyCode: "welding", startsAt: "2025-10-25T07:00:00Z", freeSeats: 3, minGrade: 6, maxGrade: 11, format: "in_person", regionCode: "77" },
  { id: "c-full", title: "Веб-технологии: полный класс", competencyCode: "web-technologies", startsAt: "2025-10-26T07:00:00Z", freeSeats: 0, minGrade: 6, maxGrade: 11, format: "online" },
  { id: "c-past", title: "Электроника: прошедшая", competencyCode: "industrial-electronics", startsAt: "2025-09-01T07:00:00Z", freeSeats: 5, minGrade: 6, maxGrade: 11, format: "online" },
  { id: "c-other-region", title: "Электроника: в другом регионе", competencyCode: "industrial-electronics", startsAt: "2025-10-27T07:00:00Z", freeSeats: 5, minGrade: 6, maxGrade: 11, format: "in_person", regionCode: "66" },
  { id: "c-seniors", title: "Машинное обучение для старших", competencyCode: "machine-learning", startsAt: "2025-10-28T07:00:00Z", freeSeats: 5, minGrade: 10, maxGrade: 11, format: "online" },
  { id: "c-cooking", title: "Поварское дело: обед из трёх блюд", competencyCode: "cooking", startsAt: "2025-10-18T07:00:00Z", freeSeats: 8, minGrade: 6, maxGrade: 11, format: "online" },
];

export function input(grade: number, overrides: Partial<PlanInput> = {}): PlanInput {
  const inclinations = grade <= 7 ? "inclinations-6-7" : grade <= 9 ? "inclinations-8-9" : "inclinations-10-11";
  const incl =
    grade <= 7
      ? result(inclinations, { technics: 80, nature: 45, numbers: 70, words: 40, people: 35, creativity: 50 }, "2025-09-22T10:00:00Z")
      : result(inclinations, { engineering: 82, it: 74, science: 40, nature: 35, economics: 45, people: 30, languages: 38, art: 42 }, "2025-09-22T10:00:00Z");
  return {
    student: { grade, regionCode: "77" },
    admitted: true,
    asOf: "2025-10-01T09:00:00Z",
    diagnostics: grade <= 7 ? [domainsTech, incl] : [riasecTech, domainsTech, incl],
    trials: [robotics],
    catalogue,
    ...overrides,
  };
}
