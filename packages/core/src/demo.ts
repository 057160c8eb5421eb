import { hashPassword } from "@bilet/auth";
import { parentProfiles, studentProfiles, users, type Database, type UserRole } from "@bilet/db";

/** Demo accounts for every role; the password is the same for all and printed at start. */
export const DEMO_PASSWORD = "demo12345";

export const DEMO_ACCOUNTS: ReadonlyArray<{ role: UserRole; email: string; lastName: string; firstName: string; middleName: string }> = [
  { role: "student", email: "student@demo.bilet.local", lastName: "Смирнова", firstName: "Алина", middleName: "Игоревна" },
  { role: "parent", email: "parent@demo.bilet.local", lastName: "Смирнов", firstName: "Игорь", middleName: "Петрович" },
  { role: "mentor", email: "mentor@demo.bilet.local", lastName: "Кузнецов", firstName: "Павел", middleName: "Андреевич" },
  { role: "staff", email: "staff@demo.bilet.local", lastName: "Орлова", firstName: "Мария", middleName: "Сергеевна" },
];

/** Creates the demo accounts that are missing; running it again changes nothing. */
export async function seedDemoAccounts(db: Database): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    await db.transaction(async (tx) => {
      // Several instances may start at once: the unique email decides who seeds.
      const [user] = await tx
        .insert(users)
        .values({ ...account, passwordHash, activatedAt: new Date() })
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      if (!user) return;
      if (account.role === "student") {
        await tx.insert(studentProfiles).values({ userId: user.id, birthDate: "2011-03-15", grade: 8, regionCode: "77", school: "ГБОУ Школа № 1500" });
      } else if (account.role === "parent") {
        await tx.insert(parentProfiles).values({ userId: user.id, regionCode: "77" });
      }
    });
  }
}
