import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { decoyPasswordHash, generateToken, hashPassword, hashToken, verifyPassword, type SessionUser } from "@bilet/auth";
import { emailTokens, users, type DbOrTx, type EmailTokenPurpose, type UserRole } from "@bilet/db";
import { emails, enqueueEmail } from "@bilet/mail";
import type { z } from "zod";
import type { parentRegistrationInput, studentRegistrationInput } from "@bilet/validators";
import { isEmailIdentifier } from "@bilet/validators";
import { createAccount, type NewAccount } from "./account-records.ts";
import { audit } from "./audit.ts";
import type { CoreDeps, RequestMeta } from "./deps.ts";
import { AppError } from "./errors.ts";
import { notifyUser } from "./notifications.ts";
import { describeDevice, endLiveSessions } from "./session-list.ts";
import { assertSeasonOpened } from "./trials/calendar.ts";
import { LIMITS, LOGIN_SLOWDOWN_MS, assertUnderLimit, countHit, enforceLimit, limitLetters, peekHits, personalFactor, resetHits, tooManyAttempts } from "./rate-limit.ts";

type StudentRegistration = z.output<typeof studentRegistrationInput>;
type ParentRegistration = z.output<typeof parentRegistrationInput>;

const ACTIVATION_HOURS = 48;
const RESET_MINUTES = 60;

/** Where each role lands after signing in. */
export const CABINET_PATH: Record<UserRole, string> = {
  student: "/student",
  parent: "/parent",
  mentor: "/mentor",
  staff: "/staff",
};

/** Same answer for a new and a taken address, so the form cannot be used to find accounts. */
export interface RegistrationResult {
  email: string;
}

async function limitByIp(deps: CoreDeps, scope: string, limit: typeof LIMITS.emailPerIp, meta: RequestMeta) {
  if (meta.ip) await enforceLimit(deps.db, `${scope}:ip:${meta.ip}`, limit, deps.rateLimitFactor);
}

async function issueToken(tx: DbOrTx, userId: string, purpose: EmailTokenPurpose, validForMs: number): Promise<string> {
  // One live link per purpose: a new letter makes the earlier ones dead.
  await tx
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
  const { token, tokenHash } = generateToken();
  await tx.insert(emailTokens).values({ userId, purpose, tokenHash, expiresAt: new Date(Date.now() + validForMs) });
  return token;
}

function link(deps: CoreDeps, path: string, token: string): string {
  return `${deps.appOrigin}${path}?token=${encodeURIComponent(token)}`;
}

async function register(
  deps: CoreDeps,
  role: "student" | "parent",
  input: StudentRegistration | ParentRegistration,
  meta: RequestMeta,
  profile: Pick<NewAccount, "student" | "parent">,
): Promise<RegistrationResult> {
  await assertSeasonOpened(deps.db, "registration");
  await limitByIp(deps, "register", LIMITS.registrationPerIp, meta);
  await limitLetters(deps.db, "registration", input.email, meta.ip, deps.rateLimitFactor);
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction(async (tx) => {
    const created = await createAccount(tx, { role, email: input.email, passwordHash, lastName: input.lastName, firstName: input.firstName, middleName: input.middleName, ...profile });
    if (!created) {
      // The address is taken: tell its owner, not the form.
      await sendAlreadyRegisteredLetter(deps, tx, input.email);
      return;
    }
    await sendActivationLetter(deps, tx, { id: created.id, email: input.email, firstName: input.firstName, role });
    await audit(tx, { actorUserId: created.id, action: "account.registered", subjectType: "user", subjectId: created.id, ip: meta.ip, data: { role } });
  });
  return { email: input.email };
}

/** The letter that proves a new account's address (a new one makes earlier links dead). */
export async function sendActivationLetter(deps: CoreDeps, tx: DbOrTx, user: { id: string; email: string; firstName: string; role: UserRole }) {
  const token = await issueToken(tx, user.id, "activation", ACTIVATION_HOURS * 3600_000);
  await enqueueEmail(tx, user.email, emails.activation({ firstName: user.firstName, url: link(deps, "/activate", token), hoursValid: ACTIVATION_HOURS, role: user.role }));
}

/** The letter to an address that already has an account, instead of telling a form that it does. */
export function sendAlreadyRegisteredLetter(deps: CoreDeps, tx: DbOrTx, email: string) {
  return enqueueEmail(tx, email, emails.alreadyRegistered({ loginUrl: `${deps.appOrigin}/login`, resetUrl: `${deps.appOrigin}/password/forgot` }));
}

export function registerStudent(deps: CoreDeps, input: StudentRegistration, meta: RequestMeta) {
  return register(deps, "student", input, meta, { student: { birthDate: input.birthDate, grade: input.grade, regionCode: input.regionCode, school: input.school } });
}

export function registerParent(deps: CoreDeps, input: ParentRegistration, meta: RequestMeta) {
  return register(deps, "parent", input, meta, { parent: { regionCode: input.regionCode } });
}

/**
 * Spends a one-time token atomically (a second use, even a concurrent one,
 * finds nothing) and says precisely why a token cannot be used.
 */
async function consumeToken(tx: DbOrTx, token: string, purpose: EmailTokenPurpose) {
  const tokenHash = hashToken(token);
  const [spent] = await tx
    .update(emailTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(emailTokens.tokenHash, tokenHash), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, sql`now()`)))
    .returning({ userId: emailTokens.userId });
  if (spent) return spent.userId;
  const [existing] = await tx
    .select({ usedAt: emailTokens.usedAt, expiresAt: emailTokens.expiresAt })
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, tokenHash), eq(emailTokens.purpose, purpose)));
  const again = purpose === "activation" ? "Запросите новое письмо для подтверждения." : "Запросите восстановление пароля ещё раз.";
  if (!existing) throw new AppError("TOKEN_INVALID", `Ссылка недействительна. ${again}`);
  if (existing.usedAt) throw new AppError("TOKEN_USED", `Эта ссылка уже использована или заменена более новой. ${again}`);
  throw new AppError("TOKEN_EXPIRED", `Срок действия ссылки истёк. ${again}`);
}

export interface SignedIn {
  user: { id: string; role: UserRole; firstName: string };
  cookie: string;
  redirectTo: string;
}

async function startSession(deps: CoreDeps, tx: DbOrTx, user: { id: string; role: UserRole; firstName: string }, meta: RequestMeta): Promise<SignedIn> {
  const { cookie } = await deps.sessions.create(user.id, meta, tx);
  return { user, cookie, redirectTo: CABINET_PATH[user.role] };
}

/** Activates the account behind the link and signs the person in. */
export async function activateAccount(deps: CoreDeps, token: string, meta: RequestMeta): Promise<SignedIn> {
  return deps.db.transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "activation");
    const [activated] = await tx
      .update(users)
      .set({ activatedAt: sql`coalesce(${users.activatedAt}, now())`, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id, role: users.role, firstName: users.firstName });
    await notifyUser(tx, userId, {
      type: "account.activated",
      title: "Учётная запись подтверждена",
      body: "Добро пожаловать в проект «Билет в будущее»! Здесь будут появляться уведомления о важных событиях.",
    });
    await audit(tx, { actorUserId: userId, action: "account.activated", subjectType: "user", subjectId: userId, ip: meta.ip });
    return startSession(deps, tx, activated!, meta);
  });
}

/** Sends a fresh activation letter if the address belongs to an account that is not yet activated. */
export async function resendActivation(deps: CoreDeps, email: string, meta: RequestMeta): Promise<void> {
  await limitByIp(deps, "mail", LIMITS.emailPerIp, meta);
  await limitLetters(deps.db, "activation", email, meta.ip, deps.rateLimitFactor);
  await deps.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, email));
    if (!user || user.activatedAt) return;
    const token = await issueToken(tx, user.id, "activation", ACTIVATION_HOURS * 3600_000);
    await enqueueEmail(tx, email, emails.activation({ firstName: user.firstName, url: link(deps, "/activate", token), hoursValid: ACTIVATION_HOURS, role: user.role }));
    await audit(tx, { actorUserId: user.id, action: "account.activation_resent", subjectType: "user", subjectId: user.id, ip: meta.ip });
  });
}

const INVALID_CREDENTIALS = "Неверный адрес электронной почты или пароль";
const INVALID_LOGIN_CREDENTIALS = "Неверный логин или пароль";

/** Where a person goes after signing in: first to a new password when the one they used was one-time. */
export const PASSWORD_CHANGE_PATH = "/password/change";

/**
 * Signs in by email or by login (a child under 14 whose parent made the
 * account). Limits count per identifier, whichever kind it is.
 */
export async function login(deps: CoreDeps, input: { identifier: string; password: string }, meta: RequestMeta): Promise<SignedIn> {
  await limitByIp(deps, "login", LIMITS.loginPerIp, meta);
  const limited = personalFactor(deps.rateLimitFactor) > 0;
  const byEmail = isEmailIdentifier(input.identifier);
  // Wrong passwords lock out only the address they come from (account and IP together).
  const pairKey = `login-fail:${input.identifier}:ip:${meta.ip ?? "-"}`;
  const accountKey = `login-fail:${input.identifier}`;
  await assertUnderLimit(deps.db, pairKey, LIMITS.loginFailuresPerAccountAndIp, personalFactor(deps.rateLimitFactor));
  if (limited && (await peekHits(deps.db, accountKey, LIMITS.loginFailuresPerAccount)).hits >= LIMITS.loginFailuresPerAccount.max) {
    // Many addresses are guessing: slow every attempt down, the owner's included, but refuse none.
    await new Promise((resolve) => setTimeout(resolve, deps.loginSlowdownMs ?? LOGIN_SLOWDOWN_MS));
  }

  const [user] = await deps.db.select().from(users).where(byEmail ? eq(users.email, input.identifier) : eq(users.login, input.identifier));
  // Verify against a decoy when there is no such account, so timing tells nothing.
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !user.passwordHash || !ok) {
    if (limited) {
      await countHit(deps.db, accountKey, LIMITS.loginFailuresPerAccount);
      const { hits, retryAfterSeconds } = await countHit(deps.db, pairKey, LIMITS.loginFailuresPerAccountAndIp);
      if (hits >= LIMITS.loginFailuresPerAccountAndIp.max) throw tooManyAttempts(retryAfterSeconds);
    }
    throw new AppError("INVALID_CREDENTIALS", byEmail ? INVALID_CREDENTIALS : INVALID_LOGIN_CREDENTIALS);
  }
  if (!user.activatedAt) {
    throw new AppError(
      "NOT_ACTIVATED",
      "Учётная запись ещё не подтверждена. Откройте ссылку из письма или запросите новое письмо для подтверждения.",
    );
  }
  await resetHits(deps.db, pairKey);
  return deps.db.transaction(async (tx) => {
    const signedIn = await startSession(deps, tx, user, meta);
    await notifyUser(tx, user.id, {
      type: "security.login",
      title: "Новый вход в учётную запись",
      body: `Выполнен вход${meta.userAgent ? ` с устройства: ${describeDevice(meta.userAgent)}` : ""}. ${user.role === "student" ? "Если входил кто-то другой, смени пароль." : "Если это были не вы, смените пароль."}`,
    });
    await audit(tx, { actorUserId: user.id, action: "account.login", subjectType: "user", subjectId: user.id, ip: meta.ip, data: byEmail ? undefined : { by: "login" } });
    return user.mustChangePassword ? { ...signedIn, redirectTo: PASSWORD_CHANGE_PATH } : signedIn;
  });
}

/** Sockets end where sessions end; the one place is session-list.ts. */
export { endLiveSessions };

export async function logout(deps: CoreDeps, sessionId: string, actorUserId: string, meta: RequestMeta): Promise<{ cookie: string }> {
  await deps.sessions.invalidate(sessionId);
  await endLiveSessions(deps.db, { userId: actorUserId, sessionId });
  await audit(deps.db, { actorUserId, action: "account.logout", subjectType: "user", subjectId: actorUserId, ip: meta.ip });
  return { cookie: deps.sessions.blankCookie() };
}

export async function requestPasswordReset(deps: CoreDeps, email: string, meta: RequestMeta): Promise<void> {
  await limitByIp(deps, "mail", LIMITS.emailPerIp, meta);
  await limitLetters(deps.db, "password_reset", email, meta.ip, deps.rateLimitFactor);
  await deps.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, email));
    if (!user) return;
    const token = await issueToken(tx, user.id, "password_reset", RESET_MINUTES * 60_000);
    await enqueueEmail(tx, email, emails.passwordReset({ firstName: user.firstName, url: link(deps, "/password/reset", token), minutesValid: RESET_MINUTES, role: user.role }));
    await audit(tx, { actorUserId: user.id, action: "account.password_reset_requested", subjectType: "user", subjectId: user.id, ip: meta.ip });
  });
}

/** Sets a new password from a reset link; every existing session ends. */
export async function resetPassword(deps: CoreDeps, input: { token: string; password: string }, meta: RequestMeta): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const userId = await deps.db.transaction(async (tx) => {
    const userId = await consumeToken(tx, input.token, "password_reset");
    // Following the link proves the address, so it also activates a pending account.
    const [user] = await tx
      .update(users)
      .set({ passwordHash, activatedAt: sql`coalesce(${users.activatedAt}, now())`, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    if (user!.email) await enqueueEmail(tx, user!.email, emails.passwordChanged({ firstName: user!.firstName, role: user!.role }));
    // Before the notice below: signals arrive in commit order, so no old socket gets it.
    await endLiveSessions(tx, { userId });
    await notifyUser(tx, userId, {
      type: "security.password_changed",
      title: "Пароль изменён",
      body: "Пароль учётной записи изменён, прежние сеансы входа завершены.",
    });
    await audit(tx, { actorUserId: userId, action: "account.password_reset", subjectType: "user", subjectId: userId, ip: meta.ip });
    return userId;
  });
  await deps.sessions.invalidateAllForUser(userId);
}

/**
 * Sets a new password chosen by the signed-in person. After a one-time password
 * (a login sheet) no current password is asked: signing in with it just now
 * was the proof, and it may not be kept. Every session ends; the caller gets a
 * fresh one for this browser.
 */
export async function changePassword(
  deps: CoreDeps,
  actor: { id: string },
  input: { currentPassword?: string; password: string },
  meta: RequestMeta,
): Promise<SignedIn> {
  // Guessing the current password from a signed-in browser is limited like guessing it on the sign-in form.
  const failKey = `password-change-fail:${actor.id}`;
  await assertUnderLimit(deps.db, failKey, LIMITS.loginFailuresPerAccountAndIp, personalFactor(deps.rateLimitFactor));
  const [user] = await deps.db.select().from(users).where(eq(users.id, actor.id));
  if (!user) throw new AppError("UNAUTHORIZED", "Войдите в учётную запись, чтобы продолжить");
  const student = user.role === "student";
  if (user.mustChangePassword) {
    if (user.passwordHash && (await verifyPassword(user.passwordHash, input.password))) {
      const message = student ? "Придумай свой пароль: временный из листа входа оставить нельзя" : "Придумайте свой пароль: временный оставить нельзя";
      throw new AppError("BAD_REQUEST", message, { fieldErrors: { password: message } });
    }
  } else if (!input.currentPassword || !user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    if (input.currentPassword && personalFactor(deps.rateLimitFactor) > 0) await countHit(deps.db, failKey, LIMITS.loginFailuresPerAccountAndIp);
    const message = input.currentPassword ? "Неверный текущий пароль" : student ? "Укажи текущий пароль" : "Укажите текущий пароль";
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { currentPassword: message } });
  }
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(users.id, user.id));
    if (user.email) await enqueueEmail(tx, user.email, emails.passwordChanged({ firstName: user.firstName, role: user.role }));
    await endLiveSessions(tx, { userId: user.id });
    await notifyUser(tx, user.id, {
      type: "security.password_changed",
      title: "Пароль изменён",
      body: student ? "Теперь входи со своим новым паролем." : "Пароль учётной записи изменён, прежние сеансы входа завершены.",
    });
    await audit(tx, { actorUserId: user.id, action: "account.password_changed", subjectType: "user", subjectId: user.id, ip: meta.ip, data: { wasOneTime: user.mustChangePassword } });
  });
  await deps.sessions.invalidateAllForUser(user.id);
  const { cookie } = await deps.sessions.create(user.id, meta);
  return { user: { id: user.id, role: user.role, firstName: user.firstName }, cookie, redirectTo: CABINET_PATH[user.role] };
}

export interface Me {
  id: string;
  role: UserRole;
  /** Null for a child under 14 who signs in with a login. */
  email: string | null;
  login: string | null;
  mustChangePassword: boolean;
  firstName: string;
  lastName: string;
  middleName: string | null;
  cabinetPath: string;
}

export function describeMe(user: SessionUser): Me {
  return {
    id: user.id,
    role: user.role,
    email: user.email,
    login: user.login,
    mustChangePassword: user.mustChangePassword,
    firstName: user.firstName,
    lastName: user.lastName,
    middleName: user.middleName,
    cabinetPath: user.mustChangePassword ? PASSWORD_CHANGE_PATH : CABINET_PATH[user.role],
  };
}
