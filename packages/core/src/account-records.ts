import { parentProfiles, studentProfiles, users, type DbOrTx, type UserRole } from "@bilet/db";

/** What an account row and its role's profile need, however the account comes to be. */
export interface NewAccount {
  role: UserRole;
  /** Null for a child under 14 whose parent created the account: such a child signs in with `login`. */
  email: string | null;
  /** The sign-in name of a child's account a parent created (lower-case, unique). */
  login?: string | null;
  /** Null for an account that signs in only through ESIA. */
  passwordHash: string | null;
  /** A one-time password (a login sheet): the first sign-in must choose a new one. */
  mustChangePassword?: boolean;
  /** The parent who created the account (a child under 14). */
  createdById?: string | null;
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
 * through an invitation or ESIA, a child's account made by a parent, mentors,
 * demo and test data). Answers null when the address or the login is taken:
 * the unique indexes decide, even under races.
 */
export async function createAccount(tx: DbOrTx, account: NewAccount): Promise<{ id: string } | null> {
  if (account.role === "student" && !account.student) throw new Error("a student account needs its student profile");
  if (account.role === "parent" && !account.parent) throw new Error("a parent account needs its parent profile");
  if (!account.email && !account.login) throw new Error("an account needs an email or a login to sign in with");
  const [created] = await tx
    .insert(users)
    .values({
      email: account.email,
      login: account.login ?? null,
      passwordHash: account.passwordHash,
      mustChangePassword: account.mustChangePassword ?? false,
      createdById: account.createdById ?? null,
      role: account.role,
      lastName: account.lastName,
      firstName: account.firstName,
      middleName: account.middleName ?? null,
      activatedAt: account.activatedAt ?? null,
      identityVerifiedAt: account.identityVerifiedAt ?? null,
    })
    // No target: a taken email and a taken login both answer null (the id is random).
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!created) return null;
  if (account.student) await tx.insert(studentProfiles).values({ userId: created.id, ...account.student });
  if (account.parent) await tx.insert(parentProfiles).values({ userId: created.id, ...account.parent });
  return created;
}
