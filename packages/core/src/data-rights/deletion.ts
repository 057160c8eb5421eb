import { and, asc, count, eq, gt, inArray, lte, ne, or, sql } from "drizzle-orm";
import { verifyPassword } from "@bilet/auth";
import {
  dataDeletions,
  diagnosticAttempts,
  emailOutbox,
  emailTokens,
  enrollments,
  familyLinks,
  invitations,
  mentorFeedback,
  mentorInvitations,
  notificationPreferences,
  notifications,
  oidcLogins,
  parentProfiles,
  pushSubscriptions,
  requestDrafts,
  requestMessages,
  requests,
  sessions,
  studentProfiles,
  studyPlans,
  trialMentors,
  trialRatings,
  trials,
  userIdentities,
  users,
  type DbOrTx,
  type DeletionStatus,
  type UserRole,
} from "@bilet/db";
import { DELETION_PHRASE, formatDate, formatDateTime } from "@bilet/validators";
import { assertCanCancelDeletion, assertCanRequestDeletion, assertDataRightsAccess, isAdultAccount, parentsOf } from "../access.ts";
import { endLiveSessions } from "../accounts.ts";
import { admissionOf } from "../admission.ts";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError, isAppError } from "../errors.ts";
import { notifyUsers, type NewNotification } from "../notifications.ts";
import { fullName, shortName } from "../people.ts";
import { LIMITS, assertUnderLimit, countHit, personalFactor, resetHits } from "../rate-limit.ts";
import { cancelUnconfirmedEnrollments, promoteWaitlist } from "../trials/enrollment.ts";

/**
 * Deleting a person's data (152-ФЗ): asked by an adult for themselves or by a
 * linked parent for a child, confirmed with the requester's password (or the
 * phrase «удалить» for an account without one), and carried out by a periodic
 * job once the grace period is over. Until `effectiveAt` nothing changes and
 * the request can be cancelled; afterwards nobody can stop or hurry it.
 */
export const DEFAULT_GRACE_DAYS = 30;

/** What an erased account is called wherever it is still referred to (consents, audit, results). */
export const ERASED_FIRST_NAME = "Удалённый";
export const ERASED_LAST_NAME = "пользователь";
/** The address left on an erased person's requests: `.invalid` can never receive a letter (RFC 2606). */
export const ERASED_EMAIL = "udalen@invalid";

const DAY_MS = 86_400_000;
const graceDays = (deps: Pick<CoreDeps, "dataDeletionGraceDays">) => deps.dataDeletionGraceDays ?? DEFAULT_GRACE_DAYS;

export interface DeletionDto {
  id: string;
  subjectId: string;
  status: DeletionStatus;
  requestedAt: string;
  effectiveAt: string;
  requestedByName: string | null;
  /** The person asked for their own data to be deleted. */
  requestedBySubject: boolean;
  cancelledAt: string | null;
  completedAt: string | null;
}

type DeletionRow = typeof dataDeletions.$inferSelect;

async function toDto(db: DbOrTx, row: DeletionRow): Promise<DeletionDto> {
  const [by] = row.requestedById ? await db.select({ lastName: users.lastName, firstName: users.firstName }).from(users).where(eq(users.id, row.requestedById)) : [];
  return {
    id: row.id,
    subjectId: row.subjectId,
    status: row.status,
    requestedAt: row.createdAt.toISOString(),
    effectiveAt: row.effectiveAt.toISOString(),
    requestedByName: by ? shortName(by) : null,
    requestedBySubject: row.requestedById === row.subjectId,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

async function pendingOf(db: DbOrTx, subjectId: string, lock = false): Promise<DeletionRow | undefined> {
  const query = db.select().from(dataDeletions).where(and(eq(dataDeletions.subjectId, subjectId), eq(dataDeletions.status, "pending")));
  const [row] = lock ? await query.for("update") : await query;
  return row;
}

async function subjectRow(db: DbOrTx, subjectId: string, lock = false) {
  const query = db.select().from(users).where(eq(users.id, subjectId));
  const [row] = lock ? await query.for("no key update") : await query;
  if (!row || row.erasedAt) throw new AppError("NOT_FOUND", "Учётная запись не найдена");
  return row;
}

const refusal = async (check: () => Promise<void>): Promise<string | null> => {
  try {
    await check();
    return null;
  } catch (error) {
    if (isAppError(error)) return error.message;
    throw error;
  }
};

export interface DataRightsOverview {
  subject: { id: string; name: string; role: UserRole; self: boolean; adult: boolean };
  pending: DeletionDto | null;
  /** Why the viewer may not ask for a deletion now; null when they may. */
  requestRefusal: string | null;
  /** Why the viewer may not cancel the pending request; null when they may (or nothing is pending). */
  cancelRefusal: string | null;
  /** How the viewer confirms a request: their password, or the phrase when the account has none (Госуслуги only). */
  confirmWith: "password" | "phrase";
  graceDays: number;
}

/** What the page «Мои данные» (or a child's «Данные ребёнка») shows. */
export async function dataRightsOverview(deps: CoreDeps, actor: Actor, subjectId: string, now = new Date()): Promise<DataRightsOverview> {
  await assertDataRightsAccess(deps.db, actor, subjectId);
  const subject = await subjectRow(deps.db, subjectId);
  const pending = await pendingOf(deps.db, subjectId);
  const [me] = await deps.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
  return {
    subject: { id: subject.id, name: fullName(subject), role: subject.role, self: subject.id === actor.id, adult: await isAdultAccount(deps.db, subjectId, now) },
    pending: pending ? await toDto(deps.db, pending) : null,
    requestRefusal: pending
      ? `Запрос на удаление уже отправлен: данные будут удалены ${formatDateTime(pending.effectiveAt)}`
      : await refusal(() => assertCanRequestDeletion(deps.db, actor, subjectId, now)),
    cancelRefusal: pending ? await refusal(() => assertCanCancelDeletion(deps.db, actor, pending, now)) : null,
    confirmWith: me?.passwordHash ? "password" : "phrase",
    graceDays: graceDays(deps),
  };
}

/**
 * The requester proves it is them: their password (wrong ones count towards
 * the same limit as wrong logins), or the phrase for an account without one.
 */
async function confirmRequester(deps: CoreDeps, actor: Actor, input: { password?: string; phrase?: string }) {
  const [me] = await deps.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
  if (!me?.passwordHash) {
    if ((input.phrase ?? "").trim().toLowerCase() === DELETION_PHRASE) return;
    const message = `Введите слово «${DELETION_PHRASE}», чтобы подтвердить запрос`;
    throw new AppError("BAD_REQUEST", message, { fieldErrors: { phrase: message } });
  }
  const key = `confirm-fail:${actor.id}`;
  const factor = personalFactor(deps.rateLimitFactor);
  await assertUnderLimit(deps.db, key, LIMITS.loginFailuresPerAccountAndIp, factor);
  if (input.password && (await verifyPassword(me.passwordHash, input.password))) {
    await resetHits(deps.db, key);
    return;
  }
  if (factor > 0) await countHit(deps.db, key, LIMITS.loginFailuresPerAccountAndIp);
  const message = input.password ? "Неверный пароль" : "Введите свой пароль, чтобы подтвердить запрос";
  throw new AppError("BAD_REQUEST", message, { fieldErrors: { password: message } });
}

/** Who, besides the actor, hears about a request for the subject's data. */
interface Circle {
  /** The subject is a child: the linked parents. */
  parents: string[];
  /** The subject is a parent: the linked children, and the other parents of those children. */
  children: string[];
  coParents: string[];
}

async function circleOf(db: DbOrTx, subject: { id: string; role: UserRole }): Promise<Circle> {
  if (subject.role === "student") return { parents: await parentsOf(db, subject.id), children: [], coParents: [] };
  if (subject.role !== "parent") return { parents: [], children: [], coParents: [] };
  const children = (await db.select({ id: familyLinks.studentId }).from(familyLinks).where(eq(familyLinks.parentId, subject.id))).map((r) => r.id);
  const coParents = children.length
    ? (await db
        .selectDistinct({ id: familyLinks.parentId })
        .from(familyLinks)
        .where(and(inArray(familyLinks.studentId, children), ne(familyLinks.parentId, subject.id)))).map((r) => r.id)
    : [];
  return { parents: [], children, coParents };
}

const youOrThou = (role: UserRole) => (role === "student" ? "твоих" : "ваших");

/**
 * Notices to the subject and the family, each in the words for the reader;
 * nobody hears twice, and the actor hears only as the subject.
 */
async function tellFamily(
  tx: DbOrTx,
  actor: Actor,
  subject: { id: string; role: UserRole },
  notices: { subject: NewNotification; parents: NewNotification; children: NewNotification; coParents: NewNotification },
) {
  const circle = await circleOf(tx, subject);
  // The subject hears even of their own request: one made from someone else's hands shows up.
  const told = new Set<string>([subject.id, actor.id]);
  await notifyUsers(tx, [subject.id], notices.subject);
  for (const [ids, notice] of [
    [circle.parents, notices.parents],
    [circle.children, notices.children],
    [circle.coParents, notices.coParents],
  ] as const) {
    const fresh = ids.filter((id) => !told.has(id));
    fresh.forEach((id) => told.add(id));
    await notifyUsers(tx, fresh, notice);
  }
}

/** A parent asks to delete a linked child's data, or an adult their own; takes effect after the grace period. */
export async function requestDeletion(
  deps: CoreDeps,
  actor: Actor,
  input: { subjectId?: string; password?: string; phrase?: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<DeletionDto> {
  const subjectId = input.subjectId ?? actor.id;
  await assertCanRequestDeletion(deps.db, actor, subjectId, now);
  await confirmRequester(deps, actor, input);
  return deps.db.transaction(async (tx) => {
    // One request at a time per person: the subject's row serialises them.
    const subject = await subjectRow(tx, subjectId, true);
    const existing = await pendingOf(tx, subjectId);
    if (existing) throw new AppError("CONFLICT", `Запрос на удаление уже отправлен: данные будут удалены ${formatDateTime(existing.effectiveAt)}`);
    const effectiveAt = new Date(now.getTime() + graceDays(deps) * DAY_MS);
    const [created] = await tx.insert(dataDeletions).values({ subjectId, requestedById: actor.id, effectiveAt, createdAt: now }).returning();
    const when = formatDateTime(effectiveAt);
    const [requester] = await tx.select({ lastName: users.lastName, firstName: users.firstName }).from(users).where(eq(users.id, actor.id));
    const self = actor.id === subjectId;
    const name = shortName(subject);
    const page = "на странице «Мои данные»";
    await tellFamily(tx, actor, subject, {
      subject: {
        type: "data.deletion_requested",
        title: `Запрошено удаление ${youOrThou(subject.role)} данных`,
        body: self
          ? `Данные будут удалены ${when}. До этого запрос можно отменить ${page}.`
          : `Запрос отправлен родителем: ${shortName(requester!)}. Данные будут удалены ${when}; до этого запрос может отменить родитель.`,
        link: "/account/data",
        data: { deletionId: created!.id },
      },
      parents: {
        type: "data.deletion_requested",
        title: "Запрошено удаление данных ребёнка",
        body: `Ребёнок: ${name}. Запрос отправлен ${self ? "участником" : `родителем: ${shortName(requester!)}`}. Данные будут удалены ${when}; до этого запрос можно отменить на странице «Данные ребёнка».`,
        link: `/parent/children/${subjectId}/data`,
        data: { deletionId: created!.id, studentId: subjectId },
      },
      children: {
        type: "data.deletion_requested",
        title: "Родитель удаляет свою учётную запись",
        body: `Запрошено удаление данных родителя: ${name}. Данные будут удалены ${when}, и связь с твоим кабинетом прекратится. Если согласие на обработку твоих данных давал только этот родитель, допуск к практическим мероприятиям пропадёт, пока согласие не даст другой родитель.`,
        link: "/student",
        data: { deletionId: created!.id },
      },
      coParents: {
        type: "data.deletion_requested",
        title: "Второй родитель удаляет свою учётную запись",
        body: `Запрошено удаление данных родителя: ${name}. Данные будут удалены ${when}. Если согласие на обработку данных ребёнка давал только этот родитель, дайте своё согласие на странице ребёнка, чтобы допуск к практическим мероприятиям сохранился.`,
        link: "/parent",
        data: { deletionId: created!.id },
      },
    });
    await audit(tx, { actorUserId: actor.id, action: "data.deletion_requested", subjectType: "user", subjectId, ip: meta.ip, data: { deletionId: created!.id, effectiveAt: effectiveAt.toISOString() } });
    return toDto(tx, created!);
  });
}

/** Cancels the subject's pending deletion; refused once the grace period is over. */
export async function cancelDeletion(deps: CoreDeps, actor: Actor, input: { subjectId?: string }, meta: RequestMeta, now = new Date()): Promise<DeletionDto> {
  const subjectId = input.subjectId ?? actor.id;
  await assertDataRightsAccess(deps.db, actor, subjectId);
  return deps.db.transaction(async (tx) => {
    // The erasure job claims the same row with SKIP LOCKED: a cancel and an erasure never interleave.
    const pending = await pendingOf(tx, subjectId, true);
    if (!pending) throw new AppError("NOT_FOUND", "Запроса на удаление нет: возможно, его уже отменили");
    await assertCanCancelDeletion(tx, actor, pending, now);
    if (pending.effectiveAt <= now) throw new AppError("CONFLICT", "Срок для отмены прошёл: данные удаляются");
    const [cancelled] = await tx
      .update(dataDeletions)
      .set({ status: "cancelled", cancelledAt: now, cancelledById: actor.id })
      .where(eq(dataDeletions.id, pending.id))
      .returning();
    const subject = await subjectRow(tx, subjectId);
    const [canceller] = await tx.select({ lastName: users.lastName, firstName: users.firstName, role: users.role }).from(users).where(eq(users.id, actor.id));
    const by = actor.id === subjectId ? (subject.role === "student" ? "участником" : "") : `родителем: ${shortName(canceller!)}`;
    const byText = by ? ` Запрос отменён ${by}.` : "";
    const child = shortName(subject);
    await tellFamily(
      tx,
      actor,
      subject,
      {
        subject: { type: "data.deletion_cancelled", title: "Удаление данных отменено", body: `Запрос на удаление ${youOrThou(subject.role)} данных отменён, данные сохранены.${byText}`, link: "/account/data", data: { deletionId: pending.id } },
        parents: {
          type: "data.deletion_cancelled",
          title: "Удаление данных ребёнка отменено",
          body: `Ребёнок: ${child}. Данные сохранены.${byText}`,
          link: `/parent/children/${subjectId}/data`,
          data: { deletionId: pending.id, studentId: subjectId },
        },
        children: { type: "data.deletion_cancelled", title: "Родитель отменил удаление учётной записи", body: `Запрос на удаление данных родителя отменён: ${child}. Связь с твоим кабинетом сохраняется.`, link: "/student", data: { deletionId: pending.id } },
        coParents: { type: "data.deletion_cancelled", title: "Второй родитель отменил удаление учётной записи", body: `Запрос на удаление данных родителя отменён: ${child}.`, link: "/parent", data: { deletionId: pending.id } },
      },
    );
    await audit(tx, { actorUserId: actor.id, action: "data.deletion_cancelled", subjectType: "user", subjectId, ip: meta.ip, data: { deletionId: pending.id } });
    return toDto(tx, cancelled!);
  });
}

export interface PendingDeletionRow {
  id: string;
  subjectName: string;
  subjectRole: UserRole;
  requestedByName: string | null;
  requestedBySubject: boolean;
  requestedAt: string;
  effectiveAt: string;
}

/** Staff see what is waiting and when it happens; there is no way to hurry an erasure. */
export async function listPendingDeletions(db: DbOrTx, actor: Actor): Promise<{ pending: PendingDeletionRow[]; completed: number }> {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Раздел для оператора проекта");
  const requester = sql<string | null>`(select first_name || ' ' || last_name from ${users} r where r.id = ${dataDeletions.requestedById})`;
  const rows = await db
    .select({ d: dataDeletions, lastName: users.lastName, firstName: users.firstName, middleName: users.middleName, role: users.role, requester })
    .from(dataDeletions)
    .innerJoin(users, eq(users.id, dataDeletions.subjectId))
    .where(eq(dataDeletions.status, "pending"))
    .orderBy(asc(dataDeletions.effectiveAt));
  const [done] = await db.select({ n: count() }).from(dataDeletions).where(eq(dataDeletions.status, "completed"));
  return {
    pending: rows.map((r) => ({
      id: r.d.id,
      subjectName: fullName(r),
      subjectRole: r.role,
      requestedByName: r.requester,
      requestedBySubject: r.d.requestedById === r.d.subjectId,
      requestedAt: r.d.createdAt.toISOString(),
      effectiveAt: r.d.effectiveAt.toISOString(),
    })),
    completed: done?.n ?? 0,
  };
}

/**
 * The periodic job: erases the people whose grace period is over, a bounded
 * batch per round. Rows are claimed with SKIP LOCKED, so several instances
 * never erase the same person twice and a cancel in progress is left alone.
 */
export async function eraseDueDeletions(db: DbOrTx, options: { now?: Date; batch?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(dataDeletions)
      .where(and(eq(dataDeletions.status, "pending"), lte(dataDeletions.effectiveAt, now)))
      .orderBy(asc(dataDeletions.effectiveAt))
      .limit(options.batch ?? 10)
      .for("update", { skipLocked: true });
    for (const deletion of due) await erase(tx, deletion, now);
    return due.length;
  });
}

const ERASED_NOTICE = { title: "Сведения удалены", body: "Данные пользователя, о котором было это уведомление, удалены по его запросу или по запросу родителя." };

/**
 * Erases one person. Kept, as the law requires: the account row (now naming
 * nobody), the consent records and the audit log. Results stay as figures
 * (attempts and answers, attendance, the mentors' and the student's marks)
 * linked to that row; everything that names or reaches the person goes.
 */
async function erase(tx: DbOrTx, deletion: DeletionRow, now: Date): Promise<void> {
  const [person] = await tx.select().from(users).where(eq(users.id, deletion.subjectId)).for("update");
  if (!person) return;
  const id = person.id;
  const circle = await circleOf(tx, person);
  const admittedBefore = new Map<string, boolean>();
  for (const child of circle.children) admittedBefore.set(child, (await admissionOf(tx, child)).admitted);

  // Trials: the student's live enrollments end, their seats go to the waiting lists.
  if (person.role === "student") await endLiveEnrollments(tx, id, now);
  const enrollmentIds = (await tx.select({ id: enrollments.id }).from(enrollments).where(eq(enrollments.studentId, id))).map((r) => r.id);
  const attemptIds = (await tx.select({ id: diagnosticAttempts.id }).from(diagnosticAttempts).where(eq(diagnosticAttempts.studentId, id))).map((r) => r.id);
  if (enrollmentIds.length > 0) {
    // Marks stay as figures; words about the person go.
    await tx.update(mentorFeedback).set({ comment: "" }).where(inArray(mentorFeedback.enrollmentId, enrollmentIds));
    await tx.update(trialRatings).set({ comment: "" }).where(inArray(trialRatings.enrollmentId, enrollmentIds));
  }
  // The plan quotes mentors' comments: it goes (the results it was made from stay).
  await tx.delete(studyPlans).where(eq(studyPlans.studentId, id));
  if (person.role === "mentor") {
    const upcoming = tx.select({ id: trials.id }).from(trials).where(gt(trials.startsAt, now));
    await tx.delete(trialMentors).where(and(eq(trialMentors.mentorId, id), inArray(trialMentors.trialId, upcoming)));
  }

  // Other people's notices about the person lose what named them.
  const about = [
    sql`${notifications.data}->>'studentId' = ${id}`,
    sql`${notifications.data}->>'parentId' = ${id}`,
    enrollmentIds.length ? inArray(sql`${notifications.data}->>'enrollmentId'`, enrollmentIds) : undefined,
    attemptIds.length ? inArray(sql`${notifications.data}->>'attemptId'`, attemptIds) : undefined,
  ];
  await tx
    .update(notifications)
    .set({ ...ERASED_NOTICE, link: null, data: {} })
    .where(and(ne(notifications.userId, id), or(...about)));
  // The person's own notices, settings and devices go.
  await tx.delete(notifications).where(eq(notifications.userId, id));
  await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, id));
  await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.userId, id));

  // Every way in ends: sessions (and their open sockets, on commit), ESIA, links.
  await tx.delete(sessions).where(eq(sessions.userId, id));
  await endLiveSessions(tx, { userId: id });
  await tx.delete(userIdentities).where(eq(userIdentities.userId, id));
  await tx.delete(oidcLogins).where(eq(oidcLogins.userId, id));
  await tx.delete(emailTokens).where(eq(emailTokens.userId, id));

  // Invitations the person sent go; those sent to the person lose the address.
  await tx.delete(invitations).where(eq(invitations.inviterId, id));
  const email = person.email;
  if (email) {
    await tx.update(invitations).set({ status: "revoked", revokedAt: now }).where(and(eq(invitations.inviteeEmail, email), eq(invitations.status, "pending")));
    await tx.update(invitations).set({ inviteeEmail: null }).where(eq(invitations.inviteeEmail, email));
    await tx.delete(emailOutbox).where(eq(emailOutbox.toAddress, email));
    await tx.delete(requestDrafts).where(eq(requestDrafts.email, email));
    await tx.delete(mentorInvitations).where(eq(mentorInvitations.email, email));
  }
  // Requests keep their text for the project's records, not who wrote them; open ones are closed.
  const theirs = email ? or(eq(requests.userId, id), eq(requests.email, email)) : eq(requests.userId, id);
  const closed = await tx
    .update(requests)
    .set({ status: "closed", updatedAt: now })
    .where(and(theirs, inArray(requests.status, ["new", "in_progress"])))
    .returning({ id: requests.id });
  if (closed.length > 0) {
    await tx.insert(requestMessages).values(closed.map((r) => ({ requestId: r.id, author: "system" as const, text: "Данные автора обращения удалены по его запросу; ответить на обращение нельзя." })));
  }
  await tx.update(requests).set({ fullName: `${ERASED_FIRST_NAME} ${ERASED_LAST_NAME}`, email: ERASED_EMAIL, updatedAt: now }).where(theirs);

  // The family links, the profile and the name go; the row stays for the consents and the audit.
  await tx.delete(familyLinks).where(or(eq(familyLinks.parentId, id), eq(familyLinks.studentId, id)));
  await tx.delete(studentProfiles).where(eq(studentProfiles.userId, id));
  await tx.delete(parentProfiles).where(eq(parentProfiles.userId, id));
  await tx
    .update(users)
    .set({
      email: null,
      login: null,
      passwordHash: null,
      mustChangePassword: false,
      lastName: ERASED_LAST_NAME,
      firstName: ERASED_FIRST_NAME,
      middleName: null,
      identityVerifiedAt: null,
      erasedAt: now,
      updatedAt: now,
    })
    .where(eq(users.id, id));
  await tx.update(dataDeletions).set({ status: "completed", completedAt: now }).where(eq(dataDeletions.id, deletion.id));
  await audit(tx, { actorUserId: null, action: "data.erased", subjectType: "user", subjectId: id, data: { deletionId: deletion.id, requestedById: deletion.requestedById, role: person.role } });

  // Who is told now: without the name, which is gone.
  const asked = formatDate(deletion.createdAt);
  const live = async (ids: string[]) =>
    ids.length ? (await tx.select({ id: users.id }).from(users).where(and(inArray(users.id, ids), sql`${users.erasedAt} is null`))).map((r) => r.id) : [];
  if (person.role === "student") {
    const parents = await live([...new Set([...circle.parents, ...(deletion.requestedById && deletion.requestedById !== id ? [deletion.requestedById] : [])])]);
    await notifyUsers(tx, parents, {
      type: "data.erased",
      title: "Данные ребёнка удалены",
      body: `По запросу от ${asked} данные ребёнка удалены: имя, контакты, дата рождения, школа. Результаты остались только как обезличенные цифры; записи о согласиях сохранены, как требует закон.`,
      link: "/parent",
    });
  }
  if (person.role === "parent") {
    for (const child of await live(circle.children)) {
      const after = await admissionOf(tx, child);
      const lost = admittedBefore.get(child) === true && !after.admitted;
      const cancelled = lost ? await cancelUnconfirmedEnrollments(tx, child) : 0;
      await notifyUsers(tx, [child], {
        type: "data.erased",
        title: "Данные родителя удалены",
        body: `Учётная запись родителя удалена по его запросу от ${asked}, связь с твоим кабинетом прекратилась.${
          lost ? ` Согласия другого родителя пока нет, поэтому допуска к практическим мероприятиям нет.${cancelled ? ` Отменено записей на пробы, ещё не подтверждённых: ${cancelled}.` : ""}` : ""
        }`,
        link: "/student",
      });
    }
    await notifyUsers(tx, await live(circle.coParents), {
      type: "data.erased",
      title: "Данные второго родителя удалены",
      body: `Учётная запись второго родителя удалена по его запросу от ${asked}. Если ребёнок остался без допуска к практическим мероприятиям, дайте согласие на странице ребёнка.`,
      link: "/parent",
    });
  }
}

/** An erased student's live enrollments end; held seats go back and the waiting lists move. */
async function endLiveEnrollments(tx: DbOrTx, studentId: string, now: Date) {
  await cancelUnconfirmedEnrollments(tx, studentId);
  const upcoming = await tx
    .select({ id: enrollments.id })
    .from(enrollments)
    .innerJoin(trials, eq(trials.id, enrollments.trialId))
    .where(and(eq(enrollments.studentId, studentId), eq(enrollments.status, "confirmed"), gt(trials.startsAt, now)));
  if (upcoming.length === 0) return;
  const held = await tx.select().from(enrollments).where(inArray(enrollments.id, upcoming.map((e) => e.id))).for("update");
  for (const e of held) {
    await tx.update(enrollments).set({ status: "cancelled", decidedById: null, decidedAt: now, approvalDueAt: null }).where(eq(enrollments.id, e.id));
    await tx.update(trials).set({ seatsTaken: sql`${trials.seatsTaken} - 1` }).where(eq(trials.id, e.trialId));
    await promoteWaitlist(tx, e.trialId);
  }
}
