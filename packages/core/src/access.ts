import { and, eq } from "drizzle-orm";
import { familyLinks, studentProfiles, users, type DbOrTx } from "@bilet/db";
import { ageOn } from "@bilet/validators";
import type { Actor } from "./deps.ts";
import { AppError } from "./errors.ts";

export async function isLinked(db: DbOrTx, parentId: string, studentId: string): Promise<boolean> {
  const [row] = await db
    .select({ parentId: familyLinks.parentId })
    .from(familyLinks)
    .where(and(eq(familyLinks.parentId, parentId), eq(familyLinks.studentId, studentId)));
  return Boolean(row);
}

/** Ids of the parents linked to a child: who is told about the child's trials. */
export async function parentsOf(db: DbOrTx, studentId: string): Promise<string[]> {
  const rows = await db.select({ id: familyLinks.parentId }).from(familyLinks).where(eq(familyLinks.studentId, studentId));
  return rows.map((r) => r.id);
}

const NO_ACCESS = "Нет доступа к данным этого участника";

/**
 * Row-level access to a student's data, in one place for loaders and
 * procedures alike: the student, a linked parent, or project staff.
 */
export async function assertCanViewStudent(db: DbOrTx, actor: Actor, studentId: string): Promise<void> {
  if (actor.role === "staff") return;
  if (actor.role === "student" && actor.id === studentId) return;
  if (actor.role === "parent" && (await isLinked(db, actor.id, studentId))) return;
  throw new AppError("FORBIDDEN", NO_ACCESS);
}

/** Acting for a child (consent, approvals) is for a linked parent only. */
export async function assertParentOf(db: DbOrTx, actor: Actor, studentId: string): Promise<void> {
  if (actor.role === "parent" && (await isLinked(db, actor.id, studentId))) return;
  throw new AppError("FORBIDDEN", NO_ACCESS);
}

/**
 * A new login sheet (a fresh one-time password) is for a linked parent, and
 * only for a child's account the platform made with a login and that has no
 * email of its own: a child with an email resets the password alone.
 */
export async function assertCanIssueLoginSheet(db: DbOrTx, actor: Actor, studentId: string): Promise<void> {
  await assertParentOf(db, actor, studentId);
  const [child] = await db.select({ login: users.login, email: users.email }).from(users).where(eq(users.id, studentId));
  if (!child?.login) throw new AppError("FORBIDDEN", "Лист входа бывает только у ребёнка, учётную запись которого создал родитель");
  if (child.email) throw new AppError("FORBIDDEN", "У ребёнка есть своя электронная почта: новый пароль ребёнок задаёт сам по ссылке «Забыли пароль?»");
}

// ---------------------------------------------------------------- data rights (152-ФЗ): export and deletion

/** From this age a student counts as an adult: asks to delete their own data and cancels such a request. */
export const ADULT_AGE = 18;

/** Parents, mentors and staff are adults; a student is one from the 18th birthday. */
export async function isAdultAccount(db: DbOrTx, userId: string, now = new Date()): Promise<boolean> {
  const [row] = await db
    .select({ role: users.role, birthDate: studentProfiles.birthDate })
    .from(users)
    .leftJoin(studentProfiles, eq(studentProfiles.userId, users.id))
    .where(eq(users.id, userId));
  if (!row) return false;
  if (row.role !== "student") return true;
  return row.birthDate !== null && ageOn(row.birthDate, now) >= ADULT_AGE;
}

const NO_DATA_ACCESS = "Нет доступа к данным этого человека";

/**
 * Who may download a person's data and see a deletion request about it: the
 * person, whatever the role and age (it is what their own cabinet shows), and
 * a linked parent for a child. Nobody else, staff included.
 */
export async function assertDataRightsAccess(db: DbOrTx, actor: Actor, subjectId: string): Promise<void> {
  if (actor.id === subjectId) return;
  if (actor.role === "parent" && (await isLinked(db, actor.id, subjectId))) return;
  throw new AppError("FORBIDDEN", NO_DATA_ACCESS);
}

/** Deletion is asked by an adult for themselves, or by a linked parent for a child who is not an adult yet. */
export async function assertCanRequestDeletion(db: DbOrTx, actor: Actor, subjectId: string, now = new Date()): Promise<void> {
  await assertDataRightsAccess(db, actor, subjectId);
  const adult = await isAdultAccount(db, subjectId, now);
  if (actor.id === subjectId) {
    if (adult) return;
    throw new AppError("FORBIDDEN", "Удалить данные участника младше 18 лет может родитель: попроси об этом родителя");
  }
  if (adult) throw new AppError("FORBIDDEN", "Участнику уже исполнилось 18 лет: удалить свои данные участник может сам");
}

/**
 * A pending deletion is cancelled by whoever asked for it, by the person if an
 * adult, or by any linked parent of a child (the other parent is told and may disagree).
 */
export async function assertCanCancelDeletion(
  db: DbOrTx,
  actor: Actor,
  deletion: { subjectId: string; requestedById: string | null },
  now = new Date(),
): Promise<void> {
  await assertDataRightsAccess(db, actor, deletion.subjectId);
  if (actor.id === deletion.requestedById) return;
  const adult = await isAdultAccount(db, deletion.subjectId, now);
  if (actor.id === deletion.subjectId) {
    if (adult) return;
    throw new AppError("FORBIDDEN", "Отменить удаление может родитель: попроси об этом родителя");
  }
  // A linked parent of a child; an adult's own request is theirs alone to cancel.
  if (adult) throw new AppError("FORBIDDEN", "Отменить этот запрос может только сам участник");
}
