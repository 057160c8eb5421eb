import { z } from "zod";
import { email, parentRegistrationInput, studentRegistrationInput } from "./accounts.ts";
import { CHILD_ACCOUNT_AGE_LIMIT } from "./child-accounts.ts";

/**
 * «Мой профиль»: what a person may change about themselves. The fields are the
 * registration form's own (same checks, same Russian messages), so a name
 * that registration refuses is refused here too.
 */
const { lastName, firstName, middleName, grade, school, regionCode } = studentRegistrationInput.shape;

/** Фамилия, имя, отчество: every role. An emptied «Отчество» removes it. */
export const nameSettingsInput = z.object({ lastName, firstName, middleName });
export type NameSettingsInput = z.input<typeof nameSettingsInput>;

/** A student: the name, the region, the school and the grade (6–11). */
export const studentSettingsInput = nameSettingsInput.extend({ regionCode, school, grade });
export type StudentSettingsInput = z.input<typeof studentSettingsInput>;

/** A parent: the name and the region. */
export const parentSettingsInput = nameSettingsInput.extend({ regionCode: parentRegistrationInput.shape.regionCode });
export type ParentSettingsInput = z.input<typeof parentSettingsInput>;

/** The new address of an email change (or the first one a child attaches at 14). */
export const emailChangeInput = z.object({ email });
export type EmailChangeInput = z.input<typeof emailChangeInput>;

/** A session as the sessions list names it: a hash of its id, never the id (the cookie) itself. */
export const sessionHandleInput = z.object({
  session: z.string({ error: "Сеанс не найден" }).regex(/^[0-9a-f]{32}$/, "Сеанс не найден"),
});

/**
 * The calendar day ("YYYY-MM-DD") a person born on `birthDate` turns
 * CHILD_ACCOUNT_AGE_LIMIT (14): from that day a child whose account a parent
 * made may attach an email. Born on 29 February: 1 March of a common year, the
 * first day `isUnder14On` says no (a test holds the two together).
 */
export function turns14On(birthDate: string): string {
  const [y, m, d] = birthDate.split("-").map(Number) as [number, number, number];
  const year = y + CHILD_ACCOUNT_AGE_LIMIT;
  const candidate = new Date(Date.UTC(year, m - 1, d));
  // 29 February of a common year rolls over to 1 March, as the age rule counts it.
  return candidate.toISOString().slice(0, 10);
}
