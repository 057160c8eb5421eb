import { and, eq } from "drizzle-orm";
import { familyLinks, type DbOrTx } from "@bilet/db";
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
