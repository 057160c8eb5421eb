import { hashPassword } from "@bilet/auth";
import { eq, inArray } from "drizzle-orm";
import { CURRENT_CONSENT_VERSION } from "@bilet/content";
import { consents, familyLinks, seasonCalendar, trialMentors, trials, users, type Database, type UserRole } from "@bilet/db";
import { createAccount } from "./account-records.ts";

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
    // Several instances may start at once: the unique email decides who seeds.
    await db.transaction((tx) =>
      createAccount(tx, {
        ...account,
        passwordHash,
        activatedAt: new Date(),
        student: account.role === "student" ? { birthDate: "2011-03-15", grade: 8, regionCode: "77", school: "ГБОУ Школа № 1500" } : undefined,
        parent: account.role === "parent" ? { regionCode: "77" } : undefined,
      }),
    );
  }
}

/**
 * A usable demo season: dates around today, three trials led by the demo
 * mentor, and the demo parent linked to the demo student with consent given.
 * Creates only what is missing.
 */
export async function seedDemoSeason(db: Database): Promise<void> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await db
    .insert(seasonCalendar)
    .values({ id: 1, registrationOpensOn: day(-30), esiaOpensOn: day(-20), trialsStartOn: day(-7), trialsEndOn: day(120), recommendationsOn: day(130) })
    .onConflictDoNothing();
  const emails = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.role, a.email]));
  const people = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, Object.values(emails)));
  const idOf = (role: UserRole) => people.find((p) => p.email === emails[role])?.id;
  const [student, parent, mentor] = [idOf("student"), idOf("parent"), idOf("mentor")];
  if (!student || !parent || !mentor) return;
  await db.insert(familyLinks).values({ parentId: parent, studentId: student }).onConflictDoNothing();
  const [consent] = await db.select({ id: consents.id }).from(consents).where(eq(consents.studentId, student));
  if (!consent) await db.insert(consents).values({ parentId: parent, studentId: student, documentVersion: CURRENT_CONSENT_VERSION, method: "password" });
  const [anyTrial] = await db.select({ id: trials.id }).from(trials).limit(1);
  if (anyTrial) return;
  const at = (days: number, hour: number) => {
    const d = new Date(Date.now() + days * 86_400_000);
    d.setUTCHours(hour - 3, 0, 0, 0); // Moscow time
    return d;
  };
  const demoTrials = [
    { competencyCode: "additive-manufacturing", title: "3D-печать: от идеи до макета", description: "Спроектируете простую деталь и напечатаете её на 3D-принтере.", level: "intro" as const, format: "in_person" as const, regionCode: "77", address: "Москва, Технопарк, ул. Новая, 5", link: null, startsAt: at(5, 15), durationMinutes: 120, capacity: 12 },
    { competencyCode: "web-technologies", title: "Первая веб-страница за два часа", description: "Соберёте свою страницу на HTML и CSS и опубликуете её.", level: "intro" as const, format: "online" as const, regionCode: null, address: null, link: "https://meet.example.ru/web-intro", startsAt: at(7, 16), durationMinutes: 120, capacity: 25 },
    { competencyCode: "confectionery", title: "Кондитерское дело: эклеры", description: "Приготовите заварное тесто и крем под руководством кондитера.", level: "basic" as const, format: "in_person" as const, regionCode: "77", address: "Москва, Колледж сферы услуг, ул. Пекарская, 3", link: null, startsAt: at(10, 12), durationMinutes: 180, capacity: 8 },
  ];
  for (const t of demoTrials) {
    const [created] = await db
      .insert(trials)
      .values({ ...t, minGrade: 6, maxGrade: 11, enrollDeadline: new Date(t.startsAt.getTime() - 86_400_000) })
      .returning({ id: trials.id });
    await db.insert(trialMentors).values({ trialId: created!.id, mentorId: mentor });
  }
}
