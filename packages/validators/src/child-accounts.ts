import { z } from "zod";
import { ageOn, password, regionCode, studentBirthDate, studentRegistrationInput } from "./accounts.ts";

/**
 * A parent creates the account of a child who is under this age on the day
 * (no email needed); from this age on the child registers alone, invited by
 * email or by a copied link.
 */
export const CHILD_ACCOUNT_AGE_LIMIT = 14;

/**
 * Whether a child born on `birthDate` is under 14 on the calendar `day` (both
 * "YYYY-MM-DD"): 13 years and 364 days is under 14, the 14th birthday is not.
 * The server passes the Moscow day (`moscowDay(now)`), the browser its own.
 */
export function isUnder14On(birthDate: string, day: string): boolean {
  return ageOn(birthDate, new Date(`${day}T12:00:00Z`)) < CHILD_ACCOUNT_AGE_LIMIT;
}

export const TOO_OLD_FOR_CHILD_ACCOUNT =
  "Ребёнку уже исполнилось 14 лет: такой ребёнок регистрируется сам. Пригласите его по электронной почте или скопируйте ссылку-приглашение в кабинете.";

const { lastName, firstName, middleName, grade, school } = studentRegistrationInput.shape;

/** «Добавить ребёнка младше 14 лет»: the region is the parent's unless chosen. The age on the day is checked by the server (core/child-accounts.ts). */
export const childUnder14Input = z.object({
  lastName,
  firstName,
  middleName,
  birthDate: studentBirthDate,
  grade,
  regionCode: z.preprocess((v) => (v === "" || v === null ? undefined : v), regionCode.optional()),
  school,
});
export type ChildUnder14Input = z.input<typeof childUnder14Input>;

/**
 * A new password. `currentPassword` is needed unless the person signed in with
 * a one-time password and must choose a new one now.
 */
export const passwordChangeInput = z.object({
  currentPassword: z
    .string()
    .max(128, "Неверный текущий пароль")
    .optional()
    .transform((v) => (v ? v : undefined)),
  password,
});
export type PasswordChangeInput = z.input<typeof passwordChangeInput>;
