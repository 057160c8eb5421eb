import { count, eq, sql } from "drizzle-orm";
import { parentProfiles, regions, studentProfiles, users, type DbOrTx, type UserRole } from "@bilet/db";
import { AppError } from "./errors.ts";

export interface StudentProfile {
  birthDate: string;
  grade: number;
  regionCode: string;
  regionName: string;
  school: string;
  /** Set when the yearly move-up found the student in grade 11 (ISO); a graduate reads but starts nothing new. */
  graduatedAt: string | null;
}

export async function getStudentProfile(db: DbOrTx, userId: string): Promise<StudentProfile> {
  const [row] = await db
    .select({
      birthDate: studentProfiles.birthDate,
      grade: studentProfiles.grade,
      regionCode: studentProfiles.regionCode,
      regionName: regions.name,
      school: studentProfiles.school,
      graduatedAt: studentProfiles.graduatedAt,
    })
    .from(studentProfiles)
    .innerJoin(regions, eq(regions.code, studentProfiles.regionCode))
    .where(eq(studentProfiles.userId, userId));
  if (!row) throw new AppError("NOT_FOUND", "Анкета участника не найдена");
  return { ...row, graduatedAt: row.graduatedAt?.toISOString() ?? null };
}

export async function getParentProfile(db: DbOrTx, userId: string): Promise<{ regionCode: string; regionName: string }> {
  const [row] = await db
    .select({ regionCode: parentProfiles.regionCode, regionName: regions.name })
    .from(parentProfiles)
    .innerJoin(regions, eq(regions.code, parentProfiles.regionCode))
    .where(eq(parentProfiles.userId, userId));
  if (!row) throw new AppError("NOT_FOUND", "Анкета родителя не найдена");
  return row;
}

export interface RoleCount {
  role: UserRole;
  registered: number;
  activated: number;
}

/** Headline numbers for the staff cabinet. */
export async function countUsersByRole(db: DbOrTx): Promise<RoleCount[]> {
  const rows = await db
    .select({
      role: users.role,
      registered: count(),
      activated: sql<number>`count(${users.activatedAt})::int`,
    })
    .from(users)
    .groupBy(users.role);
  const order: UserRole[] = ["student", "parent", "mentor", "staff"];
  return order.map((role) => rows.find((r) => r.role === role) ?? { role, registered: 0, activated: 0 });
}

