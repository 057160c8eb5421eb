import { and, desc, eq, isNull, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { consents, familyLinks, users, type AuthMethod, type DbOrTx } from "@bilet/db";
import { AppError } from "./errors.ts";
import { shortName } from "./people.ts";

export interface Admission {
  /** Admitted to practical trials and recommendations. */
  admitted: boolean;
  linkedParents: number;
  /** What is still missing, in the order it has to happen. */
  missing: ("parent_link" | "consent")[];
  consent: { parentName: string; givenAt: string; version: string; method: AuthMethod } | null;
}

/**
 * A student is admitted exactly when a linked parent's consent is active.
 * Consent from a parent whose link is gone does not count.
 */
export async function admissionOf(db: DbOrTx, studentId: string): Promise<Admission> {
  const links = await db.select({ parentId: familyLinks.parentId }).from(familyLinks).where(eq(familyLinks.studentId, studentId));
  const [active] = await db
    .select({ givenAt: consents.givenAt, version: consents.documentVersion, method: consents.method, lastName: users.lastName, firstName: users.firstName })
    .from(consents)
    .innerJoin(familyLinks, and(eq(familyLinks.parentId, consents.parentId), eq(familyLinks.studentId, consents.studentId)))
    .innerJoin(users, eq(users.id, consents.parentId))
    .where(and(eq(consents.studentId, studentId), isNull(consents.withdrawnAt)))
    .orderBy(desc(consents.givenAt))
    .limit(1);
  const missing: Admission["missing"] = [];
  if (links.length === 0) missing.push("parent_link");
  if (!active) missing.push("consent");
  return {
    admitted: Boolean(active),
    linkedParents: links.length,
    missing,
    consent: active ? { parentName: shortName(active), givenAt: active.givenAt.toISOString(), version: active.version, method: active.method } : null,
  };
}

/**
 * The admission rule of admissionOf as one SQL condition, for queries that
 * gather several facts in a single round trip.
 */
export function admittedSql(studentId: string | SQLWrapper): SQL<boolean> {
  return sql<boolean>`exists (
    select 1 from ${consents}
    join ${familyLinks} on ${familyLinks.parentId} = ${consents.parentId} and ${familyLinks.studentId} = ${consents.studentId}
    where ${consents.studentId} = ${studentId} and ${consents.withdrawnAt} is null)`;
}

export const GRADUATE_REFUSAL =
  "Школа окончена: записаться на новую пробу или начать новый тест уже нельзя. Твои результаты и учебный план остаются в кабинете.";

/**
 * A graduate (the yearly move-up set `graduatedAt`) keeps reading their
 * results and plan but starts nothing new: no trial enrollment, no new test.
 * Both paths ask here.
 */
export function refuseGraduate(graduatedAt: Date | string | null | undefined): void {
  if (graduatedAt) throw new AppError("FORBIDDEN", GRADUATE_REFUSAL);
}
