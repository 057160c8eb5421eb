import { z } from "zod";
import { pageInput } from "./pagination.ts";
import { REGION_CODES } from "./regions.ts";

const required = (what: string) => ({ error: `Укажите ${what}` });

/** Trimmed, lower-cased email; Russian messages. */
export const email = z
  .string(required("адрес электронной почты"))
  .trim()
  .min(1, "Укажите адрес электронной почты")
  .max(254, "Слишком длинный адрес электронной почты")
  .pipe(z.email({ error: "Проверьте адрес электронной почты: он должен выглядеть как name@example.ru" }))
  .transform((v) => v.toLowerCase());

export const password = z
  .string(required("пароль"))
  .min(8, "Пароль должен содержать не меньше 8 символов")
  .max(128, "Пароль должен содержать не больше 128 символов")
  .refine((v) => /\p{L}/u.test(v) && /\d/.test(v), "Пароль должен содержать хотя бы одну букву и одну цифру");

/** `what` is the accusative ("фамилию"), `label` the field's name ("Фамилия"). */
const personName = (what: string, label: string) =>
  z
    .string(required(what))
    .trim()
    .min(1, `Укажите ${what}`)
    .max(60, `Поле «${label}» слишком длинное`)
    .regex(/^[\p{L}][\p{L}' -]*$/u, `Поле «${label}» может содержать только буквы, пробел, дефис и апостроф`);

const optionalPersonName = (label: string) =>
  z
    .string()
    .trim()
    .max(60, `Поле «${label}» слишком длинное`)
    .regex(/^([\p{L}][\p{L}' -]*)?$/u, `Поле «${label}» может содержать только буквы, пробел, дефис и апостроф`)
    .optional()
    .transform((v) => (v ? v : undefined));

const regionCodes = new Set<string>(REGION_CODES);
export const regionCode = z
  .string({ error: "Выберите субъект Российской Федерации из списка" })
  .refine((v) => regionCodes.has(v), "Выберите субъект Российской Федерации из списка");

const MIN_AGE = 10;
const MAX_AGE = 19;

/** ISO date (YYYY-MM-DD) of a school student: 10–19 years old today. */
export const studentBirthDate = z
  .string(required("дату рождения"))
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Укажите дату рождения в формате ДД.ММ.ГГГГ")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "Такой даты не существует")
  .refine((v) => {
    const age = ageOn(v, new Date());
    return age >= MIN_AGE && age <= MAX_AGE;
  }, `Участником может быть школьник от ${MIN_AGE} до ${MAX_AGE} лет: проверьте дату рождения`);

export function ageOn(isoDate: string, today: Date): number {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  const beforeBirthday = today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

export const grade = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.coerce
    .number({ error: "Выберите класс" })
    .int("Выберите класс")
    .min(6, "В проекте участвуют школьники 6–11 классов")
    .max(11, "В проекте участвуют школьники 6–11 классов"),
);

export const studentRegistrationInput = z.object({
  lastName: personName("фамилию", "Фамилия"),
  firstName: personName("имя", "Имя"),
  middleName: optionalPersonName("Отчество"),
  birthDate: studentBirthDate,
  grade,
  regionCode,
  school: z.string(required("школу")).trim().min(2, "Укажите школу: название или номер").max(200, "Название школы слишком длинное"),
  email,
  password,
});
export type StudentRegistrationInput = z.input<typeof studentRegistrationInput>;

export const parentRegistrationInput = z.object({
  lastName: personName("фамилию", "Фамилия"),
  firstName: personName("имя", "Имя"),
  middleName: optionalPersonName("Отчество"),
  regionCode,
  email,
  password,
});
export type ParentRegistrationInput = z.input<typeof parentRegistrationInput>;

/**
 * A login a parent's «Добавить ребёнка» made (core/child-accounts.ts): lower-case
 * latin letters, then digits. Never contains «@», so it cannot be mistaken for an email.
 */
export const LOGIN_PATTERN = /^[a-z]{2,16}[0-9]{4,8}$/;

const IDENTIFIER_MISSING = "Укажите электронную почту или логин";

/** What the first field of the sign-in form takes: an email (with «@») or a login; lower-cased. */
export const signInIdentifier = z
  .string({ error: IDENTIFIER_MISSING })
  .trim()
  .min(1, IDENTIFIER_MISSING)
  .max(254, "Слишком длинный адрес электронной почты")
  .transform((v) => v.toLowerCase())
  .superRefine((v, ctx) => {
    if (v.includes("@")) {
      if (!email.safeParse(v).success) ctx.addIssue({ code: "custom", message: "Проверьте адрес электронной почты: он должен выглядеть как name@example.ru" });
    } else if (!LOGIN_PATTERN.test(v)) {
      ctx.addIssue({ code: "custom", message: "Проверьте логин: он состоит из латинских букв и цифр, как в листе входа" });
    }
  });

/** Whether a sign-in identifier is an email address rather than a login. */
export const isEmailIdentifier = (identifier: string) => identifier.includes("@");

/**
 * Sign-in: `identifier` is an email or a login. `email` is the older name of
 * the same field, still accepted from callers written before logins existed.
 */
export const loginInput = z
  .object({
    identifier: signInIdentifier.optional(),
    email: signInIdentifier.optional(),
    password: z.string(required("пароль")).min(1, "Укажите пароль").max(128, "Неверный адрес электронной почты или пароль"),
  })
  .transform(({ identifier, email: alias, password }, ctx) => {
    const value = identifier ?? alias;
    if (!value) {
      ctx.addIssue({ code: "custom", path: ["identifier"], message: IDENTIFIER_MISSING });
      return z.NEVER;
    }
    return { identifier: value, password };
  });
export type LoginInput = z.input<typeof loginInput>;

export const emailOnlyInput = z.object({ email });

/** Tokens are 32 random bytes in base64url (43 characters). */
export const tokenInput = z.object({
  token: z.string({ error: "Ссылка повреждена" }).trim().regex(/^[A-Za-z0-9_-]{43}$/, "Ссылка повреждена или неполная: откройте её из письма ещё раз"),
});

export const passwordResetInput = tokenInput.extend({ password });

export const notificationIdsInput = z.object({
  ids: z.array(z.uuid({ error: "Неизвестное уведомление" })).min(1).max(100),
});

export const notificationListInput = z
  .object({
    limit: z.number().int().min(1).max(100).default(20),
    unreadOnly: z.boolean().default(false),
    /** The next page after this cursor (`nextCursor` of the page before). */
    cursor: pageInput.cursor,
  })
  .default({ limit: 20, unreadOnly: false });

const token = z.string({ error: "Ссылка повреждена" }).trim().regex(/^[A-Za-z0-9_-]{43}$/, "Ссылка повреждена или неполная: откройте её из письма ещё раз");

/**
 * Registration through an invitation. An emailed invitation fixes the address
 * (`email` is ignored); a copied link has none, so the person gives theirs.
 */
const invitedEmail = z.preprocess((v) => (v === "" || v === null ? undefined : v), email.optional());
export const studentByInvitationInput = studentRegistrationInput.omit({ email: true }).extend({ token, email: invitedEmail });
export type StudentByInvitationInput = z.input<typeof studentByInvitationInput>;
export const parentByInvitationInput = parentRegistrationInput.omit({ email: true }).extend({ token, email: invitedEmail });
export type ParentByInvitationInput = z.input<typeof parentByInvitationInput>;
