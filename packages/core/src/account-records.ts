import { parentProfiles, studentProfiles, users, type DbOrTx, type UserRole } from "@bilet/db";

/** What an account row and its role's profile need, however the account comes to be. */
export interface NewAccount {
  role: UserRole;
  email: string;
  /** Null for an account that signs in only through ESIA. */
  passwordHash: string | null;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  activatedAt?: Date | null;
  identityVerifiedAt?: Date | null;
  student?: { birthDate: string; grade: number; regionCode: string; school: string };
  parent?: { regionCode: string };
}

/**
 * The one place that writes a new account with its profile (sign-up, sign-up
 * through an invitation or ESIA, mentors, demo and test data). Answers null
 * when the address is taken: the unique email decides, even under races.
 */
export async function createAccount(tx: DbOrTx, account: NewAccount): Promise<{ id: string } | null> {
  if (account.role === "student" && !account.student) throw new Error("a student account needs its student profile");
  if (account.role === "parent" && !account.parent) throw new Error("a parent account needs its parent profile");
  const [created] = await tx
    .insert(users)
    .values({
      email: account.email,
      passwordHash: account.passwordHash,
      role: account.role,
      lastName: account.lastName,
      firstName: account.firstName,
      middleName: account.middleName ?? null,
      activatedAt: account.activatedAt ?? null,
      identityVerifiedAt: account.identityVerifiedAt ?? null,
    })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (!created) return null;
  if (account.student) await tx.insert(studentProfiles).values({ userId: created.id, ...account.student });
  if (account.parent) await tx.insert(parentProfiles).values({ userId: created.id, ...account.parent });
  return created;
}
