import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { TDocumentDefinitions } from "pdfmake/interfaces";
import { hashPassword } from "@bilet/auth";
import { familyLinks, parentProfiles, studentProfiles, users } from "@bilet/db";
import type { z } from "zod";
import { TOO_OLD_FOR_CHILD_ACCOUNT, isUnder14On, moscowDay, type childUnder14Input } from "@bilet/validators";
import { assertCanIssueLoginSheet } from "./access.ts";
import { createAccount } from "./account-records.ts";
import { endLiveSessions } from "./session-list.ts";
import { audit } from "./audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "./deps.ts";
import { AppError } from "./errors.ts";
import { notifyUser } from "./notifications.ts";
import { fullName } from "./people.ts";
import { LIMITS, enforceLimit, personalFactor } from "./rate-limit.ts";
import { renderPdf } from "./recommendations/pdf.ts";
import { assertSeasonOpened } from "./trials/calendar.ts";

type ChildUnder14 = z.output<typeof childUnder14Input>;

// ---------------------------------------------------------------- pure parts

/** Russian letters as latin, the way a child can type them (close to the passport rules, no apostrophes). */
const LATIN: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m",
  н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch",
  ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};

/** Lower-case latin letters only: Cyrillic transliterated, latin kept, everything else (spaces, hyphens, digits) dropped. */
export function transliterate(text: string): string {
  let out = "";
  for (const ch of text.toLowerCase()) {
    if (ch >= "a" && ch <= "z") out += ch;
    else out += LATIN[ch] ?? "";
  }
  return out;
}

const LOGIN_BASE_MAX = 10;
const LOGIN_FALLBACK = "uchenik";

/** The letters of a login: the transliterated surname, shortened; «uchenik» when the surname gives too little. */
export function loginBase(lastName: string): string {
  const latin = transliterate(lastName).slice(0, LOGIN_BASE_MAX);
  return latin.length >= 2 ? latin : LOGIN_FALLBACK;
}

/** A login candidate: the base and `digits` random digits («ivanov4821»); the unique index decides whether it is free. */
export function loginCandidate(base: string, digits: number, random: (min: number, max: number) => number = randomInt): string {
  return `${base}${random(10 ** (digits - 1), 10 ** digits)}`;
}

/** Letters and digits a child cannot misread: no i, l, o, 0, 1. */
export const ONE_TIME_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const ONE_TIME_PASSWORD_LENGTH = 10;

/** A one-time password for a login sheet: 10 characters from a cryptographic source, at least one letter and one digit. */
export function generateOneTimePassword(random: (max: number) => number = randomInt): string {
  for (;;) {
    let password = "";
    for (let i = 0; i < ONE_TIME_PASSWORD_LENGTH; i++) password += ONE_TIME_PASSWORD_ALPHABET[random(ONE_TIME_PASSWORD_ALPHABET.length)];
    if (/[a-z]/.test(password) && /\d/.test(password)) return password;
  }
}

// ---------------------------------------------------------------- the service

/** Free logins are found by trying: first with four digits, then, if a surname is very common, with six. */
const LOGIN_ATTEMPTS = 20;

/**
 * Tries login candidates until `create` takes one (it answers null when the
 * unique index says the login is taken) and returns it with what was created.
 */
export async function withFreeLogin<T>(
  base: string,
  create: (login: string) => Promise<T | null>,
  candidate: (attempt: number) => string = (attempt) => loginCandidate(base, attempt < LOGIN_ATTEMPTS / 2 ? 4 : 6),
): Promise<{ login: string; created: T }> {
  for (let attempt = 0; attempt < LOGIN_ATTEMPTS; attempt++) {
    const login = candidate(attempt);
    const created = await create(login);
    if (created) return { login, created };
  }
  throw new Error(`no free login for ${base} after ${LOGIN_ATTEMPTS} attempts`);
}

/** What a login sheet carries. The password exists only in this value: the database keeps its hash. */
export interface LoginSheet {
  studentId: string;
  name: string;
  login: string;
  password: string;
}

/**
 * A parent creates the account of a child who is under 14 on the day: no
 * email, a login and a one-time password, active at once and linked to the
 * parent. The consent is a separate step (consent.ts); until it is given the
 * child is not admitted to practical trials.
 */
export async function addChildUnder14(deps: CoreDeps, actor: Actor, input: ChildUnder14, meta: RequestMeta, now = new Date()): Promise<LoginSheet> {
  if (actor.role !== "parent") throw new AppError("FORBIDDEN", "Добавить ребёнка может только родитель");
  if (!isUnder14On(input.birthDate, moscowDay(now))) {
    throw new AppError("BAD_REQUEST", "Ребёнку уже исполнилось 14 лет: учётную запись без электронной почты ему создать нельзя", { fieldErrors: { birthDate: TOO_OLD_FOR_CHILD_ACCOUNT } });
  }
  await assertSeasonOpened(deps.db, "registration");
  await enforceLimit(deps.db, `child-account:${actor.id}`, LIMITS.invitationsPerUser, personalFactor(deps.rateLimitFactor));
  const password = generateOneTimePassword();
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    const [parent] = await tx.select({ regionCode: parentProfiles.regionCode }).from(parentProfiles).where(eq(parentProfiles.userId, actor.id));
    if (!parent) throw new AppError("FORBIDDEN", "Добавить ребёнка может только родитель");
    // A second press of the button (or a resubmitted form) must not make a second account.
    const [same] = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(studentProfiles, eq(studentProfiles.userId, users.id))
      .where(and(eq(users.createdById, actor.id), eq(users.lastName, input.lastName), eq(users.firstName, input.firstName), eq(studentProfiles.birthDate, input.birthDate)));
    if (same) {
      throw new AppError("CONFLICT", "Вы уже добавили этого ребёнка. Если лист входа потерян, скачайте новый на странице ребёнка.");
    }
    const { login, created } = await withFreeLogin(loginBase(input.lastName), (login) =>
      createAccount(tx, {
        role: "student",
        email: null,
        login,
        passwordHash,
        mustChangePassword: true,
        createdById: actor.id,
        lastName: input.lastName,
        firstName: input.firstName,
        middleName: input.middleName,
        // The parent vouches for the child: there is no address to confirm.
        activatedAt: now,
        student: { birthDate: input.birthDate, grade: input.grade, regionCode: input.regionCode ?? parent.regionCode, school: input.school },
      }),
    );
    const studentId = created.id;
    await tx.insert(familyLinks).values({ parentId: actor.id, studentId });
    await notifyUser(tx, studentId, {
      type: "account.activated",
      title: "Добро пожаловать!",
      body: "Учётную запись для тебя создал родитель. Здесь будут появляться уведомления о важных событиях.",
    });
    await audit(tx, { actorUserId: actor.id, action: "family.child_account_created", subjectType: "user", subjectId: studentId, ip: meta.ip, data: { login } });
    return { studentId, name: fullName(input), login, password };
  });
}

/**
 * A new login sheet for a child a parent created: a new one-time password;
 * the old one stops working at once and every session of the child ends.
 */
export async function reissueLoginSheet(deps: CoreDeps, actor: Actor, studentId: string, meta: RequestMeta): Promise<LoginSheet> {
  await assertCanIssueLoginSheet(deps.db, actor, studentId);
  await enforceLimit(deps.db, `login-sheet:${actor.id}`, LIMITS.invitationsPerUser, personalFactor(deps.rateLimitFactor));
  const password = generateOneTimePassword();
  const passwordHash = await hashPassword(password);
  const sheet = await deps.db.transaction(async (tx) => {
    // Checked again inside: the link or the account may have changed since.
    await assertCanIssueLoginSheet(tx, actor, studentId);
    const [child] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, updatedAt: new Date() })
      .where(eq(users.id, studentId))
      .returning({ login: users.login, lastName: users.lastName, firstName: users.firstName, middleName: users.middleName });
    // Before the notice below: signals arrive in commit order, so no old socket gets it.
    await endLiveSessions(tx, { userId: studentId });
    await notifyUser(tx, studentId, {
      type: "security.password_changed",
      title: "Новый лист входа",
      body: "Родитель выдал тебе новый лист входа. Прежний пароль больше не действует: войди с паролем из нового листа и придумай свой.",
    });
    await audit(tx, { actorUserId: actor.id, action: "family.login_sheet_reissued", subjectType: "user", subjectId: studentId, ip: meta.ip });
    return { studentId, name: fullName(child!), login: child!.login!, password };
  });
  await deps.sessions.invalidateAllForUser(studentId);
  return sheet;
}

// ---------------------------------------------------------------- the sheet

export const loginSheetFilename = (login: string) => `list-vhoda-${login}.pdf`;

/** The three steps printed on the sheet, addressed to the child. */
export function loginSheetSteps(siteUrl: string): string[] {
  return [
    `Открой сайт ${siteUrl} и нажми «Войти».`,
    "Введи логин и пароль из этого листа.",
    "Придумай свой пароль: сайт попросит об этом при первом входе. Пароль из листа после этого перестанет действовать.",
  ];
}

/** The login sheet as a one-page PDF: the child's name, the login, the password, the site and what to do. */
export function renderLoginSheetPdf(sheet: Pick<LoginSheet, "name" | "login" | "password">, siteUrl: string): Promise<Buffer> {
  const row = (label: string, value: string, big = false) => [
    { text: label, color: "#555555", margin: [0, big ? 6 : 2, 0, 2] as [number, number, number, number] },
    { text: value, bold: true, fontSize: big ? 22 : 13, margin: [0, 0, 0, 2] as [number, number, number, number] },
  ];
  const definition: TDocumentDefinitions = {
    info: { title: `Лист входа — ${sheet.name}`, author: "Билет в будущее" },
    pageSize: "A4",
    pageMargins: [56, 64, 56, 64],
    defaultStyle: { font: "Roboto", fontSize: 12, lineHeight: 1.25 },
    content: [
      { text: "Билет в будущее", color: "#555555", margin: [0, 0, 0, 4] },
      { text: "Лист входа", fontSize: 22, bold: true, margin: [0, 0, 0, 6] },
      { text: sheet.name, fontSize: 15, margin: [0, 0, 0, 18] },
      {
        table: {
          widths: [110, "*"],
          body: [row("Адрес сайта", siteUrl), row("Логин", sheet.login, true), row("Пароль", sheet.password, true)],
        },
        layout: "lightHorizontalLines",
        margin: [0, 0, 0, 22],
      },
      { text: "Что сделать", fontSize: 14, bold: true, margin: [0, 0, 0, 6] },
      { ol: loginSheetSteps(siteUrl), margin: [0, 0, 0, 22] },
      {
        text: "Для родителя: храните лист, пока ребёнок не войдёт и не сменит пароль. Если лист потеряется, скачайте новый на странице ребёнка в своём кабинете — прежний пароль тогда перестанет действовать.",
        fontSize: 10,
        color: "#555555",
      },
    ],
  };
  return renderPdf(definition);
}

/** The sheet's PDF as the API returns it (base64 travels in JSON). */
export async function loginSheetFile(deps: CoreDeps, sheet: LoginSheet): Promise<{ filename: string; base64: string }> {
  const pdf = await renderLoginSheetPdf(sheet, siteAddress(deps.appOrigin));
  return { filename: loginSheetFilename(sheet.login), base64: pdf.toString("base64") };
}

/** The address as a person types it: the origin without a trailing slash. */
export const siteAddress = (appOrigin: string) => appOrigin.replace(/\/+$/, "");
