import { and, asc, count, desc, eq, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import { OPERATOR_DEFAULTS } from "@bilet/config";
import {
  auditLog,
  competencies,
  consents,
  dataDeletions,
  diagnosticAnswers,
  diagnosticAttempts,
  diagnosticTests,
  emailOutbox,
  emailTokens,
  enrollments,
  familyLinks,
  invitations,
  mentorFeedback,
  mentorInvitations,
  notificationPreferences,
  notifications,
  parentProfiles,
  pushSubscriptions,
  regions,
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
  type UserRole,
} from "@bilet/db";
import { moscowDay } from "@bilet/validators";
import { assertDataRightsAccess } from "../access.ts";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { invitationState, type InvitationState } from "../family.ts";
import { shortName } from "../people.ts";

/**
 * Everything the platform holds about one person (152-ФЗ, art. 14), for the
 * person or a linked parent: the JSON file and the printable page are made
 * from this one object.
 *
 * Read from every table of packages/db/src/schema that names a person:
 * users, student_profiles, parent_profiles, family_links, consents,
 * invitations, diagnostic_attempts (+ diagnostic_answers), enrollments
 * (+ mentor_feedback, trial_ratings), study_plans, notifications,
 * notification_preferences, push_subscriptions, requests (+ request_messages),
 * request_drafts, sessions, user_identities, email_tokens, email_outbox,
 * data_deletions, audit_log; for mentors and staff also trial_mentors, trials,
 * diagnostic_tests and mentor_invitations (their work, as counts and titles).
 *
 * Deliberately left out (NOT_INCLUDED says so in the file itself):
 * - secrets: password hashes, the SHA-256 of one-time links and invitations,
 *   session ids (they are the session cookie), push subscription endpoints and
 *   keys, ESIA login state (oidc_logins: PKCE verifier, nonce; lives minutes);
 * - letters' bodies (they carry one-time links; subject, kind and dates are in);
 * - other people's own data: a linked parent's email, IP and browser (a child's
 *   file names the parents and their consents, not their addresses), names of
 *   people outside the family (an invitation from a stranger says «другой
 *   пользователь»), staff who answered requests, mentors' and staff's work about
 *   other students beyond counts;
 * - notification_deliveries (when a notice went by email or push: transport
 *   bookkeeping of the notices listed), rate_limits (counters that live minutes),
 *   internal row ids and the `data` field of notifications and audit entries.
 */
export const EXPORT_FORMAT = "bilet-personal-data/1";

export const NOT_INCLUDED: readonly string[] = [
  "пароль и его хэш, коды одноразовых ссылок и приглашений, идентификаторы сеансов входа и ключи push-подписок: это секреты, по которым можно войти в учётную запись",
  "тексты отправленных писем: в них одноразовые ссылки; тема, вид письма и даты указаны",
  "собственные данные других людей: адреса, IP-адреса и браузеры связанных родителей, имена людей вне семьи, сотрудники проекта, ответившие на обращения",
  "служебные записи о доставке уведомлений по почте и push, счётчики ограничения попыток, внутренние идентификаторы",
];

type Iso = string;
const iso = (d: Date | null | undefined): Iso | null => (d ? d.toISOString() : null);

export interface ExportPerson {
  id: string;
  role: UserRole;
  lastName: string;
  firstName: string;
  middleName: string | null;
  email: string | null;
  login: string | null;
  createdAt: Iso;
  activatedAt: Iso | null;
  identityVerifiedAt: Iso | null;
  mustChangePassword: boolean;
  erasedAt: Iso | null;
  /** The parent who made the account (a child under 14), when that parent is linked. */
  createdByParent: string | null;
  student: { birthDate: string; grade: number; regionCode: string; regionName: string; school: string; graduatedAt: Iso | null } | null;
  parent: { regionCode: string; regionName: string } | null;
}

export interface ExportFamilyLink {
  /** The role of the person on the other side. */
  role: "parent" | "student";
  name: string;
  linkedAt: Iso;
}

export interface ExportConsent {
  parentName: string;
  childName: string;
  documentVersion: string;
  method: "password" | "esia";
  givenAt: Iso;
  withdrawnAt: Iso | null;
  /** Where the consent was given from: only in the file of the parent who gave it. */
  ip: string | null;
  userAgent: string | null;
  withdrawnIp: string | null;
  withdrawnUserAgent: string | null;
}

export interface ExportAttempt {
  testId: string;
  testTitle: string;
  testVersion: number;
  status: "in_progress" | "finished";
  startedAt: Iso;
  finishedAt: Iso | null;
  /** Scores per scale as computed on the server. */
  result: unknown;
  answers: { itemId: string; answer: unknown; answeredAt: Iso }[];
}

export interface ExportEnrollment {
  trial: { title: string; competency: string; level: string; format: string; startsAt: Iso; durationMinutes: number; address: string | null };
  status: string;
  enrolledAt: Iso;
  waitlistedAt: Iso | null;
  approvalDueAt: Iso | null;
  decidedBy: string | null;
  decidedAt: Iso | null;
  attendance: "present" | "late" | "absent" | null;
  attendanceMarkedAt: Iso | null;
  mentorFeedback: { mentorName: string | null; performance: number; interest: number; comment: string; createdAt: Iso } | null;
  rating: { rating: number; comment: string; createdAt: Iso } | null;
}

export interface ExportInvitationSent {
  inviteeRole: "parent" | "student";
  inviteeEmail: string | null;
  state: InvitationState;
  createdAt: Iso;
  lastSentAt: Iso;
  sentCount: number;
  expiresAt: Iso;
  acceptedBy: string | null;
  acceptedAt: Iso | null;
  revokedAt: Iso | null;
}

export interface ExportInvitationReceived {
  inviterName: string;
  state: InvitationState;
  createdAt: Iso;
  acceptedAt: Iso | null;
}

export interface ExportRequest {
  number: number | null;
  channel: "chat" | "email";
  createdAt: Iso;
  status: string;
  fullName: string;
  email: string;
  regionName: string;
  subject: string;
  text: string;
  messages: { author: "user" | "staff" | "system"; text: string; createdAt: Iso }[];
}

export interface DataExport {
  format: typeof EXPORT_FORMAT;
  generatedAt: Iso;
  operator: { name: string; address: string };
  notIncluded: readonly string[];
  person: ExportPerson;
  family: ExportFamilyLink[];
  consents: ExportConsent[];
  diagnostics: ExportAttempt[];
  trials: ExportEnrollment[];
  studyPlans: { version: number; createdAt: Iso; plan: unknown }[];
  notifications: { type: string; title: string; body: string; link: string | null; createdAt: Iso; readAt: Iso | null }[];
  notificationSettings: {
    preferences: { kind: string; email: boolean; push: boolean; updatedAt: Iso }[];
    pushDevices: { userAgent: string | null; createdAt: Iso; lastSentAt: Iso | null }[];
  };
  requests: ExportRequest[];
  requestDrafts: { createdAt: Iso; fields: Record<string, string | null> }[];
  invitations: { sent: ExportInvitationSent[]; received: ExportInvitationReceived[] };
  sessions: { createdAt: Iso; expiresAt: Iso; method: "password" | "esia"; ip: string | null; userAgent: string | null }[];
  identities: { provider: string; subject: string; createdAt: Iso }[];
  emailLinks: { purpose: string; newEmail: string | null; createdAt: Iso; expiresAt: Iso; usedAt: Iso | null }[];
  letters: { subject: string; template: string; status: string; createdAt: Iso; sentAt: Iso | null }[];
  deletions: { status: "pending" | "cancelled" | "completed"; requestedAt: Iso; requestedBy: string | null; effectiveAt: Iso; cancelledAt: Iso | null; cancelledBy: string | null; completedAt: Iso | null }[];
  /** Security events: the person's own actions (with the address they came from) and actions about their account. */
  activity: { action: string; createdAt: Iso; ip: string | null; own: boolean }[];
  /** Mentors' and staff's work, without other people's data. */
  work: {
    trialsMentored: { title: string; startsAt: Iso; feedbackGiven: number }[];
    trialsCreated: { title: string; startsAt: Iso }[];
    testsUploaded: { testId: string; version: number; title: string; createdAt: Iso }[];
    mentorInvitationsSent: number;
    requestsDecided: number;
  } | null;
}

/** Someone's name when they are the person or linked to them; a neutral word otherwise. */
const OUTSIDER = "другой пользователь";

/**
 * A person's data for the person or a linked parent (access: assertDataRightsAccess).
 * Each export is written to the audit log.
 */
export async function exportPersonalData(
  deps: CoreDeps,
  actor: Actor,
  subjectId: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<DataExport> {
  await assertDataRightsAccess(deps.db, actor, subjectId);
  const data = await collectPersonalData(deps.db, subjectId, { now, operator: deps.operator ?? OPERATOR_DEFAULTS });
  await audit(deps.db, { actorUserId: actor.id, action: "data.exported", subjectType: "user", subjectId, ip: meta.ip });
  return data;
}

/** A dated file name for the JSON download. */
export function exportFileName(data: Pick<DataExport, "generatedAt">, forChild: boolean): string {
  return `bilet-${forChild ? "dannye-rebenka" : "moi-dannye"}-${moscowDay(data.generatedAt)}.json`;
}

/** The export without an access check: for exportPersonalData and tests. */
export async function collectPersonalData(
  db: DbOrTx,
  subjectId: string,
  options: { now?: Date; operator?: { name: string; address: string } } = {},
): Promise<DataExport> {
  const [user] = await db.select().from(users).where(eq(users.id, subjectId));
  if (!user) throw new AppError("NOT_FOUND", "Учётная запись не найдена");

  // The family: whose names this file may show.
  const links = await db
    .select({ parentId: familyLinks.parentId, studentId: familyLinks.studentId, createdAt: familyLinks.createdAt })
    .from(familyLinks)
    .where(or(eq(familyLinks.parentId, subjectId), eq(familyLinks.studentId, subjectId)));
  const otherIds = links.map((l) => (l.parentId === subjectId ? l.studentId : l.parentId));
  const known = new Map<string, string>();
  const named = [subjectId, ...otherIds];
  for (const p of await db.select({ id: users.id, lastName: users.lastName, firstName: users.firstName }).from(users).where(inArray(users.id, named))) {
    known.set(p.id, shortName(p));
  }
  const familyName = (id: string | null) => (id ? (known.get(id) ?? OUTSIDER) : null);

  const person = await personOf(db, user, familyName);
  const family: ExportFamilyLink[] = links.map((l) => {
    const other = l.parentId === subjectId ? l.studentId : l.parentId;
    return { role: l.parentId === subjectId ? "student" : "parent", name: familyName(other)!, linkedAt: l.createdAt.toISOString() };
  });

  return {
    format: EXPORT_FORMAT,
    generatedAt: (options.now ?? new Date()).toISOString(),
    operator: options.operator ?? OPERATOR_DEFAULTS,
    notIncluded: NOT_INCLUDED,
    person,
    family,
    consents: await consentsOf(db, subjectId),
    diagnostics: await attemptsOf(db, subjectId),
    trials: await enrollmentsOf(db, subjectId, familyName),
    studyPlans: (await db.select().from(studyPlans).where(eq(studyPlans.studentId, subjectId)).orderBy(asc(studyPlans.version))).map((p) => ({
      version: p.version,
      createdAt: p.createdAt.toISOString(),
      plan: p.plan,
    })),
    notifications: (await db.select().from(notifications).where(eq(notifications.userId, subjectId)).orderBy(desc(notifications.createdAt))).map((n) => ({
      type: n.type,
      title: n.title,
      body: n.body,
      link: n.link,
      createdAt: n.createdAt.toISOString(),
      readAt: iso(n.readAt),
    })),
    notificationSettings: {
      preferences: (await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, subjectId)).orderBy(asc(notificationPreferences.kind))).map((p) => ({
        kind: p.kind,
        email: p.email,
        push: p.push,
        updatedAt: p.updatedAt.toISOString(),
      })),
      pushDevices: (await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, subjectId)).orderBy(asc(pushSubscriptions.createdAt))).map((s) => ({
        userAgent: s.userAgent,
        createdAt: s.createdAt.toISOString(),
        lastSentAt: iso(s.lastSentAt),
      })),
    },
    ...(await requestsOf(db, subjectId, user.email)),
    invitations: await invitationsOf(db, subjectId, user.email, familyName),
    sessions: (await db.select().from(sessions).where(eq(sessions.userId, subjectId)).orderBy(desc(sessions.createdAt))).map((s) => ({
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      method: s.authMethod,
      ip: s.ip,
      userAgent: s.userAgent,
    })),
    identities: (await db.select().from(userIdentities).where(eq(userIdentities.userId, subjectId))).map((i) => ({
      provider: i.provider,
      subject: i.subject,
      createdAt: i.createdAt.toISOString(),
    })),
    emailLinks: (await db.select().from(emailTokens).where(eq(emailTokens.userId, subjectId)).orderBy(desc(emailTokens.createdAt))).map((t) => ({
      purpose: t.purpose,
      newEmail: t.newEmail,
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt.toISOString(),
      usedAt: iso(t.usedAt),
    })),
    letters: user.email
      ? (await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, user.email)).orderBy(desc(emailOutbox.createdAt))).map((l) => ({
          subject: l.subject,
          template: l.template,
          status: l.status,
          createdAt: l.createdAt.toISOString(),
          sentAt: iso(l.sentAt),
        }))
      : [],
    deletions: (await db.select().from(dataDeletions).where(eq(dataDeletions.subjectId, subjectId)).orderBy(desc(dataDeletions.createdAt))).map((d) => ({
      status: d.status,
      requestedAt: d.createdAt.toISOString(),
      requestedBy: familyName(d.requestedById),
      effectiveAt: d.effectiveAt.toISOString(),
      cancelledAt: iso(d.cancelledAt),
      cancelledBy: familyName(d.cancelledById),
      completedAt: iso(d.completedAt),
    })),
    activity: await activityOf(db, subjectId),
    work: user.role === "mentor" || user.role === "staff" ? await workOf(db, subjectId) : null,
  };
}

async function personOf(db: DbOrTx, user: typeof users.$inferSelect, familyName: (id: string | null) => string | null): Promise<ExportPerson> {
  const [student] = await db
    .select({ p: studentProfiles, regionName: regions.name })
    .from(studentProfiles)
    .innerJoin(regions, eq(regions.code, studentProfiles.regionCode))
    .where(eq(studentProfiles.userId, user.id));
  const [parent] = await db
    .select({ regionCode: parentProfiles.regionCode, regionName: regions.name })
    .from(parentProfiles)
    .innerJoin(regions, eq(regions.code, parentProfiles.regionCode))
    .where(eq(parentProfiles.userId, user.id));
  const createdBy = familyName(user.createdById);
  return {
    id: user.id,
    role: user.role,
    lastName: user.lastName,
    firstName: user.firstName,
    middleName: user.middleName,
    email: user.email,
    login: user.login,
    createdAt: user.createdAt.toISOString(),
    activatedAt: iso(user.activatedAt),
    identityVerifiedAt: iso(user.identityVerifiedAt),
    mustChangePassword: user.mustChangePassword,
    erasedAt: iso(user.erasedAt),
    createdByParent: createdBy === OUTSIDER ? null : createdBy,
    student: student
      ? {
          birthDate: student.p.birthDate,
          grade: student.p.grade,
          regionCode: student.p.regionCode,
          regionName: student.regionName,
          school: student.p.school,
          graduatedAt: iso(student.p.graduatedAt),
        }
      : null,
    parent: parent ?? null,
  };
}

/**
 * Consents given for the person (a child) or by the person (a parent). The
 * address and browser a consent was given from are the parent's own data:
 * they are in the file of the parent who gave it, not in the child's.
 */
async function consentsOf(db: DbOrTx, subjectId: string): Promise<ExportConsent[]> {
  const parent = sql<string>`(select first_name || ' ' || last_name from ${users} where ${users.id} = ${consents.parentId})`;
  const child = sql<string>`(select first_name || ' ' || last_name from ${users} where ${users.id} = ${consents.studentId})`;
  const rows = await db
    .select({ c: consents, parentName: parent, childName: child })
    .from(consents)
    .where(or(eq(consents.studentId, subjectId), eq(consents.parentId, subjectId)))
    .orderBy(desc(consents.givenAt));
  return rows.map(({ c, parentName, childName }) => {
    const own = c.parentId === subjectId;
    return {
      parentName,
      childName,
      documentVersion: c.documentVersion,
      method: c.method,
      givenAt: c.givenAt.toISOString(),
      withdrawnAt: iso(c.withdrawnAt),
      ip: own ? c.ip : null,
      userAgent: own ? c.userAgent : null,
      withdrawnIp: own ? c.withdrawnIp : null,
      withdrawnUserAgent: own ? c.withdrawnUserAgent : null,
    };
  });
}

async function attemptsOf(db: DbOrTx, subjectId: string): Promise<ExportAttempt[]> {
  const rows = await db
    .select({ a: diagnosticAttempts, title: diagnosticTests.title })
    .from(diagnosticAttempts)
    .innerJoin(diagnosticTests, and(eq(diagnosticTests.testId, diagnosticAttempts.testId), eq(diagnosticTests.version, diagnosticAttempts.testVersion)))
    .where(eq(diagnosticAttempts.studentId, subjectId))
    .orderBy(asc(diagnosticAttempts.startedAt));
  const answers = rows.length
    ? await db
        .select()
        .from(diagnosticAnswers)
        .where(inArray(diagnosticAnswers.attemptId, rows.map((r) => r.a.id)))
        .orderBy(asc(diagnosticAnswers.answeredAt), asc(diagnosticAnswers.itemId))
    : [];
  return rows.map(({ a, title }) => ({
    testId: a.testId,
    testTitle: title,
    testVersion: a.testVersion,
    status: a.status,
    startedAt: a.startedAt.toISOString(),
    finishedAt: iso(a.finishedAt),
    result: a.result ?? null,
    answers: answers.filter((x) => x.attemptId === a.id).map((x) => ({ itemId: x.itemId, answer: x.answer, answeredAt: x.answeredAt.toISOString() })),
  }));
}

async function enrollmentsOf(db: DbOrTx, subjectId: string, familyName: (id: string | null) => string | null): Promise<ExportEnrollment[]> {
  const rows = await db
    .select({
      e: enrollments,
      t: trials,
      competency: competencies.name,
      feedback: mentorFeedback,
      mentor: { lastName: users.lastName, firstName: users.firstName },
      rating: trialRatings,
    })
    .from(enrollments)
    .innerJoin(trials, eq(trials.id, enrollments.trialId))
    .innerJoin(competencies, eq(competencies.code, trials.competencyCode))
    .leftJoin(mentorFeedback, eq(mentorFeedback.enrollmentId, enrollments.id))
    .leftJoin(users, eq(users.id, mentorFeedback.mentorId))
    .leftJoin(trialRatings, eq(trialRatings.enrollmentId, enrollments.id))
    .where(eq(enrollments.studentId, subjectId))
    .orderBy(asc(trials.startsAt), asc(enrollments.createdAt));
  return rows.map(({ e, t, competency, feedback, mentor, rating }) => ({
    trial: { title: t.title, competency, level: t.level, format: t.format, startsAt: t.startsAt.toISOString(), durationMinutes: t.durationMinutes, address: t.address },
    status: e.status,
    enrolledAt: e.createdAt.toISOString(),
    waitlistedAt: iso(e.waitlistedAt),
    approvalDueAt: iso(e.approvalDueAt),
    decidedBy: familyName(e.decidedById),
    decidedAt: iso(e.decidedAt),
    attendance: e.attendance,
    attendanceMarkedAt: iso(e.attendanceMarkedAt),
    // The mentor's name is on the trial's page for every participant: it is no one's private data here.
    mentorFeedback: feedback
      ? { mentorName: mentor ? shortName(mentor) : null, performance: feedback.performance, interest: feedback.interest, comment: feedback.comment, createdAt: feedback.createdAt.toISOString() }
      : null,
    rating: rating ? { rating: rating.rating, comment: rating.comment, createdAt: rating.createdAt.toISOString() } : null,
  }));
}

/** Requests the person made (signed in, or by email from their address), with their messages, and unfinished drafts. */
async function requestsOf(db: DbOrTx, subjectId: string, email: string | null): Promise<Pick<DataExport, "requests" | "requestDrafts">> {
  const rows = await db
    .select({ r: requests, regionName: regions.name })
    .from(requests)
    .innerJoin(regions, eq(regions.code, requests.regionCode))
    .where(email ? or(eq(requests.userId, subjectId), eq(requests.email, email)) : eq(requests.userId, subjectId))
    .orderBy(asc(requests.createdAt));
  const messages = rows.length
    ? await db
        .select()
        .from(requestMessages)
        .where(inArray(requestMessages.requestId, rows.map((r) => r.r.id)))
        .orderBy(asc(requestMessages.createdAt))
    : [];
  const drafts = email ? await db.select().from(requestDrafts).where(eq(requestDrafts.email, email)).orderBy(asc(requestDrafts.createdAt)) : [];
  return {
    requests: rows.map(({ r, regionName }) => ({
      number: r.number,
      channel: r.channel,
      createdAt: r.createdAt.toISOString(),
      status: r.status,
      fullName: r.fullName,
      email: r.email,
      regionName,
      subject: r.subject,
      text: r.text,
      messages: messages.filter((m) => m.requestId === r.id).map((m) => ({ author: m.author, text: m.text, createdAt: m.createdAt.toISOString() })),
    })),
    requestDrafts: drafts.map((d) => ({ createdAt: d.createdAt.toISOString(), fields: d.draft })),
  };
}

async function invitationsOf(
  db: DbOrTx,
  subjectId: string,
  email: string | null,
  familyName: (id: string | null) => string | null,
): Promise<DataExport["invitations"]> {
  const sent = await db.select().from(invitations).where(eq(invitations.inviterId, subjectId)).orderBy(asc(invitations.createdAt));
  const received = await db
    .select()
    .from(invitations)
    .where(
      and(
        ne(invitations.inviterId, subjectId),
        email ? or(eq(invitations.acceptedById, subjectId), eq(invitations.inviteeEmail, email)) : eq(invitations.acceptedById, subjectId),
      ),
    )
    .orderBy(asc(invitations.createdAt));
  return {
    // The address the person typed is theirs until someone's account answers to it: then that
    // person is named (within the family only), and the address, now theirs, is left out.
    sent: sent.map((i) => ({
      inviteeRole: i.inviteeRole as "parent" | "student",
      inviteeEmail: i.acceptedById ? null : i.inviteeEmail,
      state: invitationState(i),
      createdAt: i.createdAt.toISOString(),
      lastSentAt: i.lastSentAt.toISOString(),
      sentCount: i.sentCount,
      expiresAt: i.expiresAt.toISOString(),
      acceptedBy: familyName(i.acceptedById),
      acceptedAt: iso(i.acceptedAt),
      revokedAt: iso(i.revokedAt),
    })),
    received: received.map((i) => ({
      inviterName: familyName(i.inviterId)!,
      state: invitationState(i),
      createdAt: i.createdAt.toISOString(),
      acceptedAt: iso(i.acceptedAt),
    })),
  };
}

async function activityOf(db: DbOrTx, subjectId: string): Promise<DataExport["activity"]> {
  const rows = await db
    .select({ action: auditLog.action, createdAt: auditLog.createdAt, ip: auditLog.ip, actor: auditLog.actorUserId })
    .from(auditLog)
    .where(or(eq(auditLog.actorUserId, subjectId), and(eq(auditLog.subjectType, "user"), eq(auditLog.subjectId, subjectId))))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id));
  // Another person's action about the account keeps that person's address out.
  return rows.map((r) => ({ action: r.action, createdAt: r.createdAt.toISOString(), ip: r.actor === subjectId ? r.ip : null, own: r.actor === subjectId }));
}

async function workOf(db: DbOrTx, subjectId: string): Promise<NonNullable<DataExport["work"]>> {
  const feedbackGiven = sql<number>`(select count(*)::int from ${mentorFeedback} join ${enrollments} on ${enrollments.id} = ${mentorFeedback.enrollmentId}
    where ${enrollments.trialId} = ${trials.id} and ${mentorFeedback.mentorId} = ${subjectId})`;
  const mentored = await db
    .select({ title: trials.title, startsAt: trials.startsAt, feedbackGiven })
    .from(trialMentors)
    .innerJoin(trials, eq(trials.id, trialMentors.trialId))
    .where(eq(trialMentors.mentorId, subjectId))
    .orderBy(asc(trials.startsAt));
  const created = await db.select({ title: trials.title, startsAt: trials.startsAt }).from(trials).where(eq(trials.createdById, subjectId)).orderBy(asc(trials.startsAt));
  const tests = await db
    .select({ testId: diagnosticTests.testId, version: diagnosticTests.version, title: diagnosticTests.title, createdAt: diagnosticTests.createdAt })
    .from(diagnosticTests)
    .where(eq(diagnosticTests.uploadedById, subjectId))
    .orderBy(asc(diagnosticTests.createdAt));
  const [invited] = await db.select({ n: count() }).from(mentorInvitations).where(eq(mentorInvitations.invitedById, subjectId));
  const [decided] = await db.select({ n: count() }).from(requests).where(and(isNotNull(requests.decidedById), eq(requests.decidedById, subjectId)));
  return {
    trialsMentored: mentored.map((t) => ({ title: t.title, startsAt: t.startsAt.toISOString(), feedbackGiven: t.feedbackGiven })),
    trialsCreated: created.map((t) => ({ title: t.title, startsAt: t.startsAt.toISOString() })),
    testsUploaded: tests.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
    mentorInvitationsSent: invited?.n ?? 0,
    requestsDecided: decided?.n ?? 0,
  };
}
