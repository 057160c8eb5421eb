import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { consentDocuments, consents, users, type AuthMethod, type DbOrTx } from "@bilet/db";
import { OPERATOR_DEFAULTS } from "@bilet/config";
import { CURRENT_CONSENT_VERSION, renderConsent, type ConsentOperator } from "@bilet/content";
import { admissionOf, admittedSql, type Admission } from "./admission.ts";
import { cancelUnconfirmedEnrollments } from "./trials/enrollment.ts";
export { admissionOf, type Admission } from "./admission.ts";
import { assertCanViewStudent, assertParentOf } from "./access.ts";
import { audit } from "./audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "./deps.ts";
import { AppError } from "./errors.ts";
import { refreshPlan } from "./recommendations/service.ts";
import { notifyUser } from "./notifications.ts";
import { fullName, shortName } from "./people.ts";

export async function studentAdmission(db: DbOrTx, actor: Actor, studentId: string): Promise<Admission> {
  await assertCanViewStudent(db, actor, studentId);
  return admissionOf(db, studentId);
}

/** The parent's and the child's names, in one statement. */
async function names(db: DbOrTx, parentId: string, studentId: string) {
  const rows = await db
    .select({ id: users.id, lastName: users.lastName, firstName: users.firstName, middleName: users.middleName })
    .from(users)
    .where(inArray(users.id, [parentId, studentId]));
  return { parent: rows.find((r) => r.id === parentId)!, child: rows.find((r) => r.id === studentId)! };
}

/** The current consent text, filled in with the parent's and the child's names and the operator. */
export async function consentText(db: DbOrTx, actor: Actor, studentId: string, operator: ConsentOperator = OPERATOR_DEFAULTS) {
  await assertParentOf(db, actor, studentId);
  const [document] = await db.select().from(consentDocuments).where(eq(consentDocuments.version, CURRENT_CONSENT_VERSION));
  if (!document) throw new AppError("NOT_FOUND", "Текст согласия не найден");
  const people = await names(db, actor.id, studentId);
  const paragraphs = renderConsent(document, { parent: fullName(people.parent), child: fullName(people.child) }, operator);
  return { version: document.version, title: document.title, paragraphs, childName: fullName(people.child) };
}

export interface ConsentRecord {
  id: string;
  parentName: string;
  version: string;
  method: AuthMethod;
  givenAt: string;
  withdrawnAt: string | null;
}

/** Every consent given for the child, withdrawn ones too: the record is never deleted. */
export async function consentHistory(db: DbOrTx, actor: Actor, studentId: string): Promise<ConsentRecord[]> {
  await assertCanViewStudent(db, actor, studentId);
  const rows = await db
    .select({ c: consents, lastName: users.lastName, firstName: users.firstName })
    .from(consents)
    .innerJoin(users, eq(users.id, consents.parentId))
    .where(eq(consents.studentId, studentId))
    .orderBy(desc(consents.givenAt));
  return rows.map(({ c, ...p }) => ({
    id: c.id,
    parentName: shortName(p),
    version: c.documentVersion,
    method: c.method,
    givenAt: c.givenAt.toISOString(),
    withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
  }));
}

/** The parent gives consent for a linked child, on the current text version. */
export async function giveConsent(
  deps: CoreDeps,
  actor: Actor,
  input: { studentId: string; version: string },
  meta: RequestMeta & { authMethod: AuthMethod },
): Promise<Admission> {
  return deps.db.transaction(async (tx) => {
    await assertParentOf(tx, actor, input.studentId);
    if (input.version !== CURRENT_CONSENT_VERSION) {
      throw new AppError("CONFLICT", "Текст согласия обновился. Прочитайте новую редакцию и подтвердите согласие ещё раз.");
    }
    const [created] = await tx
      .insert(consents)
      .values({ parentId: actor.id, studentId: input.studentId, documentVersion: input.version, method: meta.authMethod, ip: meta.ip, userAgent: meta.userAgent })
      .onConflictDoNothing()
      // Whether the child was admitted before this consent: RETURNING's subquery reads the tables as they were
      // before the insert. Nested in sql`` so that drizzle keeps its columns qualified (it strips the table
      // from a RETURNING field's own columns, which would make them ambiguous here).
      .returning({ id: consents.id, admittedBefore: sql<boolean>`${admittedSql(input.studentId)}` });
    if (!created) throw new AppError("CONFLICT", "Вы уже дали согласие для этого ребёнка");
    // Independent steps in one round trip (postgres.js pipelines them on the transaction's connection).
    const [people, , , admission] = await Promise.all([
      names(tx, actor.id, input.studentId),
      audit(tx, { actorUserId: actor.id, action: "consent.given", subjectType: "consent", subjectId: created.id, ip: meta.ip, data: { studentId: input.studentId, version: input.version, method: meta.authMethod } }),
      // Admission may make a plan possible: results and trials gathered before now count.
      refreshPlan(tx, input.studentId),
      admissionOf(tx, input.studentId),
    ]);
    await notifyUser(tx, input.studentId, {
      type: "consent.given",
      title: created.admittedBefore ? "Родитель подтвердил согласие" : "Допуск к практическим мероприятиям получен",
      body: `Согласие на обработку твоих персональных данных получено от родителя: ${shortName(people.parent)}.${created.admittedBefore ? "" : " Теперь можно записываться на профессиональные пробы."}`,
      link: "/student",
      data: { parentId: actor.id },
    });
    return admission;
  });
}

/**
 * Withdrawal is recorded on the consent row. If no other linked parent's
 * consent remains, the child loses admission (and is told so).
 */
export async function withdrawConsent(deps: CoreDeps, actor: Actor, studentId: string, meta: RequestMeta): Promise<Admission> {
  return deps.db.transaction(async (tx) => {
    await assertParentOf(tx, actor, studentId);
    // enroll_student takes this row FOR SHARE before it re-checks admission: an enrollment and a withdrawal never interleave.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, studentId)).for("no key update");
    const [withdrawn] = await tx
      .update(consents)
      .set({ withdrawnAt: new Date(), withdrawnIp: meta.ip, withdrawnUserAgent: meta.userAgent })
      .where(and(eq(consents.parentId, actor.id), eq(consents.studentId, studentId), isNull(consents.withdrawnAt)))
      .returning({ id: consents.id });
    if (!withdrawn) throw new AppError("CONFLICT", "Действующего согласия для этого ребёнка нет");
    const after = await admissionOf(tx, studentId);
    // Without admission, enrollments still waiting for a seat or an approval end now; confirmed ones stand.
    const cancelled = after.admitted ? 0 : await cancelUnconfirmedEnrollments(tx, studentId);
    const people = await names(tx, actor.id, studentId);
    await notifyUser(tx, studentId, {
      type: "consent.withdrawn",
      title: after.admitted ? "Один из родителей отозвал согласие" : "Согласие на обработку данных отозвано",
      body: after.admitted
        ? `Согласие отозвано родителем: ${shortName(people.parent)}. Допуск сохраняется: действует согласие другого родителя.`
        : `Согласие на обработку твоих персональных данных отозвано родителем: ${shortName(people.parent)}. Пока согласия нет, допуска к практическим мероприятиям и рекомендациям нет.${cancelled ? ` Отменено записей на пробы, ещё не подтверждённых: ${cancelled}.` : ""}`,
      link: "/student",
      data: { parentId: actor.id },
    });
    await audit(tx, { actorUserId: actor.id, action: "consent.withdrawn", subjectType: "consent", subjectId: withdrawn.id, ip: meta.ip, data: { studentId } });
    return after;
  });
}
