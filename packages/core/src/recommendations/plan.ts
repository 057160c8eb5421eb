/**
 * The individual study plan (индивидуальный учебный план), the outcome of the
 * season: pure functions over the latest test results, the attended trials with
 * the mentor's feedback and the student's own rating, the grade and the region.
 * The rules (which areas lead to which subjects, profiles, exams, groups of
 * specialities and courses) are data in @bilet/content; here they are applied.
 * The same input always gives the same plan: nothing reads the clock, every
 * sort has a tie-breaker.
 *
 * Texts in a plan are read by the family together, so they use neither «ты» nor
 * «вы»: «Рекомендуется…», «оценка ребёнка 5/5».
 */
import { COMPETENCIES, DIAGNOSTIC_TESTS, SCHOOL_SUBJECTS, type DiagnosticCategory, type DiagnosticTest, type InterestArea, type ProfileDimension, type ProfileWeights, type SchoolProfile, type SchoolSubject } from "@bilet/content";
import { formatDate, formatDateTime } from "@bilet/validators";
import { competencyFit, RIASEC } from "../diagnostics/profile.ts";
import type { ScaleScore } from "../diagnostics/scoring.ts";
import { AppError } from "../errors.ts";
import { EXTRACURRICULAR_DIRECTIONS, PROFILE_GENITIVE, PROFILE_PHRASES, RECOMMENDATION_RULES, SUBJECT_ACCUSATIVE, SUBJECT_DATIVE, educationGroupByCode, profileRule, type AreaRule, type EducationGroup } from "@bilet/content";

// ---------------------------------------------------------------------------
// Input

export interface PlanScale {
  scale: string;
  title: string;
  /** 0–100; null when no item of the scale was answered (such a scale says nothing). */
  percent: number | null;
  interests?: ProfileWeights;
  subjects?: readonly SchoolSubject[];
  profiles?: readonly SchoolProfile[];
}

/** The latest finished attempt of one test, with the scale metadata taken from the test definition. */
export interface PlanDiagnostic {
  testId: string;
  title: string;
  category: DiagnosticCategory;
  /** ISO date-time. */
  finishedAt: string;
  scales: readonly PlanScale[];
  /** The attempt before it, if the test was taken twice: the plan names a notable change. */
  previous?: { finishedAt: string; scales: readonly { scale: string; percent: number | null }[] } | null;
}

/** A mark from 1 to 5, as the mentor and the student give it. */
export type Mark = number;

export interface PlanTrial {
  trialId: string;
  title: string;
  competencyCode: string;
  competencyName: string;
  /** The professional area of the competency (COMPETENCIES[].area). */
  area: string;
  attended: boolean;
  mentorPerformance?: Mark | null;
  mentorInterest?: Mark | null;
  mentorComment?: string | null;
  studentRating?: Mark | null;
}

/** An upcoming trial of the catalogue with free seats. */
export interface CatalogueTrial {
  id: string;
  title: string;
  competencyCode: string;
  /** ISO date-time. */
  startsAt: string;
  freeSeats: number;
  minGrade: number;
  maxGrade: number;
  /** In-person trials of another region are left out; online ones fit anyone. */
  format?: "online" | "in_person";
  regionCode?: string | null;
}

export interface PlanInput {
  student: { grade: number; regionCode: string };
  /** A linked parent's consent is active (admission); without it there is no plan. */
  admitted: boolean;
  /** The moment the plan is made (ISO): trials that start before it are not offered. */
  asOf: string;
  diagnostics: readonly PlanDiagnostic[];
  trials: readonly PlanTrial[];
  catalogue: readonly CatalogueTrial[];
}

/**
 * One finished attempt as the plan takes it: percents from the scored attempt,
 * interests, subjects and profiles from the definition of the test version that
 * was taken.
 */
export function planDiagnostic(
  test: Pick<DiagnosticTest, "id" | "title" | "category" | "scales">,
  scores: readonly Pick<ScaleScore, "scale" | "percent">[],
  finishedAt: string,
  previous?: { finishedAt: string; scores: readonly Pick<ScaleScore, "scale" | "percent">[] } | null,
): PlanDiagnostic {
  const scales = test.scales.map((def): PlanScale => {
    const percent = scores.find((s) => s.scale === def.id)?.percent ?? null;
    return {
      scale: def.id,
      title: def.title,
      percent,
      ...(def.interests ? { interests: def.interests } : {}),
      ...(def.subjects ? { subjects: def.subjects } : {}),
      ...(def.profiles ? { profiles: def.profiles } : {}),
    };
  });
  return {
    testId: test.id,
    title: test.title,
    category: test.category,
    finishedAt,
    scales,
    previous: previous ? { finishedAt: previous.finishedAt, scales: previous.scores.map((s) => ({ scale: s.scale, percent: s.percent })) } : null,
  };
}

// ---------------------------------------------------------------------------
// Output

export type AgeGroup = "6-7" | "8-9" | "10-11";
export type SectionKind = "subjects" | "courses" | "profile" | "path" | "oge" | "ege" | "directions" | "trials" | "next-steps" | "olympiads";

export interface PlanSignal {
  source: "test" | "trial" | "mentor" | "rating";
  /** testId/scale for a test, the trial id for the others. */
  ref: string;
  label: string;
  /**
   * Points (of 100) this signal adds to the score behind the item, signed. For a
   * test scale: its share of the tests' weighted mean. For a trial: what the
   * trial adds or takes away in all. For the mentor's marks and the student's
   * rating: their parts of it before the low-mark rule and the cap.
   */
  weight: number;
}

export interface PlanWhy {
  text: string;
  signals: PlanSignal[];
}

export interface PlanItem {
  id: string;
  text: string;
  why: PlanWhy;
}

export interface PlanSection {
  kind: SectionKind;
  title: string;
  items: PlanItem[];
}

/** One professional area's score, for the chart of the profile. */
export interface AreaScore {
  id: string;
  area: string;
  score: number;
  /** The tests' weighted mean, null when no test speaks to the area. */
  testPart: number | null;
  /** What the trials added (negative: took away). */
  trialPart: number;
}

export interface Plan {
  grade: number;
  ageGroup: AgeGroup;
  asOf: string;
  sections: PlanSection[];
  summary: string;
  areas: AreaScore[];
  /** Every signal the plan's items rest on, once each, in the order they first appear. */
  signals: PlanSignal[];
}

// ---------------------------------------------------------------------------
// Scoring
//
// Every score behind an item (a professional area, a school subject, a profile)
// is made the same way, on a 0–100 scale:
//
//   T = Σ wₛ·pₛ / Σ wₛ      over the scales s of the latest attempt of each test,
//                            pₛ the scale's percent, wₛ = CATEGORY_WEIGHTS[test category] × e(s),
//                            e(s) how much the scale speaks to the target:
//                              area:    Σ_d interestsₛ[d] × area.dimensions[d] over RIASEC areas and Klimov domains
//                              subject: 1 if the scale names the subject, else
//                                       INDIRECT_WEIGHT × the largest interestsₛ[d] whose dimension d points at it
//                              profile: 1 if the scale names the profile, else
//                                       INDIRECT_WEIGHT × the share of its subjects that the profile takes in depth
//   tⱼ = Σ Wₖ·(mₖ − 3)/2 / Σ Wₖ   for each attended trial j of the target's area, over the marks k it has
//                            (mentor's interest, student's rating, mentor's performance; each 1–5), so −1…+1;
//                            if the student's rating or the mentor's interest is ≤ LOW_MARK, tⱼ = min(tⱼ, LOW_SIGNAL):
//                            a clear «not mine» lowers the area whatever the other marks say
//   P = clamp(TRIAL_POINTS × Σ tⱼ, −TRIAL_CAP, TRIAL_CAP)
//   score = clamp((T, or NEUTRAL when no test speaks to the target) + P, 0, 100)
//
// A trial "of the target's area" is a trial whose competency is in that area; for
// a subject or profile, a trial in any area whose rule lists it.

/** Interests and inclinations say most about what a student likes; knowledge quizzes, strengths and values less. */
export const CATEGORY_WEIGHTS: Record<DiagnosticCategory, number> = {
  interests: 1,
  inclinations: 1,
  awareness: 0.5,
  strengths: 0.5,
  values: 0.5,
  readiness: 0,
};
export const INDIRECT_WEIGHT = 0.5;
export const MENTOR_INTEREST_WEIGHT = 0.4;
export const STUDENT_RATING_WEIGHT = 0.4;
export const MENTOR_PERFORMANCE_WEIGHT = 0.2;
/** A trial at either extreme (all marks 5 or all 1) moves its area by this many points. */
export const TRIAL_POINTS = 20;
export const TRIAL_CAP = 30;
export const LOW_MARK = 2;
export const LOW_SIGNAL = -0.5;
export const NEUTRAL = 50;
/** A scale that moved this much since the previous attempt is named with its earlier value. */
export const CHANGE_NOTED = 10;

/** Areas, subjects and profiles at or above this are recommended; below it the plan says «присмотреться». */
const RECOMMEND_FROM = 50;
/** A profile below this, or two within PROFILE_TIE, make the universal profile the first suggestion. */
const PROFILE_CLEAR = 55;
const PROFILE_TIE = 5;
const TRIAL_FIT_FROM = 40;
const MAX_TOP_AREAS = 2;
const MAX_SUBJECTS = 3;
const MAX_TRIALS = 3;
const MAX_TESTS_NAMED = 3;

interface LatestScale {
  testId: string;
  testTitle: string;
  category: DiagnosticCategory;
  scale: PlanScale;
  percent: number;
  previousPercent: number | null;
}

interface TrialEffect {
  trial: PlanTrial;
  /** −1…+1 after the low-mark rule. */
  signal: number;
  mentorPart: number | null;
  ratingPart: number | null;
  low: boolean;
}

interface TestContribution {
  s: LatestScale;
  share: number;
  points: number;
}

interface Score {
  value: number;
  testPart: number | null;
  trialPart: number;
  tests: TestContribution[];
  trials: { effect: TrialEffect; points: number }[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The latest finished attempt of each test (a later entry wins a tie), scales with a percent only. */
function latestScales(diagnostics: readonly PlanDiagnostic[]): LatestScale[] {
  const latest = new Map<string, PlanDiagnostic>();
  for (const d of diagnostics) {
    const known = latest.get(d.testId);
    if (!known || Date.parse(d.finishedAt) >= Date.parse(known.finishedAt)) latest.set(d.testId, d);
  }
  const out: LatestScale[] = [];
  for (const d of [...latest.values()].sort((a, b) => byText(a.testId, b.testId))) {
    for (const scale of d.scales) {
      if (scale.percent === null) continue;
      const previousPercent = d.previous?.scales.find((p) => p.scale === scale.scale)?.percent ?? null;
      out.push({ testId: d.testId, testTitle: d.title, category: d.category, scale, percent: scale.percent, previousPercent });
    }
  }
  return out;
}

function trialEffect(trial: PlanTrial): TrialEffect | null {
  if (!trial.attended) return null;
  const marks = [
    { k: "mentor", w: MENTOR_INTEREST_WEIGHT, m: trial.mentorInterest },
    { k: "rating", w: STUDENT_RATING_WEIGHT, m: trial.studentRating },
    { k: "mentor", w: MENTOR_PERFORMANCE_WEIGHT, m: trial.mentorPerformance },
  ].filter((x): x is { k: string; w: number; m: Mark } => typeof x.m === "number");
  if (marks.length === 0) return null;
  const total = marks.reduce((s, x) => s + x.w, 0);
  const part = (k: string) => {
    const mine = marks.filter((x) => x.k === k);
    return mine.length === 0 ? null : mine.reduce((s, x) => s + (x.w * (x.m - 3)) / 2, 0) / total;
  };
  const mentorPart = part("mentor");
  const ratingPart = part("rating");
  const raw = (mentorPart ?? 0) + (ratingPart ?? 0);
  const low = (trial.studentRating ?? 5) <= LOW_MARK || (trial.mentorInterest ?? 5) <= LOW_MARK;
  return { trial, signal: low ? Math.min(raw, LOW_SIGNAL) : raw, mentorPart, ratingPart, low };
}

function combine(evidence: readonly { s: LatestScale; w: number }[], trials: readonly TrialEffect[]): Score | null {
  const used = evidence.filter((e) => e.w > 0);
  if (used.length === 0 && trials.length === 0) return null;
  const totalW = used.reduce((sum, e) => sum + e.w, 0);
  const testPart = totalW > 0 ? used.reduce((sum, e) => sum + e.w * e.s.percent, 0) / totalW : null;
  const tests = used
    .map((e) => ({ s: e.s, share: e.w / totalW, points: round1((e.w * e.s.percent) / totalW) }))
    .sort((a, b) => b.share - a.share || b.s.percent - a.s.percent || byText(a.s.testId, b.s.testId) || byText(a.s.scale.scale, b.s.scale.scale));
  const raw = trials.reduce((sum, t) => sum + TRIAL_POINTS * t.signal, 0);
  const trialPart = clamp(raw, -TRIAL_CAP, TRIAL_CAP);
  const factor = raw === 0 ? 1 : trialPart / raw;
  return {
    value: round1(clamp((testPart ?? NEUTRAL) + trialPart, 0, 100)),
    testPart: testPart === null ? null : round1(testPart),
    trialPart: round1(trialPart),
    tests,
    trials: trials.map((effect) => ({ effect, points: round1(TRIAL_POINTS * effect.signal * factor) })),
  };
}

const dimensionsOf = (w: ProfileWeights | undefined) => Object.entries(w ?? {}) as [ProfileDimension, number | undefined][];

function areaEvidence(rule: AreaRule, s: LatestScale): number {
  let dot = 0;
  for (const [d, w] of dimensionsOf(s.scale.interests)) dot += (w ?? 0) * (rule.dimensions[d] ?? 0);
  return CATEGORY_WEIGHTS[s.category] * dot;
}

function subjectEvidence(subject: SchoolSubject, s: LatestScale): number {
  if (s.scale.subjects?.includes(subject)) return CATEGORY_WEIGHTS[s.category];
  let best = 0;
  for (const [d, w] of dimensionsOf(s.scale.interests)) if (RECOMMENDATION_RULES.dimensionSubjects[d].includes(subject)) best = Math.max(best, w ?? 0);
  return CATEGORY_WEIGHTS[s.category] * INDIRECT_WEIGHT * best;
}

function profileEvidence(profile: SchoolProfile, s: LatestScale): number {
  if (s.scale.profiles?.includes(profile)) return CATEGORY_WEIGHTS[s.category];
  const subjects = s.scale.subjects ?? [];
  if (subjects.length === 0) return 0;
  const advanced = profileRule(profile).advancedSubjects;
  return (CATEGORY_WEIGHTS[s.category] * INDIRECT_WEIGHT * subjects.filter((x) => advanced.includes(x)).length) / subjects.length;
}

interface Scored<K> {
  key: K;
  score: Score;
}

function rank<K>(list: Scored<K>[]): Scored<K>[] {
  // Stable: equal scores keep the rules' order.
  return [...list].sort((a, b) => b.score.value - a.score.value);
}

// ---------------------------------------------------------------------------
// Words

function plural(n: number, one: string, few: string, many: string): string {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return many;
  if (b === 1) return one;
  if (b >= 2 && b <= 4) return few;
  return many;
}

const points = (n: number) => {
  const v = Math.round(Math.abs(n));
  return `${v} ${plural(v, "балл", "балла", "баллов")}`;
};

function level(v: number): string {
  if (v >= 67) return "высокий";
  if (v >= RECOMMEND_FROM) return "заметный";
  return "невысокий";
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const subjectName = (s: SchoolSubject) => lower(SCHOOL_SUBJECTS[s]);
const andList = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} и ${xs.at(-1)}`);
const orList = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} или ${xs.at(-1)}`);
const shorten = (s: string, n = 120) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);

function testPhrase(c: TestContribution): string {
  const what = c.s.category === "interests" || c.s.category === "inclinations" ? "интерес" : "результат";
  const p = Math.round(c.s.percent);
  const change = c.s.previousPercent !== null && Math.abs(c.s.percent - c.s.previousPercent) >= CHANGE_NOTED ? `; в прошлый раз ${Math.round(c.s.previousPercent)}` : "";
  return `${level(c.s.percent)} ${what} по шкале «${c.s.scale.title}» теста «${c.s.testTitle}» (${p} из 100, вес ${Math.round(c.share * 100)} %${change})`;
}

function marksPhrase(t: PlanTrial): string {
  const mentor = [t.mentorInterest ? `интерес ${t.mentorInterest}/5` : null, t.mentorPerformance ? `результат ${t.mentorPerformance}/5` : null].filter((x): x is string => x !== null);
  const parts = [mentor.length > 0 ? `наставник отметил ${andList(mentor)}` : null, t.studentRating ? `оценка ребёнка ${t.studentRating}/5` : null].filter((x): x is string => x !== null);
  return parts.join(", ");
}

function trialPhrase(effect: TrialEffect, pts: number): string {
  const t = effect.trial;
  const comment = t.mentorComment?.trim() ? `, отзыв наставника: «${shorten(t.mentorComment.trim())}»` : "";
  let impact: string;
  if (pts > 0) impact = `повышает оценку на ${points(pts)}`;
  else if (pts < 0) {
    const reasons = [(t.studentRating ?? 5) <= LOW_MARK ? "проба понравилась мало" : null, (t.mentorInterest ?? 5) <= LOW_MARK ? "наставник увидел мало интереса" : null].filter((x): x is string => x !== null);
    impact = `снижает оценку на ${points(pts)}${reasons.length > 0 ? `: ${andList(reasons)}` : ""}`;
  } else impact = "не меняет оценку";
  return `проба «${t.title}»: ${marksPhrase(t)}${comment} — ${impact}`;
}

function signalsOf(score: Score, maxTests = MAX_TESTS_NAMED): PlanSignal[] {
  const out: PlanSignal[] = score.tests.slice(0, maxTests).map((c) => ({
    source: "test",
    ref: `${c.s.testId}/${c.s.scale.scale}`,
    label: `«${c.s.testTitle}»: ${c.s.scale.title} — ${Math.round(c.s.percent)} из 100`,
    weight: c.points,
  }));
  for (const { effect, points: pts } of score.trials) {
    const t = effect.trial;
    out.push({ source: "trial", ref: t.trialId, label: `Проба «${t.title}»`, weight: pts });
    if (effect.mentorPart !== null) {
      const marks = [t.mentorInterest ? `интерес ${t.mentorInterest}/5` : null, t.mentorPerformance ? `результат ${t.mentorPerformance}/5` : null].filter(Boolean).join(", ");
      out.push({ source: "mentor", ref: t.trialId, label: `Наставник: ${marks}`, weight: round1(TRIAL_POINTS * effect.mentorPart) });
    }
    if (effect.ratingPart !== null) out.push({ source: "rating", ref: t.trialId, label: `Оценка ребёнка: ${t.studentRating}/5`, weight: round1(TRIAL_POINTS * effect.ratingPart) });
  }
  return out;
}

/** «<lead> — 78 из 100: <inputs with weights>.» */
function explain(lead: string, score: Score, extra: readonly string[] = [], maxTests = MAX_TESTS_NAMED): PlanWhy {
  const parts = [
    ...score.tests.slice(0, maxTests).map(testPhrase),
    ...(score.testPart === null ? [`тесты об этом пока ничего не говорят, за основу взято ${NEUTRAL} из 100`] : []),
    ...score.trials.map((t) => trialPhrase(t.effect, t.points)),
    ...extra,
  ];
  return { text: `${lead} — ${Math.round(score.value)} из 100: ${parts.join("; ")}.`, signals: signalsOf(score, maxTests) };
}

// ---------------------------------------------------------------------------
// Refusal

export const REFUSALS = {
  notAdmitted: "Рекомендации доступны, когда у участника есть действующее согласие родителя: согласие не получено или отозвано",
  noTrial: "План появится после хотя бы одной пройденной пробы с отзывом наставника",
  noDiagnostics: "План появится после хотя бы одного пройденного теста онлайн-диагностики",
} as const;

const hasMentorFeedback = (t: PlanTrial) => t.attended && (typeof t.mentorInterest === "number" || typeof t.mentorPerformance === "number");

/** Why there is no plan yet, in Russian, or null when there can be one. */
export function planRefusal(input: Pick<PlanInput, "admitted" | "diagnostics" | "trials">): string | null {
  if (!input.admitted) return REFUSALS.notAdmitted;
  if (!input.trials.some(hasMentorFeedback)) return REFUSALS.noTrial;
  if (latestScales(input.diagnostics).length === 0) return REFUSALS.noDiagnostics;
  return null;
}

export function ageGroupOf(grade: number): AgeGroup {
  if (!Number.isInteger(grade) || grade < 6 || grade > 11) throw new AppError("BAD_REQUEST", "Рекомендации строятся для 6–11 классов");
  return grade <= 7 ? "6-7" : grade <= 9 ? "8-9" : "10-11";
}

// ---------------------------------------------------------------------------
// The plan

const SECTION_TITLES: Record<SectionKind, string> = {
  subjects: "Предметы для углублённого изучения",
  courses: "Кружки и курсы дополнительного образования",
  profile: "Профиль обучения в 10–11 классах",
  path: "Путь через колледж после 9 класса",
  oge: "ОГЭ: экзамены по выбору",
  ege: "ЕГЭ: экзамены для поступления",
  directions: "Направления высшего образования и колледжа",
  trials: "Следующие пробы",
  olympiads: "Олимпиады",
  "next-steps": "Что сделать в ближайшие месяцы",
};

const SECTION_ORDER: Record<AgeGroup, SectionKind[]> = {
  "6-7": ["subjects", "courses", "trials", "next-steps"],
  "8-9": ["profile", "path", "oge", "trials", "next-steps"],
  "10-11": ["ege", "directions", "trials", "olympiads", "next-steps"],
};

interface Context {
  input: PlanInput;
  grade: number;
  scales: LatestScale[];
  effects: TrialEffect[];
  areas: Scored<AreaRule>[];
  subjects: Scored<SchoolSubject>[];
}

function scoreArea(rule: AreaRule, scales: LatestScale[], effects: TrialEffect[]): Score {
  const score = combine(
    scales.map((s) => ({ s, w: areaEvidence(rule, s) })),
    effects.filter((e) => e.trial.area === rule.area),
  );
  return score ?? { value: NEUTRAL, testPart: null, trialPart: 0, tests: [], trials: [] };
}

function scoreSubject(subject: SchoolSubject, scales: LatestScale[], effects: TrialEffect[]): Score | null {
  const areasWithIt = new Set(RECOMMENDATION_RULES.areas.filter((a) => a.subjects.includes(subject)).map((a) => a.area));
  return combine(
    scales.map((s) => ({ s, w: subjectEvidence(subject, s) })),
    effects.filter((e) => areasWithIt.has(e.trial.area)),
  );
}

function scoreProfile(profile: SchoolProfile, scales: LatestScale[], effects: TrialEffect[]): Score | null {
  const areasWithIt = new Set(RECOMMENDATION_RULES.areas.filter((a) => a.profiles.includes(profile)).map((a) => a.area));
  return combine(
    scales.map((s) => ({ s, w: profileEvidence(profile, s) })),
    effects.filter((e) => areasWithIt.has(e.trial.area)),
  );
}

/** The leading areas: those at or above RECOMMEND_FROM, at most MAX_TOP_AREAS, and at least the best one. */
function topAreas(ctx: Context): Scored<AreaRule>[] {
  const good = ctx.areas.filter((a) => a.score.value >= RECOMMEND_FROM).slice(0, MAX_TOP_AREAS);
  return good.length > 0 ? good : ctx.areas.slice(0, 1);
}

const subjectScore = (ctx: Context, s: SchoolSubject) => ctx.subjects.find((x) => x.key === s)?.score ?? null;

/** Subjects ranked by score among `among`, in the rules' order on a tie; subjects no input speaks to come last. */
function rankSubjects(ctx: Context, among: readonly SchoolSubject[]): SchoolSubject[] {
  const value = (s: SchoolSubject) => subjectScore(ctx, s)?.value ?? -1;
  return [...among].sort((a, b) => value(b) - value(a));
}

/** Groups of specialities the positively rated trials of an area lead to, first, then the area's own list. */
function groupsFor(ctx: Context, area: AreaRule, level: "spo" | "vo"): { group: EducationGroup; viaTrial: PlanTrial | null }[] {
  const own = level === "spo" ? area.spoGroups : area.voGroups;
  const out: { group: EducationGroup; viaTrial: PlanTrial | null }[] = [];
  const seen = new Set<string>();
  const liked = ctx.effects.filter((e) => e.trial.area === area.area && e.signal > 0).sort((a, b) => b.signal - a.signal || byText(a.trial.trialId, b.trial.trialId));
  for (const e of liked) {
    for (const code of RECOMMENDATION_RULES.competencyGroups[e.trial.competencyCode] ?? []) {
      const group = educationGroupByCode(code);
      if (!group || !group[level] || seen.has(code)) continue;
      seen.add(code);
      out.push({ group, viaTrial: e.trial });
    }
  }
  for (const code of own) {
    const group = educationGroupByCode(code);
    if (!group || seen.has(code)) continue;
    seen.add(code);
    out.push({ group, viaTrial: null });
  }
  return out;
}

const viaTrialNote = (t: PlanTrial | null) => (t ? [`проба «${t.title}» ведёт прямо к этой группе специальностей`] : []);

function subjectsSection(ctx: Context): PlanItem[] {
  const ranked = ctx.subjects.filter((s) => s.score.value >= RECOMMEND_FROM).slice(0, MAX_SUBJECTS);
  const chosen = ranked.length > 0 ? ranked : ctx.subjects.slice(0, 1);
  return chosen.map(({ key, score }) => ({
    id: `subjects:${key}`,
    text: score.value >= RECOMMEND_FROM ? `Рекомендуется углублённо изучать ${SUBJECT_ACCUSATIVE[key]}` : `Стоит присмотреться к ${SUBJECT_DATIVE[key]}: это самый сильный предмет по результатам, хотя и невысокий`,
    why: explain(`Оценка предмета «${SCHOOL_SUBJECTS[key]}»`, score),
  }));
}

function coursesSection(ctx: Context): PlanItem[] {
  const items: PlanItem[] = [];
  for (const { key: area, score } of topAreas(ctx)) {
    for (const course of area.courses) {
      items.push({
        id: `courses:${area.id}:${course.direction}`,
        text: `Кружок или курс дополнительного образования (${EXTRACURRICULAR_DIRECTIONS[course.direction]} направленность): ${course.kinds.join(", ")}`,
        why: explain(`Оценка направления «${area.area}»`, score),
      });
    }
  }
  return items;
}


interface ProfileChoice {
  profile: SchoolProfile;
  score: Score;
  /** For the universal profile: the two subjects suggested in depth. */
  subjects?: SchoolSubject[];
}

function chooseProfiles(ctx: Context): ProfileChoice[] {
  const ranked = rank(
    (["technological", "natural-science", "humanities", "socio-economic"] as SchoolProfile[])
      .map((p) => ({ key: p, score: scoreProfile(p, ctx.scales, ctx.effects) }))
      .filter((x): x is Scored<SchoolProfile> => x.score !== null),
  );
  const [first, second] = ranked;
  if (!first) return [];
  const unclear = first.score.value < PROFILE_CLEAR || (second !== undefined && first.score.value - second.score.value < PROFILE_TIE);
  const out: ProfileChoice[] = [];
  if (unclear) {
    const subjects = ctx.subjects.slice(0, 2).map((s) => s.key);
    const base = subjectScore(ctx, subjects[0]!) ?? first.score;
    out.push({ profile: "universal", score: base, subjects });
  }
  out.push({ profile: first.key, score: first.score });
  if (!unclear && second && first.score.value - second.score.value < 2 * PROFILE_TIE) out.push({ profile: second.key, score: second.score });
  return out;
}

function profileSection(choices: ProfileChoice[]): PlanItem[] {
  return choices.map((c, i) => {
    const rule = profileRule(c.profile);
    if (c.profile === "universal") {
      const subjects = c.subjects ?? [];
      return {
        id: "profile:universal",
        text: `Рекомендуется ${PROFILE_PHRASES.universal} профиль с двумя предметами углублённо: ${andList(subjects.map(subjectName))}`,
        why: explain(`Явного профиля пока нет (профили близки или ниже ${PROFILE_CLEAR} из 100), поэтому предложены самые сильные предметы; оценка предмета «${SCHOOL_SUBJECTS[subjects[0]!]}»`, c.score),
      };
    }
    return {
      id: `profile:${c.profile}`,
      text: `${i === 0 ? "Рекомендуется" : "Также подходит"} ${PROFILE_PHRASES[c.profile]} профиль: ${rule.note}`,
      why: explain(`Оценка ${PROFILE_GENITIVE[c.profile]} профиля`, c.score),
    };
  });
}

function pathSection(ctx: Context): PlanItem[] {
  const items: PlanItem[] = [];
  for (const { key: area, score } of topAreas(ctx)) {
    const first = groupsFor(ctx, area, "spo")[0];
    if (!first) continue;
    items.push({
      id: `path:${first.group.code}`,
      text: `Колледж после 9 класса: специальности группы ${first.group.code} «${first.group.name}»`,
      why: explain(`Оценка направления «${area.area}»`, score, [...viaTrialNote(first.viaTrial), "в колледж после 9 класса принимают по среднему баллу аттестата"]),
    });
  }
  return items;
}

function ogeSection(ctx: Context, choices: ProfileChoice[]): { items: PlanItem[]; subjects: SchoolSubject[] } {
  const main = choices[0];
  if (!main) return { items: [], subjects: [] };
  const allowed = profileRule(main.profile).ogeChoices;
  const picked = rankSubjects(ctx, allowed).slice(0, RECOMMENDATION_RULES.oge.electivesToChoose);
  const items = picked.map((s): PlanItem => {
    const score = subjectScore(ctx, s);
    const lead = `Для ${PROFILE_GENITIVE[main.profile]} профиля обычно учитывают ОГЭ по ${orList(allowed.map((x) => SUBJECT_DATIVE[x]))}; оценка предмета «${SCHOOL_SUBJECTS[s]}»`;
    return {
      id: `oge:${s}`,
      text: `ОГЭ по ${SUBJECT_DATIVE[s]} — экзамен по выбору (кроме обязательных русского языка и математики)`,
      why: score ? explain(lead, score) : { text: `${lead} пока не известна: тесты и пробы об этом предмете ничего не говорят.`, signals: [] },
    };
  });
  return { items, subjects: picked };
}

interface Directions {
  items: PlanItem[];
  vo: { group: EducationGroup; score: Score }[];
}

const MAX_DIRECTIONS_PER_AREA = 2;

function egeText(g: EducationGroup): string {
  const ege = g.ege!;
  const main = ege.main.map((s) => (s === "math" ? "математике (профильный уровень)" : SUBJECT_DATIVE[s]));
  const choice = ege.choice.length > 0 ? [orList(ege.choice.map((s) => SUBJECT_DATIVE[s]))] : [];
  return `обычно ЕГЭ по ${andList(["русскому языку", ...main, ...choice])}${ege.creative ? ", а также творческое испытание в вузе" : ""}`;
}

function directionsSection(ctx: Context): Directions {
  const items: PlanItem[] = [];
  const vo: Directions["vo"] = [];
  const seen = new Set<string>();
  for (const { key: area, score } of topAreas(ctx)) {
    for (const { group, viaTrial } of groupsFor(ctx, area, "vo")
      .filter((x) => !seen.has(x.group.code))
      .slice(0, MAX_DIRECTIONS_PER_AREA)) {
      seen.add(group.code);
      vo.push({ group, score });
      items.push({
        id: `directions:${group.code}`,
        text: `Высшее образование, группа ${group.code} «${group.name}»: ${egeText(group)}`,
        why: explain(`Оценка направления «${area.area}»`, score, viaTrialNote(viaTrial)),
      });
    }
  }
  const [top] = topAreas(ctx);
  const college = top ? groupsFor(ctx, top.key, "spo")[0] : undefined;
  if (top && college) {
    items.push({
      id: `directions:spo:${college.group.code}`,
      text: `Колледж после 11 класса (обучение короче, чем после 9-го): специальности группы ${college.group.code} «${college.group.name}»`,
      why: explain(`Оценка направления «${top.key.area}»`, top.score, viaTrialNote(college.viaTrial)),
    });
  }
  return { items, vo };
}

function egeSection(ctx: Context, vo: Directions["vo"]): { items: PlanItem[]; subjects: SchoolSubject[] } {
  const need = new Map<SchoolSubject, { groups: string[]; main: boolean }>();
  const add = (s: SchoolSubject, code: string, main: boolean) => {
    const e = need.get(s) ?? { groups: [], main: false };
    if (!e.groups.includes(code)) e.groups.push(code);
    e.main ||= main;
    need.set(s, e);
  };
  for (const { group } of vo) {
    for (const s of group.ege?.main ?? []) add(s, group.code, true);
    const best = rankSubjects(ctx, group.ege?.choice ?? [])[0];
    if (best) add(best, group.code, false);
  }
  const value = (s: SchoolSubject) => subjectScore(ctx, s)?.value ?? -1;
  const electives = [...need.entries()]
    .filter(([s]) => s !== "math" && s !== "russian")
    .sort(([a, x], [b, y]) => y.groups.length - x.groups.length || Number(y.main) - Number(x.main) || value(b) - value(a))
    .slice(0, RECOMMENDATION_RULES.ege.electivesToChoose)
    .map(([s]) => s);
  const chosen: SchoolSubject[] = [...(need.has("math") ? (["math"] as const) : []), ...electives];
  const items = chosen.map((s): PlanItem => {
    const groups = need.get(s)!.groups.map((code) => `${code} «${educationGroupByCode(code)!.name}»`);
    const lead = `Нужен для ${groups.length > 1 ? "направлений" : "направления"} ${andList(groups)}; оценка предмета «${SCHOOL_SUBJECTS[s]}»`;
    const score = subjectScore(ctx, s);
    return {
      id: s === "math" ? "ege:math-profile" : `ege:${s}`,
      text: s === "math" ? "ЕГЭ по математике профильного уровня" : `ЕГЭ по ${SUBJECT_DATIVE[s]}`,
      why: score ? explain(lead, score) : { text: `${lead} пока не известна.`, signals: [] },
    };
  });
  return { items, subjects: chosen };
}

function olympiadsSection(ctx: Context): PlanItem[] {
  const names = RECOMMENDATION_RULES.olympiadSubjects;
  const strong = ctx.subjects.filter((s) => s.score.value >= RECOMMEND_FROM && names[s.key]).slice(0, 2);
  const items: PlanItem[] = strong.map(({ key, score }) => ({
    id: `olympiads:vsosh:${key}`,
    text: `Всероссийская олимпиада школьников по предмету «${names[key]}»: школьный этап проходит осенью, в сентябре–октябре`,
    why: explain(`Оценка предмета «${SCHOOL_SUBJECTS[key]}»`, score),
  }));
  const [first] = strong;
  if (first) {
    const subjects = strong.map((s) => names[s.key]!);
    items.push({
      id: "olympiads:rsosh",
      text: `Олимпиады из перечня, который ежегодно утверждает Минобрнауки России, по ${subjects.length > 1 ? "предметам" : "предмету"} ${andList(subjects.map((s) => `«${s}»`))}: вузы учитывают их дипломы при поступлении по своим правилам приёма`,
      why: explain(`Оценка предмета «${SCHOOL_SUBJECTS[first.key]}»`, first.score),
    });
  }
  return items;
}

function trialsSection(ctx: Context): PlanItem[] {
  const asOf = Date.parse(ctx.input.asOf);
  const taken = new Set(ctx.input.trials.map((t) => t.trialId));
  const disliked = new Set(ctx.effects.filter((e) => e.signal < 0).map((e) => e.trial.competencyCode));
  const riasec = riasecAreas(ctx.scales);
  const knowsInterests = RIASEC.some((a) => riasec[a] !== null);
  const candidates = ctx.input.catalogue
    .filter((t) => t.freeSeats > 0 && Date.parse(t.startsAt) > asOf && ctx.grade >= t.minGrade && ctx.grade <= t.maxGrade)
    .filter((t) => t.format !== "in_person" || !t.regionCode || t.regionCode === ctx.input.student.regionCode)
    .filter((t) => !taken.has(t.id) && !disliked.has(t.competencyCode))
    .flatMap((t) => {
      const competency = COMPETENCIES.find((c) => c.code === t.competencyCode);
      const area = competency ? ctx.areas.find((a) => a.key.area === competency.area) : undefined;
      if (!competency || !area) return [];
      const fit = knowsInterests ? competencyFit({ areas: riasec }, [competency])[0] : undefined;
      const value = round1(fit ? (area.score.value + fit.fit) / 2 : area.score.value);
      return [{ t, competency, area, fit, value }];
    })
    .filter((c) => c.value >= TRIAL_FIT_FROM)
    .sort((a, b) => b.value - a.value || Date.parse(a.t.startsAt) - Date.parse(b.t.startsAt) || byText(a.t.id, b.t.id))
    .slice(0, MAX_TRIALS);
  return candidates.map(({ t, area, fit, value }) => {
    const areaWhy = explain(`оценка направления «${area.key.area}»`, area.score, [], 2);
    const fitText = fit ? `совпадение компетенции «${fit.name}» с интересами — ${Math.round(fit.fit)} из 100 (${fit.reason}); ` : "";
    return {
      id: `trials:${t.id}`,
      text: `Проба «${t.title}» — ${formatDateTime(t.startsAt)}, свободных мест: ${t.freeSeats}`,
      why: {
        text: `Подходит на ${Math.round(value)} из 100: ${fitText}${areaWhy.text.replace(/\.$/, "")}; проба для ${t.minGrade === t.maxGrade ? `${t.minGrade} класса` : `${t.minGrade}–${t.maxGrade} классов`}.`,
        signals: areaWhy.signals,
      },
    };
  });
}

/** RIASEC areas over the latest scales, as the interest profile computes them (a weighted mean per area). */
function riasecAreas(scales: LatestScale[]): Record<InterestArea, number | null> {
  const acc = new Map<InterestArea, { sum: number; w: number }>();
  for (const s of scales) {
    for (const [d, w] of dimensionsOf(s.scale.interests)) {
      if (!w || !(RIASEC as readonly string[]).includes(d)) continue;
      const a = acc.get(d as InterestArea) ?? { sum: 0, w: 0 };
      a.sum += w * s.percent;
      a.w += w;
      acc.set(d as InterestArea, a);
    }
  }
  return Object.fromEntries(RIASEC.map((a) => [a, acc.has(a) ? round1(acc.get(a)!.sum / acc.get(a)!.w) : null])) as Record<InterestArea, number | null>;
}

interface Chosen {
  ogeSubjects: SchoolSubject[];
  egeSubjects: SchoolSubject[];
  profile: ProfileChoice | undefined;
  vo: Directions["vo"];
  pathItems: PlanItem[];
  courseItems: PlanItem[];
}

function nextSteps(ctx: Context, chosen: Chosen): PlanItem[] {
  const items: PlanItem[] = [];
  const [top] = topAreas(ctx);
  const grade = ctx.grade;

  for (const e of ctx.effects.filter((x) => x.low).sort((a, b) => byText(a.trial.trialId, b.trial.trialId))) {
    items.push({
      id: `next-steps:talk:${e.trial.trialId}`,
      text: `Обсудить пробу «${e.trial.title}»: что не понравилось и почему — это поможет точнее выбрать следующие пробы`,
      why: {
        text: `Проба «${e.trial.title}»: ${marksPhrase(e.trial)}; поэтому направление «${e.trial.area}» в плане ниже и пробы по компетенции «${e.trial.competencyName}» пока не предлагаются.`,
        signals: signalsOf({ value: 0, testPart: null, trialPart: 0, tests: [], trials: [{ effect: e, points: round1(TRIAL_POINTS * e.signal) }] }),
      },
    });
  }

  if (grade <= 7 && top && chosen.courseItems.length > 0) {
    items.push({
      id: "next-steps:enrol-course",
      text: `Выбрать один кружок по направлению «${top.key.area}» и записаться в школе, в центре дополнительного образования или в детском технопарке`,
      why: explain(`Оценка направления «${top.key.area}»`, top.score, [], 2),
    });
  }
  if (grade === 8 && chosen.profile) {
    const p = chosen.profile.profile;
    items.push({
      id: "next-steps:profile-classes",
      text: "Узнать, какие профильные классы откроются в школе и в районе и как в них принимают: обычно учитывают ОГЭ по предметам профиля и годовые отметки",
      why: { text: `Рекомендованный профиль — ${PROFILE_PHRASES[p]}; предметы ОГЭ по выбору в плане: ${andList(chosen.ogeSubjects.map(subjectName))}.`, signals: [] },
    });
  }
  if (grade === 9) {
    const oge = RECOMMENDATION_RULES.oge;
    items.push({
      id: "next-steps:oge-application",
      text: `Подать заявление на ОГЭ ${oge.applicationDeadline}: русский язык, математика${chosen.ogeSubjects.length > 0 ? `, ${chosen.ogeSubjects.map(subjectName).join(", ")}` : ""}; до этого — ${oge.admissionCondition}`,
      why: { text: `Для 9 класса так устроена итоговая аттестация по Порядку ГИА-9; предметы по выбору взяты из раздела ОГЭ этого плана (${andList(chosen.ogeSubjects.map(subjectName)) || "пока не выбраны"}).`, signals: [] },
    });
    const college = chosen.pathItems[0];
    if (college) {
      items.push({
        id: "next-steps:college-open-days",
        text: `Посмотреть колледжи своего региона со специальностями из раздела «${SECTION_TITLES.path}» и сходить на дни открытых дверей`,
        why: { text: `${college.text}. ${college.why.text}`, signals: college.why.signals },
      });
    }
  }
  if (grade >= 10 && chosen.vo.length > 0) {
    const codes = chosen.vo.map((v) => v.group.code);
    const ege = RECOMMENDATION_RULES.ege;
    const subjects = andList(chosen.egeSubjects.map((s) => (s === "math" ? "профильной математике" : SUBJECT_DATIVE[s])));
    items.push(
      grade === 10
        ? {
            id: "next-steps:check-admission",
            text: `Сверить список ЕГЭ с правилами приёма двух-трёх вузов по направлениям ${andList(codes)} и начать подготовку${subjects ? ` по ${subjects}` : ""}`,
            why: { text: `Направления и экзамены взяты из разделов ЕГЭ и направлений этого плана; каждый вуз сам утверждает вступительные испытания в пределах перечня Минобрнауки России.`, signals: [] },
          }
        : {
            id: "next-steps:ege-application",
            text: `Написать ${ege.admissionCondition} и подать заявление на ЕГЭ ${ege.applicationDeadline}: русский язык${subjects ? `, ${chosen.egeSubjects.map((s) => (s === "math" ? "математика профильного уровня" : subjectName(s))).join(", ")}` : ""}`,
            why: { text: `Для 11 класса так устроена итоговая аттестация по Порядку ГИА-11; предметы взяты из раздела ЕГЭ этого плана для направлений ${andList(codes)}.`, signals: [] },
          },
    );
    const creative = chosen.vo.find((v) => v.group.ege?.creative);
    if (creative) {
      items.push({
        id: `next-steps:creative:${creative.group.code}`,
        text: `Узнать, какое творческое испытание проводят вузы по направлениям группы ${creative.group.code} «${creative.group.name}», и начать к нему готовиться`,
        why: explain(`Для этой группы вузы обычно проводят собственное творческое испытание; оценка направления`, creative.score, [], 2),
      });
    }
  }

  const takenTests = new Set(ctx.scales.map((s) => s.testId));
  const nextTest = DIAGNOSTIC_TESTS.find(
    (t) => grade >= t.grades[0] && grade <= t.grades[1] && (t.category === "interests" || t.category === "inclinations") && !takenTests.has(t.id) && t.scales.some((s) => s.interests),
  );
  if (nextTest) {
    const titles = [...new Map(ctx.scales.map((s) => [s.testId, s.testTitle])).values()];
    items.push({
      id: `next-steps:test:${nextTest.id}`,
      text: `Пройти тест «${nextTest.title}»: он уточнит профиль интересов, и следующий вариант плана будет точнее`,
      why: { text: `В план вошли результаты ${titles.length} ${plural(titles.length, "теста", "тестов", "тестов")}: ${titles.map((t) => `«${t}»`).join(", ")}; тест «${nextTest.title}» смотрит на интересы с другой стороны.`, signals: [] },
    });
  }
  return items;
}

/**
 * The plan for an admitted student with at least one attended trial with the
 * mentor's feedback and at least one finished test (see planRefusal).
 */
export function buildPlan(input: PlanInput): Plan {
  const refusal = planRefusal(input);
  if (refusal) throw new AppError("CONFLICT", refusal);
  const grade = input.student.grade;
  const ageGroup = ageGroupOf(grade);
  const scales = latestScales(input.diagnostics);
  const effects = [...input.trials]
    .sort((a, b) => byText(a.trialId, b.trialId))
    .map(trialEffect)
    .filter((e): e is TrialEffect => e !== null);
  const areas = rank(RECOMMENDATION_RULES.areas.map((key) => ({ key, score: scoreArea(key, scales, effects) })));
  const subjects = rank(
    (Object.keys(SCHOOL_SUBJECTS) as SchoolSubject[]).map((key) => ({ key, score: scoreSubject(key, scales, effects) })).filter((x): x is Scored<SchoolSubject> => x.score !== null),
  );
  const ctx: Context = { input, grade, scales, effects, areas, subjects };

  const built = new Map<SectionKind, PlanItem[]>();
  const chosen: Chosen = { ogeSubjects: [], egeSubjects: [], profile: undefined, vo: [], pathItems: [], courseItems: [] };
  if (ageGroup === "6-7") {
    built.set("subjects", subjectsSection(ctx));
    chosen.courseItems = coursesSection(ctx);
    built.set("courses", chosen.courseItems);
  } else if (ageGroup === "8-9") {
    const profiles = chooseProfiles(ctx);
    chosen.profile = profiles[0];
    built.set("profile", profileSection(profiles));
    chosen.pathItems = pathSection(ctx);
    built.set("path", chosen.pathItems);
    const oge = ogeSection(ctx, profiles);
    chosen.ogeSubjects = oge.subjects;
    built.set("oge", oge.items);
  } else {
    const directions = directionsSection(ctx);
    chosen.vo = directions.vo;
    const ege = egeSection(ctx, directions.vo);
    chosen.egeSubjects = ege.subjects;
    built.set("ege", ege.items);
    built.set("directions", directions.items);
    built.set("olympiads", olympiadsSection(ctx));
  }
  built.set("trials", trialsSection(ctx));
  built.set("next-steps", nextSteps(ctx, chosen));

  const sections = SECTION_ORDER[ageGroup]
    .map((kind): PlanSection => ({ kind, title: SECTION_TITLES[kind], items: built.get(kind) ?? [] }))
    .filter((s) => s.items.length > 0);

  const signals: PlanSignal[] = [];
  const seen = new Set<string>();
  for (const item of sections.flatMap((s) => s.items)) {
    for (const sig of item.why.signals) {
      const key = `${sig.source}:${sig.ref}`;
      if (seen.has(key)) continue;
      seen.add(key);
      signals.push(sig);
    }
  }

  return {
    grade,
    ageGroup,
    asOf: input.asOf,
    sections,
    summary: summaryOf(ctx),
    areas: areas.map(({ key, score }) => ({ id: key.id, area: key.area, score: score.value, testPart: score.testPart, trialPart: score.trialPart })),
    signals,
  };
}

function summaryOf(ctx: Context): string {
  const tops = topAreas(ctx).map((a) => `«${a.key.area}» (${Math.round(a.score.value)} из 100)`);
  const tests = new Set(ctx.scales.map((s) => s.testId)).size;
  const withFeedback = ctx.input.trials.filter(hasMentorFeedback).length;
  const low = ctx.effects.filter((e) => e.low).map((e) => `«${e.trial.title}»`);
  const lowText = low.length > 0 ? ` ${low.length > 1 ? "Пробы" : "Проба"} ${andList(low)} ${low.length > 1 ? "оценены" : "оценена"} низко, поэтому ${low.length > 1 ? "их направления" : "её направление"} в плане ниже.` : "";
  return (
    `План для ${ctx.grade} класса на ${formatDate(ctx.input.asOf).replace(/\.$/, "")}. ` +
    `${tops.length > 1 ? "Сильнее всего направления" : "Сильнее всего направление"} ${andList(tops)}. ` +
    `Учтены тесты: ${tests}; пробы с отзывом наставника: ${withFeedback}.${lowText}`
  );
}

// ---------------------------------------------------------------------------
// Versions

export interface PlanItemPlace {
  section: SectionKind;
  /** 1-based position within the section. */
  position: number;
}

export interface PlanComparison {
  added: (PlanItemPlace & { item: PlanItem })[];
  removed: (PlanItemPlace & { id: string; text: string })[];
  moved: { id: string; text: string; from: PlanItemPlace; to: PlanItemPlace; why: PlanWhy }[];
  /** Same place, but the reasons changed (a new trial, new feedback, a new test result). */
  reasoned: { id: string; text: string; before: string; after: string }[];
  /** Areas whose score moved by a whole point or more, from → to. */
  areas: { id: string; area: string; from: number; to: number }[];
  summary: string;
}

function places(plan: Plan): Map<string, PlanItemPlace & { item: PlanItem }> {
  const out = new Map<string, PlanItemPlace & { item: PlanItem }>();
  for (const s of plan.sections) s.items.forEach((item, i) => out.set(item.id, { section: s.kind, position: i + 1, item }));
  return out;
}

/** What changed from plan `a` (earlier) to plan `b` (later), and why, for the «что изменилось» view. */
export function comparePlans(a: Plan, b: Plan): PlanComparison {
  const before = places(a);
  const after = places(b);
  const added: PlanComparison["added"] = [];
  const moved: PlanComparison["moved"] = [];
  const reasoned: PlanComparison["reasoned"] = [];
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) {
      added.push(now);
      continue;
    }
    if (was.section !== now.section || was.position !== now.position) {
      moved.push({ id, text: now.item.text, from: { section: was.section, position: was.position }, to: { section: now.section, position: now.position }, why: now.item.why });
    } else if (was.item.why.text !== now.item.why.text || was.item.text !== now.item.text) {
      reasoned.push({ id, text: now.item.text, before: was.item.why.text, after: now.item.why.text });
    }
  }
  const removed: PlanComparison["removed"] = [...before]
    .filter(([id]) => !after.has(id))
    .map(([id, was]) => ({ id, text: was.item.text, section: was.section, position: was.position }));
  const areas = b.areas
    .map((x) => ({ id: x.id, area: x.area, from: a.areas.find((y) => y.id === x.id)?.score ?? NEUTRAL, to: x.score }))
    .filter((x) => Math.abs(x.to - x.from) >= 1);
  const counts = [
    added.length > 0 ? `добавлено пунктов: ${added.length}` : null,
    removed.length > 0 ? `убрано: ${removed.length}` : null,
    moved.length > 0 ? `переставлено: ${moved.length}` : null,
    reasoned.length > 0 ? `с новыми причинами: ${reasoned.length}` : null,
  ].filter((x): x is string => x !== null);
  const areaText = areas.length > 0 ? ` Оценки направлений: ${areas.map((x) => `«${x.area}» ${Math.round(x.from)} → ${Math.round(x.to)}`).join(", ")}.` : "";
  const summary = counts.length === 0 && areas.length === 0 ? "План не изменился." : `${counts.length > 0 ? `${lower(counts.join(", ")).replace(/^./, (c) => c.toUpperCase())}.` : "Пункты плана прежние."}${areaText}`;
  return { added, removed, moved, reasoned, areas, summary };
}
