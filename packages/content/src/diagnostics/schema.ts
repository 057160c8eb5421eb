/**
 * A diagnostic test is data: this schema is the one definition of its shape,
 * used for the shipped tests at import and for files staff upload. Scoring is
 * done elsewhere (core), from these definitions only.
 */
import { z } from "zod";
import { INTEREST_AREAS, type InterestArea } from "../competencies.ts";

export const DIAGNOSTIC_CATEGORIES = {
  interests: "интересы",
  inclinations: "склонности",
  readiness: "готовность к выбору",
  awareness: "осведомлённость о мире профессий",
  strengths: "сильные стороны",
  values: "ценности",
} as const;
export type DiagnosticCategory = keyof typeof DIAGNOSTIC_CATEGORIES;

/** The five domains of Klimov's typology of professions (by the object of work). */
export const KLIMOV_DOMAINS = {
  nature: "Человек — природа",
  technics: "Человек — техника",
  human: "Человек — человек",
  sign: "Человек — знаковая система",
  art: "Человек — художественный образ",
} as const;
export type KlimovDomain = keyof typeof KLIMOV_DOMAINS;

/** Everything a scale can feed in the interest profile: the six RIASEC areas and the five domains. */
export type ProfileDimension = InterestArea | KlimovDomain;
export const RIASEC_AREAS = Object.keys(INTEREST_AREAS) as InterestArea[];
export const PROFILE_DIMENSIONS: readonly ProfileDimension[] = [...RIASEC_AREAS, ...(Object.keys(KLIMOV_DOMAINS) as KlimovDomain[])];

/** School subjects a scale points at, for the recommendations of the season (§5). */
export const SCHOOL_SUBJECTS = {
  math: "Математика",
  informatics: "Информатика",
  physics: "Физика",
  chemistry: "Химия",
  biology: "Биология",
  geography: "География",
  russian: "Русский язык",
  literature: "Литература",
  "foreign-language": "Иностранный язык",
  history: "История",
  social: "Обществознание",
  art: "Изобразительное искусство",
  music: "Музыка",
  technology: "Труд (технология)",
  pe: "Физическая культура",
  safety: "Основы безопасности и защиты Родины",
} as const;
export type SchoolSubject = keyof typeof SCHOOL_SUBJECTS;

/** Profiles of the senior school (ФГОС СОО). */
export const SCHOOL_PROFILES = {
  technological: "Технологический",
  "natural-science": "Естественно-научный",
  humanities: "Гуманитарный",
  "socio-economic": "Социально-экономический",
  universal: "Универсальный",
} as const;
export type SchoolProfile = keyof typeof SCHOOL_PROFILES;

export const GAME_KINDS = {
  schulte: "Таблица Шульте (внимание)",
  sequence: "Последовательность (рабочая память)",
  matrix: "Матрицы (логика)",
} as const;
export type GameKind = keyof typeof GAME_KINDS;

export const LIKERT_POINTS = 5;
/** How Likert answers are shown unless a test has its own labels; the value stored is the position, 1–5. */
export const LIKERT_LABELS = ["Совсем не про меня", "Скорее не про меня", "Трудно сказать", "Скорее про меня", "Точно про меня"] as const;

const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "нужен идентификатор латиницей через дефис (например, my-test)" });
const key = z.string().regex(/^[a-z0-9]+([-_][a-z0-9]+)*$/, { error: "нужен идентификатор латиницей, цифрами, через дефис" });
const text = z.string().trim().min(1);
const grade = z.number().int().min(6).max(11);

const weight = z.number().gt(0).max(1);
export const profileWeights = z.strictObject({
  R: weight.optional(),
  I: weight.optional(),
  A: weight.optional(),
  S: weight.optional(),
  E: weight.optional(),
  C: weight.optional(),
  nature: weight.optional(),
  technics: weight.optional(),
  human: weight.optional(),
  sign: weight.optional(),
  art: weight.optional(),
});
export type ProfileWeights = z.infer<typeof profileWeights>;

const band = z.strictObject({
  /** The band holds percents above the previous band's upTo and up to this one, inclusive. */
  upTo: z.number().min(0).max(100),
  label: text,
  text: text,
});

const scale = z.strictObject({
  id: key,
  title: text,
  description: text,
  /** "sum" reports the raw score as a sum of points, "mean" as their mean; the percent is the same. */
  aggregate: z.enum(["sum", "mean"]).default("sum"),
  interests: profileWeights.optional(),
  subjects: z.array(z.enum(Object.keys(SCHOOL_SUBJECTS) as [SchoolSubject, ...SchoolSubject[]])).optional(),
  profiles: z.array(z.enum(Object.keys(SCHOOL_PROFILES) as [SchoolProfile, ...SchoolProfile[]])).optional(),
  /** Directions of college or higher education, in words a student understands. */
  directions: z.array(text).optional(),
  bands: z.array(band).min(1),
});

const option = z.strictObject({ id: key, text });

const likert = z.strictObject({
  id: key,
  kind: z.literal("likert"),
  text,
  scale: key,
  reversed: z.boolean().optional(),
});

const forced = z.strictObject({
  id: key,
  kind: z.literal("forced"),
  text: text.optional(),
  a: z.strictObject({ text, scale: key }),
  b: z.strictObject({ text, scale: key }),
});

const single = z.strictObject({
  id: key,
  kind: z.literal("single"),
  text,
  options: z.array(option).min(2).max(8),
  correct: key,
  explanation: text,
  scale: key,
});

const multiple = z.strictObject({
  id: key,
  kind: z.literal("multiple"),
  text,
  options: z.array(option).min(3).max(8),
  correct: z.array(key).min(1),
  explanation: text,
  scale: key,
});

const ranking = z.strictObject({
  id: key,
  kind: z.literal("ranking"),
  text,
  options: z.array(z.strictObject({ id: key, text, scale: key })).min(2).max(8),
});

const gameBase = {
  id: key,
  kind: z.literal("game"),
  /** What the student is told before the game starts. */
  text: text.optional(),
  scale: key,
  timeLimitSeconds: z.number().int().min(10).max(900),
};

export const schulteParams = z.strictObject({
  /** The table is size × size, holding the numbers 1..size². */
  size: z.number().int().min(3).max(7),
});
export const sequenceParams = z.strictObject({
  /** Cells to remember in the first round; each next round adds one. */
  startLength: z.number().int().min(2).max(6),
  rounds: z.number().int().min(2).max(10),
  /** How long each cell of a sequence is lit, in milliseconds. */
  showMs: z.number().int().min(300).max(2000).default(700),
});
export const matrixParams = z.strictObject({
  puzzles: z.number().int().min(3).max(20),
});
export type SchulteParams = z.infer<typeof schulteParams>;
export type SequenceParams = z.infer<typeof sequenceParams>;
export type MatrixParams = z.infer<typeof matrixParams>;

const game = z.discriminatedUnion("game", [
  z.strictObject({ ...gameBase, game: z.literal("schulte"), params: schulteParams }),
  z.strictObject({ ...gameBase, game: z.literal("sequence"), params: sequenceParams }),
  z.strictObject({ ...gameBase, game: z.literal("matrix"), params: matrixParams }),
]);

const item = z.discriminatedUnion("kind", [likert, forced, single, multiple, ranking, game]);

export const diagnosticTestSchema = z
  .strictObject({
    id: kebab,
    version: z.number().int().min(1),
    title: text,
    description: text,
    category: z.enum(Object.keys(DIAGNOSTIC_CATEGORIES) as [DiagnosticCategory, ...DiagnosticCategory[]]),
    grades: z.tuple([grade, grade]),
    minutes: z.number().int().min(1).max(90),
    /** What the test is based on, named so that a reader can look it up. */
    source: text,
    instructions: text,
    /** Labels of the five Likert points when the default agreement labels do not fit the items. */
    likertLabels: z.tuple([text, text, text, text, text]).optional(),
    retakeAfterDays: z.number().int().min(0).max(366).optional(),
    scales: z.array(scale).min(1),
    items: z.array(item).min(1),
  })
  .superRefine((t, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });

    if (t.grades[0] > t.grades[1]) issue(["grades"], "классы указаны не по порядку: сначала младший, потом старший");

    const scaleIds = new Set<string>();
    t.scales.forEach((s, si) => {
      if (scaleIds.has(s.id)) issue(["scales", si, "id"], `шкала «${s.id}» уже есть в тесте`);
      scaleIds.add(s.id);
      s.bands.forEach((b, bi) => {
        const prev = s.bands[bi - 1];
        if (prev && b.upTo <= prev.upTo) issue(["scales", si, "bands", bi, "upTo"], `границы диапазонов должны расти: ${b.upTo} не больше ${prev.upTo}`);
      });
      const last = s.bands.at(-1);
      if (last && last.upTo !== 100) issue(["scales", si, "bands", s.bands.length - 1, "upTo"], "последний диапазон должен заканчиваться на 100");
    });

    const used = new Set<string>();
    const checkScale = (path: (string | number)[], id: string) => {
      used.add(id);
      if (!scaleIds.has(id)) issue(path, `шкалы «${id}» нет в списке scales`);
    };
    const checkOptions = (ii: number, options: readonly { id: string }[]) => {
      const seen = new Set<string>();
      options.forEach((o, oi) => {
        if (seen.has(o.id)) issue(["items", ii, "options", oi, "id"], `вариант «${o.id}» повторяется`);
        seen.add(o.id);
      });
      return seen;
    };

    const itemIds = new Set<string>();
    t.items.forEach((it, ii) => {
      if (itemIds.has(it.id)) issue(["items", ii, "id"], `вопрос с идентификатором «${it.id}» уже есть в тесте`);
      itemIds.add(it.id);
      switch (it.kind) {
        case "likert":
        case "game":
          checkScale(["items", ii, "scale"], it.scale);
          break;
        case "forced":
          checkScale(["items", ii, "a", "scale"], it.a.scale);
          checkScale(["items", ii, "b", "scale"], it.b.scale);
          if (it.a.scale === it.b.scale) issue(["items", ii, "b", "scale"], "оба утверждения ведут к одной шкале: выбор ничего не покажет");
          break;
        case "single": {
          checkScale(["items", ii, "scale"], it.scale);
          const ids = checkOptions(ii, it.options);
          if (!ids.has(it.correct)) issue(["items", ii, "correct"], `правильный ответ «${it.correct}» не найден среди вариантов`);
          break;
        }
        case "multiple": {
          checkScale(["items", ii, "scale"], it.scale);
          const ids = checkOptions(ii, it.options);
          it.correct.forEach((c, ci) => {
            if (!ids.has(c)) issue(["items", ii, "correct", ci], `правильный ответ «${c}» не найден среди вариантов`);
          });
          if (new Set(it.correct).size !== it.correct.length) issue(["items", ii, "correct"], "правильные ответы повторяются");
          if (it.correct.length === it.options.length) issue(["items", ii, "correct"], "все варианты правильные: вопрос ничего не проверяет");
          break;
        }
        case "ranking":
          checkOptions(ii, it.options);
          it.options.forEach((o, oi) => checkScale(["items", ii, "options", oi, "scale"], o.scale));
          break;
      }
    });

    t.scales.forEach((s, si) => {
      if (!used.has(s.id)) issue(["scales", si, "id"], `шкала «${s.id}» не используется ни одним вопросом`);
    });
  });

/** What a test file is written as (defaults may be left out). */
export type DiagnosticTestInput = z.input<typeof diagnosticTestSchema>;
export type DiagnosticTest = z.infer<typeof diagnosticTestSchema>;
export type DiagnosticScale = DiagnosticTest["scales"][number];
export type DiagnosticItem = DiagnosticTest["items"][number];
export type ItemKind = DiagnosticItem["kind"];
export type GameItem = Extract<DiagnosticItem, { kind: "game" }>;

export type ParseResult = { ok: true; test: DiagnosticTest } | { ok: false; errors: string[] };

/**
 * Validates a test definition. Every error names the place in the file, e.g.
 * «Вопрос 12 (items[11].correct): правильный ответ «c» не найден среди вариантов».
 */
export function parseDiagnosticTest(json: unknown): ParseResult {
  const result = diagnosticTestSchema.safeParse(json, { error: russianIssue });
  if (result.success) return { ok: true, test: result.data };
  return { ok: false, errors: result.error.issues.map((i) => `${where(i.path)}: ${i.message}`) };
}

/** Like parseDiagnosticTest, for the shipped content: a broken file must stop the import. */
export function defineDiagnosticTest(json: DiagnosticTestInput): DiagnosticTest {
  const result = parseDiagnosticTest(json);
  if (!result.ok) throw new Error(`Тест «${json.id}» не прошёл проверку:\n${result.errors.join("\n")}`);
  return result.test;
}

function where(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "Тест";
  const written = path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
  const [head, index] = path;
  if (typeof index === "number" && head === "items") return `Вопрос ${index + 1} (${written})`;
  if (typeof index === "number" && head === "scales") return `Шкала ${index + 1} (${written})`;
  return `Поле ${written}`;
}

const typeNames: Record<string, string> = {
  string: "строка",
  number: "число",
  int: "целое число",
  boolean: "да или нет (true/false)",
  array: "список",
  object: "объект",
  tuple: "список",
};

function russianIssue(iss: z.core.$ZodRawIssue): string | undefined {
  if (iss.input === undefined && (iss.code === "invalid_type" || iss.code === "invalid_value" || iss.code === "invalid_union")) return "поле обязательно";
  switch (iss.code) {
    case "invalid_type":
      return `ожидается ${typeNames[iss.expected] ?? iss.expected}`;
    case "too_small": {
      const min = Number(iss.minimum);
      if (iss.origin === "string") return min <= 1 ? "не может быть пустым" : `не короче ${min} символов`;
      if (iss.origin === "array") return `нужно не меньше ${min} элементов`;
      return iss.inclusive === false ? `должно быть больше ${min}` : `должно быть не меньше ${min}`;
    }
    case "too_big": {
      const max = Number(iss.maximum);
      if (iss.origin === "string") return `не длиннее ${max} символов`;
      if (iss.origin === "array") return `нужно не больше ${max} элементов`;
      return iss.inclusive === false ? `должно быть меньше ${max}` : `должно быть не больше ${max}`;
    }
    case "invalid_value":
      return `допустимые значения: ${iss.values.map((v) => String(v)).join(", ")}`;
    case "invalid_union":
      return "discriminator" in iss && iss.discriminator ? `неизвестное значение поля ${String(iss.discriminator)}` : "значение не подходит ни под один из вариантов";
    case "unrecognized_keys":
      return `лишние поля: ${iss.keys.join(", ")}`;
    case "invalid_format":
      return "неверный формат";
    case "not_multiple_of":
      return "нужно целое число";
    default:
      return undefined;
  }
}
