import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { generateToken, hashToken } from "@bilet/auth";
import { emailTokens, parentProfiles, regions, studentProfiles, users, type DbOrTx, type UserRole } from "@bilet/db";
import { emails, enqueueEmail } from "@bilet/mail";
import { formatDate, INVALID_INPUT_MESSAGE, isUnder14On, moscowDay, turns14On } from "@bilet/validators";
import { parentsOf } from "./access.ts";
import { audit } from "./audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "./deps.ts";
import { AppError } from "./errors.ts";
import type { StudentProfile } from "./profiles.ts";
import { notifyUser, notifyUsers } from "./notifications.ts";
import { shortName } from "./people.ts";
import { LIMITS, enforceLimit, limitLetters } from "./rate-limit.ts";
import { refreshPlan } from "./recommendations/service.ts";
import { nextSchoolYearDay } from "./school-year-rule.ts";

/**
 * «Мой профиль»: a person changes their own name, region, school and grade,
 * and their email — the new address is confirmed by a one-time link sent to
 * it (docs/decisions/0004), the old address is told twice (when asked, when
 * done). A child whose account a parent made (a login, no email) attaches a
 * first address the same way, from the day the child turns 14; the linked
 * parents are told and the family link stays.
 */

/** The confirmation link to a new address lives as long as an activation link. */
export const EMAIL_CHANGE_HOURS = 48;
export const EMAIL_CONFIRM_PATH = "/account/email/confirm";

const isStudent = (role: UserRole) => role === "student";

export interface ProfileSettings {
  role: UserRole;
  lastName: string;
  firstName: string;
  middleName: string | null;
  email: string | null;
  login: string | null;
  /** An address waiting for its confirmation link to be followed. */
  pendingEmail: { email: string; expiresAt: string } | null;
  /** Null when the person may ask for a new address now; else the Russian reason (a child under 14). */
  emailLocked: string | null;
  /** With the day of the next yearly move-up (ISO day). */
  student: (StudentProfile & { nextMoveUpOn: string }) | null;
  parent: { regionCode: string; regionName: string } | null;
}

/** Why a child without an address cannot attach one yet, or null when it may. */
function attachRefusal(birthDate: string | null, now: Date): string | null {
  if (!birthDate || !isUnder14On(birthDate, moscowDay(now))) return null;
  return `Привязать электронную почту можно с 14 лет: с ${formatDate(turns14On(birthDate))}.`;
}

export async function getProfileSettings(deps: CoreDeps, userId: string, now = new Date()): Promise<ProfileSettings> {
  const [row] = await deps.db
    .select({
      role: users.role,
      lastName: users.lastName,
      firstName: users.firstName,
      middleName: users.middleName,
      email: users.email,
      login: users.login,
      birthDate: studentProfiles.birthDate,
      grade: studentProfiles.grade,
      studentRegion: studentProfiles.regionCode,
      school: studentProfiles.school,
      graduatedAt: studentProfiles.graduatedAt,
      parentRegion: parentProfiles.regionCode,
    })
    .from(users)
    .leftJoin(studentProfiles, eq(studentProfiles.userId, users.id))
    .leftJoin(parentProfiles, eq(parentProfiles.userId, users.id))
    .where(eq(users.id, userId));
  if (!row) throw new AppError("NOT_FOUND", "Учётная запись не найдена");
  const regionCode = row.studentRegion ?? row.parentRegion;
  const [region] = regionCode ? await deps.db.select({ name: regions.name }).from(regions).where(eq(regions.code, regionCode)) : [];
  const [pending] = await deps.db
    .select({ email: emailTokens.newEmail, expiresAt: emailTokens.expiresAt })
    .from(emailTokens)
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, "email_change"), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, sql`now()`)))
    .limit(1);
  return {
    role: row.role,
    lastName: row.lastName,
    firstName: row.firstName,
    middleName: row.middleName,
    email: row.email,
    login: row.login,
    pendingEmail: pending?.email ? { email: pending.email, expiresAt: pending.expiresAt.toISOString() } : null,
    emailLocked: row.email ? null : attachRefusal(row.birthDate, now),
    student:
      row.birthDate !== null && row.grade !== null && row.studentRegion !== null && row.school !== null
        ? {
            birthDate: row.birthDate,
            grade: row.grade,
            regionCode: row.studentRegion,
            regionName: region?.name ?? "",
            school: row.school,
            graduatedAt: row.graduatedAt?.toISOString() ?? null,
            nextMoveUpOn: nextSchoolYearDay(now, deps.schoolYearStart),
          }
        : null,
    parent: row.parentRegion ? { regionCode: row.parentRegion, regionName: region?.name ?? "" } : null,
  };
}

// ---------------------------------------------------------------- name, region, school, grade

export interface ProfileChange {
  lastName: string;
  firstName: string;
  /** Absent or empty removes the patronymic. */
  middleName?: string;
  /** Students and parents. */
  regionCode?: string;
  /** Students only. */
  school?: string;
  /** Students only, 6–11; a graduate's grade stays. */
  grade?: number;
}

/**
 * Saves the person's own profile (the input already passed its schema in
 * @bilet/validators). Changes of grade or region make a new plan version in the
 * same transaction when the plan changes. Answers the fields that changed.
 */
export async function updateProfile(deps: CoreDeps, actor: Actor, change: ProfileChange, meta: RequestMeta): Promise<{ changed: string[] }> {
  const student = actor.role === "student";
  if (!student && (change.school !== undefined || change.grade !== undefined)) throw new AppError("FORBIDDEN", "Школа и класс есть только в анкете участника");
  if (!student && actor.role !== "parent" && change.regionCode !== undefined) throw new AppError("FORBIDDEN", "Регион есть только в анкете участника или родителя");

  return deps.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, actor.id)).for("update");
    if (!user || user.erasedAt) throw new AppError("NOT_FOUND", "Учётная запись не найдена");
    const changed: string[] = [];
    const names = { lastName: change.lastName, firstName: change.firstName, middleName: change.middleName ?? null };
    for (const key of ["lastName", "firstName", "middleName"] as const) if (names[key] !== user[key]) changed.push(key);
    if (changed.length > 0) await tx.update(users).set({ ...names, updatedAt: new Date() }).where(eq(users.id, actor.id));

    if (student) {
      const [profile] = await tx.select().from(studentProfiles).where(eq(studentProfiles.userId, actor.id));
      if (!profile) throw new AppError("NOT_FOUND", "Анкета участника не найдена");
      if (change.grade !== undefined && change.grade !== profile.grade && profile.graduatedAt) {
        const message = "Школа окончена: класс больше не меняется";
        throw new AppError("BAD_REQUEST", message, { fieldErrors: { grade: message } });
      }
      const next = { regionCode: change.regionCode ?? profile.regionCode, school: change.school ?? profile.school, grade: change.grade ?? profile.grade };
      const profileChanged = (["regionCode", "school", "grade"] as const).filter((key) => next[key] !== profile[key]);
      if (profileChanged.length > 0) {
        await tx.update(studentProfiles).set(next).where(eq(studentProfiles.userId, actor.id));
        changed.push(...profileChanged);
      }
      // The plan depends on the grade and the region.
      if (profileChanged.includes("grade") || profileChanged.includes("regionCode")) await refreshPlan(tx, actor.id);
    } else if (actor.role === "parent" && change.regionCode !== undefined) {
      const [profile] = await tx.select().from(parentProfiles).where(eq(parentProfiles.userId, actor.id));
      if (!profile) throw new AppError("NOT_FOUND", "Анкета родителя не найдена");
      if (profile.regionCode !== change.regionCode) {
        await tx.update(parentProfiles).set({ regionCode: change.regionCode }).where(eq(parentProfiles.userId, actor.id));
        changed.push("regionCode");
      }
    }

    if (changed.length > 0) {
      await audit(tx, { actorUserId: actor.id, action: "profile.updated", subjectType: "user", subjectId: actor.id, ip: meta.ip, data: { changed } });
    }
    return { changed };
  });
}

// ---------------------------------------------------------------- email change

const TAKEN = { student: "Этот адрес уже занят другой учётной записью: укажи другой", other: "Этот адрес уже занят другой учётной записью: укажите другой" };

function emailError(code: "BAD_REQUEST" | "CONFLICT", message: string): AppError {
  return new AppError(code, code === "CONFLICT" ? message : INVALID_INPUT_MESSAGE, { fieldErrors: { email: message } });
}

async function addressTaken(db: DbOrTx, email: string, exceptUserId: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(and(eq(users.email, email), ne(users.id, exceptUserId)));
  return Boolean(row);
}

/**
 * Asks to change the person's email to `newEmail` (or to attach a first one):
 * a confirmation link goes to the new address, a notice to the old one. Only
 * the newest link works. A taken address is refused here and again at
 * confirmation, where the unique index has the last word.
 */
export async function requestEmailChange(deps: CoreDeps, actor: Actor, newEmail: string, meta: RequestMeta, now = new Date()): Promise<{ email: string; expiresAt: string }> {
  if (meta.ip) await enforceLimit(deps.db, `mail:ip:${meta.ip}`, LIMITS.emailPerIp, deps.rateLimitFactor);
  const [user] = await deps.db
    .select({ id: users.id, role: users.role, email: users.email, firstName: users.firstName, erasedAt: users.erasedAt, birthDate: studentProfiles.birthDate })
    .from(users)
    .leftJoin(studentProfiles, eq(studentProfiles.userId, users.id))
    .where(eq(users.id, actor.id));
  if (!user || user.erasedAt) throw new AppError("NOT_FOUND", "Учётная запись не найдена");
  const voice = isStudent(user.role) ? "student" : "other";
  if (user.email === newEmail) {
    throw emailError("BAD_REQUEST", voice === "student" ? "Это и так адрес твоей учётной записи" : "Это и так адрес вашей учётной записи");
  }
  if (!user.email) {
    const refusal = attachRefusal(user.birthDate, now);
    if (refusal) throw new AppError("FORBIDDEN", refusal, { fieldErrors: { email: refusal } });
  }
  if (await addressTaken(deps.db, newEmail, user.id)) throw emailError("CONFLICT", TAKEN[voice]);
  await limitLetters(deps.db, "email_change", newEmail, meta.ip, deps.rateLimitFactor);
  if (user.email) await limitLetters(deps.db, "email_change", user.email, meta.ip, deps.rateLimitFactor);

  const expiresAt = new Date(now.getTime() + EMAIL_CHANGE_HOURS * 3600_000);
  await deps.db.transaction(async (tx) => {
    // One live link: a new request makes the earlier ones dead.
    await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.purpose, "email_change"), isNull(emailTokens.usedAt)));
    const { token, tokenHash } = generateToken();
    await tx.insert(emailTokens).values({ userId: user.id, purpose: "email_change", newEmail, tokenHash, expiresAt });
    const url = `${deps.appOrigin}${EMAIL_CONFIRM_PATH}?token=${encodeURIComponent(token)}`;
    await enqueueEmail(tx, newEmail, emails.emailChangeConfirm({ firstName: user.firstName, url, hoursValid: EMAIL_CHANGE_HOURS, role: user.role, attach: !user.email }));
    if (user.email) await enqueueEmail(tx, user.email, emails.emailChangeRequested({ firstName: user.firstName, newEmail, role: user.role }));
    await audit(tx, { actorUserId: user.id, action: "account.email_change_requested", subjectType: "user", subjectId: user.id, ip: meta.ip, data: { attach: !user.email } });
  });
  return { email: newEmail, expiresAt: expiresAt.toISOString() };
}

/** Withdraws a pending change: its link stops working. */
export async function cancelEmailChange(deps: CoreDeps, actor: Actor, meta: RequestMeta): Promise<{ cancelled: boolean }> {
  return deps.db.transaction(async (tx) => {
    const spent = await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(emailTokens.userId, actor.id), eq(emailTokens.purpose, "email_change"), isNull(emailTokens.usedAt)))
      .returning({ id: emailTokens.id });
    if (spent.length > 0) await audit(tx, { actorUserId: actor.id, action: "account.email_change_cancelled", subjectType: "user", subjectId: actor.id, ip: meta.ip });
    return { cancelled: spent.length > 0 };
  });
}

const AGAIN = "Запросите смену адреса ещё раз на странице «Мой профиль».";
const TAKEN_AT_CONFIRM = "Этот адрес уже занят другой учётной записью, поэтому адрес не изменён. Укажите другой адрес на странице «Мой профиль».";

/** True when a database error (or one it wraps) is a unique violation. */
function isUniqueViolation(error: unknown): boolean {
  for (let e = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

export interface EmailChangeConfirmed {
  userId: string;
  role: UserRole;
  email: string;
  /** A first address attached to a login-only account (a child of 14 or more). */
  attached: boolean;
}

/**
 * Follows the confirmation link (a POST from the page it opens): the address
 * becomes the account's — sign-in takes it, the old one no longer works — the
 * old address is told, and for an attached first address the linked parents.
 * All in one transaction with the link spent; a taken address spends nothing.
 */
export async function confirmEmailChange(deps: CoreDeps, token: string, meta: RequestMeta): Promise<EmailChangeConfirmed> {
  return deps.db.transaction(async (tx) => {
    const tokenHash = hashToken(token);
    const [spent] = await tx
      .update(emailTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(emailTokens.tokenHash, tokenHash), eq(emailTokens.purpose, "email_change"), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, sql`now()`)))
      .returning({ userId: emailTokens.userId, newEmail: emailTokens.newEmail });
    if (!spent?.newEmail) {
      const [existing] = await tx.select({ usedAt: emailTokens.usedAt }).from(emailTokens).where(and(eq(emailTokens.tokenHash, tokenHash), eq(emailTokens.purpose, "email_change")));
      if (!existing) throw new AppError("TOKEN_INVALID", `Ссылка недействительна. ${AGAIN}`);
      if (existing.usedAt) throw new AppError("TOKEN_USED", `Эта ссылка уже использована или заменена более новой. ${AGAIN}`);
      throw new AppError("TOKEN_EXPIRED", `Срок действия ссылки истёк. ${AGAIN}`);
    }
    const newEmail = spent.newEmail;
    const [user] = await tx.select().from(users).where(eq(users.id, spent.userId)).for("update");
    if (!user || user.erasedAt) throw new AppError("TOKEN_INVALID", `Ссылка недействительна. ${AGAIN}`);
    if (await addressTaken(tx, newEmail, user.id)) throw new AppError("CONFLICT", TAKEN_AT_CONFIRM);
    try {
      // A savepoint: another account may take the address between the check and here; the unique index decides.
      await tx.transaction((sp) => sp.update(users).set({ email: newEmail, updatedAt: new Date() }).where(eq(users.id, user.id)));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", TAKEN_AT_CONFIRM);
      throw error;
    }
    const attached = user.email === null;
    const student = isStudent(user.role);
    if (user.email) await enqueueEmail(tx, user.email, emails.emailChanged({ firstName: user.firstName, newEmail, role: user.role }));
    await notifyUser(tx, user.id, {
      type: "account.email_changed",
      title: attached ? "Электронная почта привязана" : "Адрес электронной почты изменён",
      body: attached
        ? `Теперь входить можно и с адресом ${newEmail}, и с логином.`
        : `Теперь входить нужно с адресом ${newEmail}. ${student ? "Если сменить адрес просил кто-то другой, напиши в поддержку проекта." : "Если это были не вы, напишите в поддержку проекта."}`,
      link: "/account",
    });
    if (attached && student) {
      await notifyUsers(tx, await parentsOf(tx, user.id), {
        type: "family.child_email_attached",
        title: "Ребёнок привязал электронную почту",
        body: `Электронная почта привязана: ${shortName(user)}. Теперь ребёнок может входить и с ней, и с логином; связь с вашим кабинетом сохраняется.`,
        link: `/parent/children/${user.id}`,
        data: { studentId: user.id },
      });
    }
    await audit(tx, { actorUserId: user.id, action: "account.email_changed", subjectType: "user", subjectId: user.id, ip: meta.ip, data: { attached } });
    return { userId: user.id, role: user.role, email: newEmail, attached };
  });
}
