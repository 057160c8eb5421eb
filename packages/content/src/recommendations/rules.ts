/**
 * The rules of the individual study plan (индивидуальный учебный план) as data:
 * which school subjects, profiles of the senior school, exams, groups of
 * specialities and extra-curricular courses follow from interest areas, test
 * scales and professional areas. Each rule names the documents it rests on, so a
 * school counsellor can check it. Core applies these rules (packages/core,
 * recommendations/plan.ts); nothing here scores anything.
 *
 * Exam choices per group of directions are what universities *typically* ask:
 * each university sets its own list of entrance exams within the Ministry's
 * list, so the plan says «обычно» and sends the family to the rules of admission.
 */
import { z } from "zod";
import { COMPETENCIES } from "../competencies.ts";
import { SCHOOL_PROFILES, SCHOOL_SUBJECTS, profileWeights, type SchoolProfile, type SchoolSubject } from "../diagnostics/schema.ts";

const text = z.string().trim().min(1);
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const subject = z.enum(Object.keys(SCHOOL_SUBJECTS) as [SchoolSubject, ...SchoolSubject[]]);
const profile = z.enum(Object.keys(SCHOOL_PROFILES) as [SchoolProfile, ...SchoolProfile[]]);
/** An enlarged group code: 09.00.00. */
const groupCode = z.string().regex(/^\d{2}\.00\.00$/, { error: "код укрупнённой группы пишется как 09.00.00" });
const sourceRefs = z.array(id).min(1);

export const sourceSchema = z.strictObject({ id, title: text });

/** The six kinds (направленности) of extra-curricular programmes. */
export const EXTRACURRICULAR_DIRECTIONS = {
  technical: "техническая",
  "natural-science": "естественно-научная",
  "social-humanitarian": "социально-гуманитарная",
  art: "художественная",
  sports: "физкультурно-спортивная",
  tourism: "туристско-краеведческая",
} as const;
export type ExtracurricularDirection = keyof typeof EXTRACURRICULAR_DIRECTIONS;
const extracurricular = z.enum(Object.keys(EXTRACURRICULAR_DIRECTIONS) as [ExtracurricularDirection, ...ExtracurricularDirection[]]);

export const areaRuleSchema = z.strictObject({
  id,
  /** The professional area exactly as competencies name it (COMPETENCIES[].area). */
  area: text,
  /** How much each interest area and Klimov domain speaks for this professional area (0–1). */
  dimensions: profileWeights,
  subjects: z.array(subject).min(1),
  profiles: z.array(profile).min(1),
  spoGroups: z.array(groupCode).min(1),
  voGroups: z.array(groupCode).min(1),
  /** Extra-curricular courses and clubs for grades 6–7. */
  courses: z.array(z.strictObject({ direction: extracurricular, kinds: z.array(text).min(1) })).min(1),
  sources: sourceRefs,
});

export const profileRuleSchema = z.strictObject({
  profile,
  /** Subjects usually taken at the advanced level in this profile. */
  advancedSubjects: z.array(subject).min(1),
  /** ОГЭ subjects of choice that usually count for admission to this profile's class. */
  ogeChoices: z.array(subject).min(1),
  note: text,
  sources: sourceRefs,
});

export const examRuleSchema = z.strictObject({
  mandatory: z.array(subject).min(1),
  electives: z.array(subject).min(1),
  /** How many subjects of choice the plan names: two for ОГЭ by the Order, two as admission usually asks for ЕГЭ. */
  electivesToChoose: z.number().int().min(1).max(4),
  /** What has to be passed before the exams (итоговое собеседование / итоговое сочинение). */
  admissionCondition: text,
  /** Until when the application is handed in, as the Order sets it. */
  applicationDeadline: text,
  sources: sourceRefs,
});

export const educationGroupSchema = z.strictObject({
  code: groupCode,
  name: text,
  /** The group exists in the list of college specialities (СПО). */
  spo: z.boolean(),
  /** The group exists among directions of higher education (бакалавриат, специалитет). */
  vo: z.boolean(),
  /** ЕГЭ that universities typically ask besides Russian: all of `main`, plus one of `choice`. */
  ege: z
    .strictObject({
      main: z.array(subject).min(1),
      choice: z.array(subject),
      /** A creative or professional entrance test set by the university itself (рисунок, творческий конкурс). */
      creative: z.boolean().optional(),
    })
    .optional(),
  sources: sourceRefs,
});

export const recommendationRulesSchema = z
  .strictObject({
    sources: z.array(sourceSchema).min(1),
    /** Subjects each RIASEC area and Klimov domain points at, for scales that name no subjects of their own. */
    dimensionSubjects: z.strictObject({
      R: z.array(subject).min(1),
      I: z.array(subject).min(1),
      A: z.array(subject).min(1),
      S: z.array(subject).min(1),
      E: z.array(subject).min(1),
      C: z.array(subject).min(1),
      nature: z.array(subject).min(1),
      technics: z.array(subject).min(1),
      human: z.array(subject).min(1),
      sign: z.array(subject).min(1),
      art: z.array(subject).min(1),
    }),
    areas: z.array(areaRuleSchema).min(1),
    profiles: z.array(profileRuleSchema).length(Object.keys(SCHOOL_PROFILES).length),
    oge: examRuleSchema,
    ege: examRuleSchema,
    groups: z.array(educationGroupSchema).min(1),
    /** The group of college specialities a competency's trial leads to most directly. */
    competencyGroups: z.record(z.string(), z.array(groupCode).min(1)),
    /** Subjects of the all-Russian school olympiad (ВсОШ) by school subject; music has none of its own. */
    olympiadSubjects: z.partialRecord(subject, text),
  })
  .superRefine((r, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const sourceIds = new Set(r.sources.map((s) => s.id));
    const checkSources = (path: (string | number)[], refs: readonly string[]) =>
      refs.forEach((s, i) => {
        if (!sourceIds.has(s)) issue([...path, i], `источника «${s}» нет в списке sources`);
      });
    const groups = new Map(r.groups.map((g) => [g.code, g]));
    r.groups.forEach((g, gi) => {
      checkSources(["groups", gi, "sources"], g.sources);
      if (g.vo && !g.ege) issue(["groups", gi, "ege"], "для направления высшего образования нужны типичные ЕГЭ");
      if (!g.spo && !g.vo) issue(["groups", gi], "группа должна быть в перечне СПО или высшего образования");
    });
    const areaNames = new Set<string>();
    r.areas.forEach((a, ai) => {
      areaNames.add(a.area);
      checkSources(["areas", ai, "sources"], a.sources);
      a.spoGroups.forEach((c, i) => {
        if (!groups.get(c)?.spo) issue(["areas", ai, "spoGroups", i], `группы ${c} нет среди специальностей СПО`);
      });
      a.voGroups.forEach((c, i) => {
        if (!groups.get(c)?.vo) issue(["areas", ai, "voGroups", i], `группы ${c} нет среди направлений высшего образования`);
      });
    });
    for (const c of COMPETENCIES) {
      if (!areaNames.has(c.area)) issue(["areas"], `для области «${c.area}» нет правила`);
      if (!r.competencyGroups[c.code]) issue(["competencyGroups", c.code], `для компетенции «${c.code}» не указана группа специальностей`);
    }
    for (const [code, list] of Object.entries(r.competencyGroups)) {
      if (!COMPETENCIES.some((c) => c.code === code)) issue(["competencyGroups", code], `компетенции «${code}» нет в списке`);
      list.forEach((g, i) => {
        if (!groups.get(g)?.spo) issue(["competencyGroups", code, i], `группы ${g} нет среди специальностей СПО`);
      });
    }
    r.profiles.forEach((p, pi) => checkSources(["profiles", pi, "sources"], p.sources));
    checkSources(["oge", "sources"], r.oge.sources);
    checkSources(["ege", "sources"], r.ege.sources);
    for (const [path, list] of [
      ["oge", r.oge],
      ["ege", r.ege],
    ] as const) {
      list.electives.forEach((s, i) => {
        if (list.mandatory.includes(s)) issue([path, "electives", i], `«${s}» уже среди обязательных`);
      });
    }
    r.profiles.forEach((p, pi) =>
      p.ogeChoices.forEach((s, i) => {
        if (!r.oge.electives.includes(s)) issue(["profiles", pi, "ogeChoices", i], `«${s}» не сдаётся на ОГЭ по выбору`);
      }),
    );
    r.groups.forEach((g, gi) =>
      [...(g.ege?.main ?? []), ...(g.ege?.choice ?? [])].forEach((s) => {
        if (!r.ege.electives.includes(s) && !r.ege.mandatory.includes(s)) issue(["groups", gi, "ege"], `«${s}» не сдаётся на ЕГЭ`);
      }),
    );
  });

export type RecommendationSource = z.infer<typeof sourceSchema>;
export type AreaRule = z.infer<typeof areaRuleSchema>;
export type ProfileRule = z.infer<typeof profileRuleSchema>;
export type ExamRule = z.infer<typeof examRuleSchema>;
export type EducationGroup = z.infer<typeof educationGroupSchema>;
export type RecommendationRules = z.infer<typeof recommendationRulesSchema>;

/** Checks the shipped rules at import: a broken reference must stop the import, not mislead a family. */
export function defineRecommendationRules(input: z.input<typeof recommendationRulesSchema>): RecommendationRules {
  const result = recommendationRulesSchema.safeParse(input);
  if (!result.success) {
    throw new Error(`Правила рекомендаций не прошли проверку:\n${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return result.data;
}

const SOURCES: RecommendationSource[] = [
  { id: "fgos-soo", title: "ФГОС среднего общего образования (приказ Минобрнауки России от 17.05.2012 № 413): пять профилей обучения — технологический, естественно-научный, гуманитарный, социально-экономический, универсальный" },
  { id: "fop-soo", title: "Федеральная образовательная программа среднего общего образования (приказ Минпросвещения России от 18.05.2023 № 371): учебные планы профилей" },
  { id: "gia-9", title: "Порядок проведения ГИА по программам основного общего образования (приказ Минпросвещения России и Рособрнадзора от 04.04.2023 № 232/551)" },
  { id: "gia-11", title: "Порядок проведения ГИА по программам среднего общего образования (приказ Минпросвещения России и Рособрнадзора от 04.04.2023 № 233/552)" },
  { id: "vo-list", title: "Перечни специальностей и направлений подготовки высшего образования (приказ Минобрнауки России от 12.09.2013 № 1061), укрупнённые группы" },
  { id: "vo-exams", title: "Перечень вступительных испытаний в бакалавриат и специалитет, утверждаемый Минобрнауки России, и правила приёма конкретного вуза" },
  { id: "spo-list", title: "Перечни профессий и специальностей среднего профессионального образования (приказ Минпросвещения России от 17.05.2022 № 336)" },
  { id: "top-50", title: "Список 50 наиболее востребованных и перспективных профессий, требующих среднего профессионального образования (ТОП-50, приказ Минтруда России от 02.11.2015 № 831)" },
  { id: "spo-admission", title: "Порядок приёма на обучение по программам среднего профессионального образования (приказ Минпросвещения России от 02.09.2020 № 457): приём по среднему баллу аттестата" },
  { id: "dop-obr", title: "Порядок организации деятельности по дополнительным общеобразовательным программам (приказ Минпросвещения России от 27.07.2022 № 629): шесть направленностей" },
  { id: "vsosh", title: "Порядок проведения всероссийской олимпиады школьников (приказ Минпросвещения России от 27.11.2020 № 678)" },
  { id: "rsosh", title: "Перечень олимпиад школьников, ежегодно утверждаемый Минобрнауки России (РСОШ)" },
  { id: "holland", title: "Типология профессиональных интересов Дж. Холланда (RIASEC)" },
  { id: "klimov", title: "Типология профессий Е. А. Климова по предмету труда" },
];

/** Every area rule rests on the two typologies, the five profiles, both lists of specialities and the kinds of extra-curricular programmes. */
const ALL = ["holland", "klimov", "fgos-soo", "spo-list", "vo-list", "dop-obr"];

export const RECOMMENDATION_RULES: RecommendationRules = defineRecommendationRules({
  sources: SOURCES,
  dimensionSubjects: {
    R: ["technology", "physics", "math"],
    I: ["math", "physics", "chemistry", "biology", "informatics"],
    A: ["art", "music", "literature"],
    S: ["social", "russian", "history", "biology"],
    E: ["social", "math", "foreign-language"],
    C: ["math", "informatics"],
    nature: ["biology", "geography", "chemistry"],
    technics: ["physics", "technology", "math"],
    human: ["social", "russian", "literature", "history"],
    sign: ["math", "informatics", "russian", "foreign-language"],
    art: ["art", "music", "literature"],
  },
  areas: [
    {
      id: "industry",
      area: "Промышленные и инженерные технологии",
      dimensions: { R: 1, I: 0.5, technics: 1 },
      subjects: ["physics", "math", "technology", "informatics"],
      profiles: ["technological"],
      spoGroups: ["15.00.00", "13.00.00", "11.00.00", "25.00.00"],
      voGroups: ["15.00.00", "13.00.00", "11.00.00", "24.00.00", "27.00.00"],
      courses: [
        { direction: "technical", kinds: ["робототехника", "3D-моделирование и прототипирование", "радиоэлектроника", "авиа- и судомоделирование"] },
      ],
      sources: [...ALL, "top-50"],
    },
    {
      id: "ict",
      area: "Информационные и коммуникационные технологии",
      dimensions: { I: 1, C: 0.7, sign: 1 },
      subjects: ["informatics", "math", "physics"],
      profiles: ["technological"],
      spoGroups: ["09.00.00", "10.00.00", "11.00.00"],
      voGroups: ["09.00.00", "10.00.00", "02.00.00", "01.00.00"],
      courses: [{ direction: "technical", kinds: ["программирование", "создание сайтов и приложений", "компьютерная графика и анимация"] }],
      sources: [...ALL, "top-50"],
    },
    {
      id: "creative",
      area: "Творчество и дизайн",
      dimensions: { A: 1, E: 0.3, art: 1 },
      subjects: ["art", "literature", "russian", "music"],
      profiles: ["humanities", "universal"],
      spoGroups: ["54.00.00", "42.00.00", "29.00.00"],
      voGroups: ["54.00.00", "42.00.00", "29.00.00"],
      courses: [
        { direction: "art", kinds: ["рисунок и живопись", "дизайн и компьютерная графика", "декоративно-прикладное творчество"] },
        { direction: "social-humanitarian", kinds: ["школьный медиацентр или газета"] },
      ],
      sources: ALL,
    },
    {
      id: "services",
      area: "Сфера услуг",
      dimensions: { S: 1, E: 0.7, A: 0.3, human: 1 },
      subjects: ["social", "foreign-language", "russian", "chemistry"],
      profiles: ["socio-economic", "universal"],
      spoGroups: ["43.00.00"],
      voGroups: ["43.00.00", "19.00.00", "38.00.00"],
      courses: [
        { direction: "social-humanitarian", kinds: ["клуб иностранного языка", "основы гостеприимства и сервиса"] },
        { direction: "tourism", kinds: ["краеведение и экскурсоводство", "туристские походы"] },
      ],
      sources: [...ALL, "top-50"],
    },
    {
      id: "social",
      area: "Социальная сфера",
      dimensions: { S: 1, E: 0.5, C: 0.3, human: 1 },
      subjects: ["social", "russian", "history", "biology"],
      profiles: ["humanities", "socio-economic"],
      spoGroups: ["44.00.00", "34.00.00", "39.00.00", "38.00.00"],
      voGroups: ["44.00.00", "37.00.00", "39.00.00", "38.00.00"],
      courses: [
        { direction: "social-humanitarian", kinds: ["волонтёрский отряд", "школа вожатого", "финансовая грамотность"] },
      ],
      sources: ALL,
    },
    {
      id: "science",
      area: "Естественные науки",
      dimensions: { I: 1, R: 0.3, nature: 1 },
      subjects: ["chemistry", "biology", "math", "physics"],
      profiles: ["natural-science"],
      spoGroups: ["18.00.00", "19.00.00", "31.00.00", "33.00.00"],
      voGroups: ["04.00.00", "06.00.00", "18.00.00", "19.00.00", "31.00.00", "33.00.00"],
      courses: [{ direction: "natural-science", kinds: ["юный химик", "биология и экология", "школьная лаборатория (исследовательские проекты)"] }],
      sources: ALL,
    },
    {
      id: "construction",
      area: "Строительство и среда",
      dimensions: { R: 1, A: 0.5, technics: 0.7, art: 0.3 },
      subjects: ["math", "physics", "technology", "art"],
      profiles: ["technological", "universal"],
      spoGroups: ["08.00.00", "07.00.00", "35.00.00"],
      voGroups: ["08.00.00", "07.00.00"],
      courses: [
        { direction: "technical", kinds: ["черчение и 3D-моделирование", "архитектурное макетирование"] },
        { direction: "art", kinds: ["рисунок и композиция"] },
      ],
      sources: [...ALL, "top-50"],
    },
    {
      id: "transport",
      area: "Транспорт и логистика",
      dimensions: { R: 1, C: 0.5, technics: 1 },
      subjects: ["physics", "math", "technology", "geography"],
      profiles: ["technological", "socio-economic"],
      spoGroups: ["23.00.00", "38.00.00"],
      voGroups: ["23.00.00", "38.00.00"],
      courses: [
        { direction: "technical", kinds: ["автомоделирование", "юный автомеханик", "картинг"] },
        { direction: "social-humanitarian", kinds: ["юные инспекторы движения"] },
      ],
      sources: [...ALL, "top-50"],
    },
    {
      id: "agro",
      area: "Агропромышленный комплекс",
      dimensions: { R: 1, I: 0.5, nature: 1 },
      subjects: ["biology", "chemistry", "geography", "technology"],
      profiles: ["natural-science", "universal"],
      spoGroups: ["35.00.00", "36.00.00"],
      voGroups: ["35.00.00", "36.00.00"],
      courses: [
        { direction: "natural-science", kinds: ["юные натуралисты", "агроэкология", "школьное лесничество"] },
        { direction: "tourism", kinds: ["экологические походы"] },
      ],
      sources: ALL,
    },
  ],
  profiles: [
    {
      profile: "technological",
      advancedSubjects: ["math", "informatics", "physics"],
      ogeChoices: ["informatics", "physics"],
      note: "углублённо математика и информатика или физика",
      sources: ["fgos-soo", "fop-soo", "gia-9"],
    },
    {
      profile: "natural-science",
      advancedSubjects: ["chemistry", "biology", "math", "physics"],
      ogeChoices: ["chemistry", "biology", "physics"],
      note: "углублённо химия, биология или физика вместе с математикой",
      sources: ["fgos-soo", "fop-soo", "gia-9"],
    },
    {
      profile: "humanities",
      advancedSubjects: ["russian", "literature", "history", "social", "foreign-language"],
      ogeChoices: ["literature", "history", "social", "foreign-language"],
      note: "углублённо два предмета из русского языка, литературы, истории, обществознания, иностранного языка",
      sources: ["fgos-soo", "fop-soo", "gia-9"],
    },
    {
      profile: "socio-economic",
      advancedSubjects: ["math", "social", "geography"],
      ogeChoices: ["social", "geography", "informatics", "foreign-language"],
      note: "углублённо математика и обществознание или география",
      sources: ["fgos-soo", "fop-soo", "gia-9"],
    },
    {
      profile: "universal",
      advancedSubjects: ["math", "russian", "literature", "art", "biology", "technology"],
      ogeChoices: ["physics", "chemistry", "biology", "literature", "geography", "history", "social", "foreign-language", "informatics"],
      note: "два предмета углублённо по выбору ученика и школы",
      sources: ["fgos-soo", "fop-soo", "gia-9"],
    },
  ],
  oge: {
    mandatory: ["russian", "math"],
    electives: ["physics", "chemistry", "biology", "literature", "geography", "history", "social", "foreign-language", "informatics"],
    electivesToChoose: 2,
    admissionCondition: "итоговое собеседование по русскому языку в феврале",
    applicationDeadline: "до 1 марта",
    sources: ["gia-9"],
  },
  ege: {
    mandatory: ["russian", "math"],
    electives: ["physics", "chemistry", "informatics", "biology", "history", "geography", "social", "literature", "foreign-language"],
    electivesToChoose: 2,
    admissionCondition: "итоговое сочинение в декабре",
    applicationDeadline: "до 1 февраля",
    sources: ["gia-11", "vo-exams"],
  },
  groups: [
    { code: "01.00.00", name: "Математика и механика", spo: false, vo: true, ege: { main: ["math"], choice: ["physics", "informatics"] }, sources: ["vo-list", "vo-exams"] },
    { code: "02.00.00", name: "Компьютерные и информационные науки", spo: false, vo: true, ege: { main: ["math"], choice: ["informatics", "physics"] }, sources: ["vo-list", "vo-exams"] },
    { code: "04.00.00", name: "Химия", spo: false, vo: true, ege: { main: ["chemistry"], choice: ["math", "biology", "physics"] }, sources: ["vo-list", "vo-exams"] },
    { code: "06.00.00", name: "Биологические науки", spo: false, vo: true, ege: { main: ["biology"], choice: ["chemistry", "math"] }, sources: ["vo-list", "vo-exams"] },
    { code: "07.00.00", name: "Архитектура", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics"], creative: true }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "08.00.00", name: "Техника и технологии строительства", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics", "chemistry"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "09.00.00", name: "Информатика и вычислительная техника", spo: true, vo: true, ege: { main: ["math"], choice: ["informatics", "physics"] }, sources: ["spo-list", "vo-list", "vo-exams", "top-50"] },
    { code: "10.00.00", name: "Информационная безопасность", spo: true, vo: true, ege: { main: ["math"], choice: ["informatics", "physics"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "11.00.00", name: "Электроника, радиотехника и системы связи", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "13.00.00", name: "Электро- и теплоэнергетика", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "15.00.00", name: "Машиностроение", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics", "chemistry"] }, sources: ["spo-list", "vo-list", "vo-exams", "top-50"] },
    { code: "18.00.00", name: "Химические технологии", spo: true, vo: true, ege: { main: ["math"], choice: ["chemistry", "physics", "informatics"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "19.00.00", name: "Промышленная экология и биотехнологии", spo: true, vo: true, ege: { main: ["math"], choice: ["chemistry", "biology", "physics"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "23.00.00", name: "Техника и технологии наземного транспорта", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics"] }, sources: ["spo-list", "vo-list", "vo-exams", "top-50"] },
    { code: "24.00.00", name: "Авиационная и ракетно-космическая техника", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "25.00.00", name: "Аэронавигация и эксплуатация авиационной и ракетно-космической техники", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "27.00.00", name: "Управление в технических системах", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "29.00.00", name: "Технологии лёгкой промышленности", spo: true, vo: true, ege: { main: ["math"], choice: ["physics", "informatics", "chemistry"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "31.00.00", name: "Клиническая медицина", spo: true, vo: true, ege: { main: ["chemistry", "biology"], choice: [] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "33.00.00", name: "Фармация", spo: true, vo: true, ege: { main: ["chemistry", "biology"], choice: [] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "34.00.00", name: "Сестринское дело", spo: true, vo: true, ege: { main: ["biology"], choice: ["chemistry"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "35.00.00", name: "Сельское, лесное и рыбное хозяйство", spo: true, vo: true, ege: { main: ["biology"], choice: ["chemistry", "math"] }, sources: ["spo-list", "vo-list", "vo-exams", "top-50"] },
    { code: "36.00.00", name: "Ветеринария и зоотехния", spo: true, vo: true, ege: { main: ["biology"], choice: ["chemistry", "math"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "37.00.00", name: "Психологические науки", spo: false, vo: true, ege: { main: ["biology"], choice: ["math", "social"] }, sources: ["vo-list", "vo-exams"] },
    { code: "38.00.00", name: "Экономика и управление", spo: true, vo: true, ege: { main: ["math"], choice: ["social", "informatics", "foreign-language", "geography", "history"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "39.00.00", name: "Социология и социальная работа", spo: true, vo: true, ege: { main: ["social"], choice: ["history", "foreign-language", "math"] }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "42.00.00", name: "Средства массовой информации и информационно-библиотечное дело", spo: true, vo: true, ege: { main: ["literature"], choice: ["social", "history", "foreign-language"], creative: true }, sources: ["spo-list", "vo-list", "vo-exams"] },
    { code: "43.00.00", name: "Сервис и туризм", spo: true, vo: true, ege: { main: ["social"], choice: ["history", "geography", "foreign-language", "math"] }, sources: ["spo-list", "vo-list", "vo-exams", "top-50"] },
    {
      code: "44.00.00",
      name: "Образование и педагогические науки",
      spo: true,
      vo: true,
      ege: { main: ["social"], choice: ["math", "russian", "biology", "history", "literature", "foreign-language", "informatics", "physics", "chemistry", "geography"] },
      sources: ["spo-list", "vo-list", "vo-exams"],
    },
    { code: "54.00.00", name: "Изобразительное и прикладные виды искусств", spo: true, vo: true, ege: { main: ["literature"], choice: ["social", "history"], creative: true }, sources: ["spo-list", "vo-list", "vo-exams"] },
  ],
  competencyGroups: {
    "cnc-turning": ["15.00.00"],
    "cnc-milling": ["15.00.00"],
    "additive-manufacturing": ["15.00.00"],
    welding: ["15.00.00"],
    "electrical-installations": ["13.00.00", "08.00.00"],
    "industrial-electronics": ["11.00.00"],
    "mobile-robotics": ["15.00.00", "27.00.00"],
    mechatronics: ["15.00.00", "27.00.00"],
    "engineering-design-cad": ["15.00.00"],
    "drone-operation": ["25.00.00"],
    "software-solutions": ["09.00.00"],
    "web-technologies": ["09.00.00"],
    "it-network-administration": ["09.00.00"],
    "cyber-security": ["10.00.00"],
    "game-development": ["09.00.00"],
    "machine-learning": ["09.00.00"],
    "graphic-design": ["54.00.00"],
    "fashion-technology": ["29.00.00"],
    jewellery: ["54.00.00"],
    floristry: ["35.00.00"],
    journalism: ["42.00.00"],
    confectionery: ["43.00.00"],
    cooking: ["43.00.00"],
    "restaurant-service": ["43.00.00"],
    hairdressing: ["43.00.00"],
    "hotel-reception": ["43.00.00"],
    tourism: ["43.00.00"],
    "health-social-care": ["34.00.00", "39.00.00"],
    "preschool-education": ["44.00.00"],
    "teaching-primary": ["44.00.00"],
    entrepreneurship: ["38.00.00"],
    accounting: ["38.00.00"],
    "laboratory-chemical-analysis": ["18.00.00"],
    biotechnology: ["19.00.00"],
    "landscape-design": ["35.00.00"],
    bricklaying: ["08.00.00"],
    carpentry: ["08.00.00"],
    "bim-modelling": ["08.00.00", "07.00.00"],
    "car-painting": ["23.00.00"],
    "automobile-technology": ["23.00.00"],
    logistics: ["38.00.00"],
    agronomy: ["35.00.00"],
    veterinary: ["36.00.00"],
    "agricultural-machinery": ["35.00.00"],
  },
  olympiadSubjects: {
    math: "математика",
    informatics: "информатика",
    physics: "физика",
    chemistry: "химия",
    biology: "биология",
    geography: "география",
    russian: "русский язык",
    literature: "литература",
    "foreign-language": "иностранный язык",
    history: "история",
    social: "обществознание",
    art: "искусство (мировая художественная культура)",
    technology: "труд (технология)",
    pe: "физическая культура",
    safety: "основы безопасности и защиты Родины",
  },
});

export const RECOMMENDATION_SOURCES = RECOMMENDATION_RULES.sources;

export const areaRuleByName = (area: string) => RECOMMENDATION_RULES.areas.find((a) => a.area === area);
export const educationGroupByCode = (code: string) => RECOMMENDATION_RULES.groups.find((g) => g.code === code);
export const profileRule = (p: SchoolProfile) => RECOMMENDATION_RULES.profiles.find((r) => r.profile === p)!;

/** «Математика», «Физика»… in the form a sentence needs («изучать физику»). */
export const SUBJECT_ACCUSATIVE: Record<SchoolSubject, string> = {
  math: "математику",
  informatics: "информатику",
  physics: "физику",
  chemistry: "химию",
  biology: "биологию",
  geography: "географию",
  russian: "русский язык",
  literature: "литературу",
  "foreign-language": "иностранный язык",
  history: "историю",
  social: "обществознание",
  art: "изобразительное искусство",
  music: "музыку",
  technology: "труд (технологию)",
  pe: "физическую культуру",
  safety: "основы безопасности и защиты Родины",
};

/** «по физике» — for exams and olympiads. */
export const SUBJECT_DATIVE: Record<SchoolSubject, string> = {
  math: "математике",
  informatics: "информатике",
  physics: "физике",
  chemistry: "химии",
  biology: "биологии",
  geography: "географии",
  russian: "русскому языку",
  literature: "литературе",
  "foreign-language": "иностранному языку",
  history: "истории",
  social: "обществознанию",
  art: "изобразительному искусству",
  music: "музыке",
  technology: "труду (технологии)",
  pe: "физической культуре",
  safety: "основам безопасности и защиты Родины",
};

/** «технологический профиль» reads better in lower case inside a sentence. */
export const PROFILE_PHRASES: Record<SchoolProfile, string> = {
  technological: "технологический",
  "natural-science": "естественно-научный",
  humanities: "гуманитарный",
  "socio-economic": "социально-экономический",
  universal: "универсальный",
};

/** «для технологического профиля». */
export const PROFILE_GENITIVE: Record<SchoolProfile, string> = {
  technological: "технологического",
  "natural-science": "естественно-научного",
  humanities: "гуманитарного",
  "socio-economic": "социально-экономического",
  universal: "универсального",
};
