import { z } from "zod";
import { email, password } from "./accounts.ts";
import { calendarDay, moment } from "./date-input.ts";
import { safeExternalUrl } from "./links.ts";
import { pageInput } from "./pagination.ts";
import { REGION_CODES } from "./regions.ts";

const regionCodes = new Set<string>(REGION_CODES);
const isoDateTime = moment;
const isoDay = calendarDay;
const gradeField = z.coerce.number({ error: "Укажите класс" }).int().min(6, "Классы 6–11").max(11, "Классы 6–11");

export const trialLevels = ["intro", "basic", "advanced"] as const;
export const TRIAL_LEVEL_NAMES = { intro: "ознакомительный", basic: "базовый", advanced: "продвинутый" } as const;
export const TRIAL_FORMAT_NAMES = { online: "онлайн", in_person: "очно" } as const;

export const trialInput = z
  .object({
    competencyCode: z.string({ error: "Выберите компетенцию" }).min(1, "Выберите компетенцию"),
    title: z.string({ error: "Укажите название" }).trim().min(3, "Название слишком короткое").max(200, "Название слишком длинное"),
    description: z.string().trim().max(4000, "Описание слишком длинное").default(""),
    level: z.enum(trialLevels, { error: "Выберите уровень" }),
    format: z.enum(["online", "in_person"], { error: "Выберите формат" }),
    regionCode: z
      .string()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || regionCodes.has(v), "Выберите субъект РФ из списка"),
    address: z.string().trim().max(500).optional().transform((v) => (v ? v : undefined)),
    link: z
      .string()
      .trim()
      .max(500, "Ссылка слишком длинная")
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || safeExternalUrl(v) !== null, "Ссылка должна начинаться с https://"),
    startsAt: isoDateTime("начало"),
    durationMinutes: z.coerce.number({ error: "Укажите длительность" }).int().min(15, "Не меньше 15 минут").max(600, "Не больше 10 часов"),
    capacity: z.coerce.number({ error: "Укажите число мест" }).int().min(1, "Хотя бы одно место").max(1000, "Не больше 1000 мест"),
    minGrade: gradeField,
    maxGrade: gradeField,
    enrollDeadline: isoDateTime("срок записи"),
  })
  .superRefine((v, ctx) => {
    if (v.maxGrade < v.minGrade) ctx.addIssue({ code: "custom", path: ["maxGrade"], message: "Старший класс не может быть младше первого" });
    if (v.format === "in_person" && (!v.regionCode || !v.address)) ctx.addIssue({ code: "custom", path: ["address"], message: "Для очной пробы укажите субъект РФ и адрес" });
    if (v.format === "online" && !v.link) ctx.addIssue({ code: "custom", path: ["link"], message: "Для онлайн-пробы укажите ссылку" });
    if (Date.parse(v.enrollDeadline) > Date.parse(v.startsAt)) ctx.addIssue({ code: "custom", path: ["enrollDeadline"], message: "Запись должна закрываться до начала пробы" });
  });

export const trialFilterInput = z
  .object({
    regionCode: z.string().optional(),
    format: z.enum(["online", "in_person"]).optional(),
    competencyCode: z.string().optional(),
    level: z.enum(trialLevels).optional(),
    from: isoDay("дату «с»").optional(),
    to: isoDay("дату «по»").optional(),
    /** Only the trials that fit the student's interest profile, best first. */
    fit: z.boolean().optional(),
    /** Words of the title, any case. */
    q: z.string().trim().max(100, "Слишком длинный запрос").optional(),
    ...pageInput,
  })
  .default({});

/** The staff's mentor picker: the start of a name or an email. */
export const mentorSearchInput = z
  .object({ q: z.string().trim().max(100, "Слишком длинный запрос").default("") })
  .default({ q: "" });

export const trialIdInput = z.object({ trialId: z.uuid({ error: "Проба не найдена" }) });
/** A page of a trial's roster. */
export const rosterInput = trialIdInput.extend(pageInput);
export const enrollmentIdInput = z.object({ enrollmentId: z.uuid({ error: "Запись не найдена" }) });

export const attendanceInput = enrollmentIdInput.extend({
  mark: z.enum(["present", "late", "absent"], { error: "Отметьте: пришёл, опоздал или не пришёл" }),
});

const scale = (what: string) => z.coerce.number({ error: `Оцените ${what}` }).int().min(1, `Оцените ${what} от 1 до 5`).max(5, `Оцените ${what} от 1 до 5`);

export const feedbackInput = enrollmentIdInput.extend({
  performance: scale("результат"),
  interest: scale("интерес"),
  comment: z.string().trim().max(2000, "Комментарий слишком длинный").default(""),
});

export const ratingInput = enrollmentIdInput.extend({
  rating: scale("пробу"),
  comment: z.string().trim().max(2000, "Комментарий слишком длинный").default(""),
});

export const seasonInput = z.object({
  registrationOpensOn: isoDay("дату открытия регистрации"),
  esiaOpensOn: isoDay("дату входа через Госуслуги"),
  trialsStartOn: isoDay("начало проб"),
  trialsEndOn: isoDay("окончание проб"),
  recommendationsOn: isoDay("дату рекомендаций"),
});

export const mentorInviteInput = z.object({ email });
export const mentorRegistrationInput = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Ссылка повреждена или неполная: откройте её из письма ещё раз"),
  lastName: z.string({ error: "Укажите фамилию" }).trim().min(1, "Укажите фамилию").max(60),
  firstName: z.string({ error: "Укажите имя" }).trim().min(1, "Укажите имя").max(60),
  middleName: z.string().trim().max(60).optional().transform((v) => (v ? v : undefined)),
  password,
});
export const assignMentorInput = trialIdInput.extend({ mentorId: z.uuid({ error: "Наставник не найден" }) });
