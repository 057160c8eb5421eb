import { randomBytes } from "node:crypto";
import { hashPassword } from "@bilet/auth";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import { familyLinks, type UserRole } from "@bilet/db";
import { createAccount } from "../account-records.ts";
import { giveConsent } from "../consent.ts";
import type { CoreDeps } from "../deps.ts";
import { getSeason, setSeason, type SeasonDates } from "../trials/calendar.ts";

/**
 * People for end-to-end tests, made directly in the database of a running
 * test server, each with a signed-in session: tests set its cookie instead of
 * logging in through the form (only tests of the form itself use the form).
 */
export const FACTORY_PASSWORD = "parol2026";

export interface MadePerson {
  id: string;
  role: UserRole;
  email: string;
  password: string;
  lastName: string;
  firstName: string;
  /** The session cookie as `name=value`. */
  cookie: string;
}

const LAST_NAMES: Record<UserRole, [string, string]> = {
  student: ["Лебедева", "Мария"],
  parent: ["Лебедев", "Андрей"],
  mentor: ["Соколов", "Денис"],
  staff: ["Морозова", "Елена"],
};

let passwordHash: Promise<string> | undefined;

export async function makePerson(deps: CoreDeps, role: UserRole, options: { grade?: number; lastName?: string } = {}): Promise<MadePerson> {
  passwordHash ??= hashPassword(FACTORY_PASSWORD);
  const tag = randomBytes(4).toString("hex");
  const [defaultLast, firstName] = LAST_NAMES[role];
  // A unique surname per person, so a test can find its own people among others'.
  const lastName = options.lastName ?? `${defaultLast}-${tag.replace(/[0-9a-f]/g, (h) => "абвгдежзиклмнопр"[parseInt(h, 16)]!)}`;
  const email = `${role}.${tag}@e2e.example.ru`;
  const created = await createAccount(deps.db, {
    role,
    email,
    passwordHash: await passwordHash,
    lastName,
    firstName,
    activatedAt: new Date(),
    student: role === "student" ? { birthDate: "2011-03-15", grade: options.grade ?? 8, regionCode: "16", school: "Гимназия № 2" } : undefined,
    parent: role === "parent" ? { regionCode: "16" } : undefined,
  });
  if (!created) throw new Error(`factory: ${email} is taken`);
  const { cookie } = await deps.sessions.create(created.id, { ip: "127.0.0.1", userAgent: "e2e factory" });
  return { id: created.id, role, email, password: FACTORY_PASSWORD, lastName, firstName, cookie: cookie.split(";")[0]! };
}

/** A linked parent and child; with `consent`, the parent has consented through the real service, so the child is admitted. */
export async function makeFamily(deps: CoreDeps, options: { consent: boolean; grade?: number }): Promise<{ parent: MadePerson; student: MadePerson }> {
  const parent = await makePerson(deps, "parent");
  const student = await makePerson(deps, "student", { grade: options.grade });
  await deps.db.insert(familyLinks).values({ parentId: parent.id, studentId: student.id });
  if (options.consent) {
    await giveConsent(deps, { id: parent.id, role: "parent" }, { studentId: student.id, version: CURRENT_CONSENT_VERSION }, { ip: "127.0.0.1", userAgent: "e2e factory", authMethod: "password" });
  }
  return { parent, student };
}

/** A season around today (the trial window open from a week ago for four months), unless one is set already. */
export async function ensureSeason(deps: CoreDeps): Promise<SeasonDates> {
  const current = await getSeason(deps.db);
  if (current) return current;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return setSeason(deps.db, { id: "factory", role: "staff" }, { registrationOpensOn: day(-30), esiaOpensOn: day(-20), trialsStartOn: day(-7), trialsEndOn: day(120), recommendationsOn: day(130) });
}
