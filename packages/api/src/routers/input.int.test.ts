import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from "@bilet/core";
import { trials, users } from "@bilet/db";
import type { ZodError } from "zod";
import { createApiHarness, demoClient, failure, parentForm, signedUpStudent, uniqueEmail, type ApiHarness } from "../testing/index.ts";

// Bad input typed by a person gets a Russian message and changes nothing (issue #8, findings 10, 12, 13).
let h: ApiHarness;
let staff: Awaited<ReturnType<typeof demoClient>>;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const season = { registrationOpensOn: day(-60), esiaOpensOn: day(-50), trialsStartOn: day(-2), trialsEndOn: day(60), recommendationsOn: day(70) };

beforeAll(async () => {
  h = await createApiHarness();
  await seedDemoAccounts(h.db);
  staff = await demoClient(h, DEMO_ACCOUNTS.find((a) => a.role === "staff")!.email, DEMO_PASSWORD);
  await staff.trials.setSeason(season);
});
afterAll(async () => {
  await h?.close();
});

const trialCount = async () => (await h.db.select({ n: count() }).from(trials))[0]!.n;
function trialForm(overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(Date.now() + 5 * 86_400_000);
  return {
    competencyCode: "web-technologies",
    title: "Веб-разработка: первая страница",
    description: "",
    level: "intro",
    format: "online",
    link: "https://meet.example.ru/web",
    startsAt: startsAt.toISOString(),
    enrollDeadline: new Date(startsAt.getTime() - 86_400_000).toISOString(),
    durationMinutes: 90,
    capacity: 10,
    minGrade: 6,
    maxGrade: 11,
    ...overrides,
  } as never;
}

describe("dates must be real calendar dates within sane bounds", () => {
  it("refuses a catalogue filter from 2024-99-99 with a message", async () => {
    const student = await signedUpStudent(h);
    const error = await failure(student.trials.list({ from: "2024-99-99" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect((error.cause as ZodError).issues.map((i) => i.message)).toEqual(["Такой даты нет: проверьте дату «с»"]);
  });

  it("refuses a season that starts on 31 February and keeps the old one", async () => {
    const error = await failure(staff.trials.setSeason({ ...season, registrationOpensOn: "2025-02-31" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect((error.cause as ZodError).issues.map((i) => i.message)).toEqual(["Такой даты нет: проверьте дату открытия регистрации"]);
    expect(await staff.trials.season()).toEqual(season);
  });

  it("refuses a trial starting in year +275760", async () => {
    const before = await trialCount();
    expect((await failure(staff.trials.create(trialForm({ startsAt: "+275760-09-13T00:00:00.000Z" })))).code).toBe("BAD_REQUEST");
    expect(await trialCount()).toBe(before);
  });
});

describe("trials stay inside the season", () => {
  it("refuses creating a trial in 2001 or 9999, naming the season", async () => {
    const before = await trialCount();
    const early = await failure(staff.trials.create(trialForm({ startsAt: "2001-09-10T10:00:00+03:00", enrollDeadline: "2001-09-09T10:00:00+03:00" })));
    expect(early.message).toMatch(/^Проба проходит вне сезона практических мероприятий \(\d+ \S+ \d{4} г\. — \d+ \S+ \d{4} г\.\)$/);
    expect((await failure(staff.trials.create(trialForm({ startsAt: "9999-09-10T10:00:00+03:00", enrollDeadline: "9999-09-09T10:00:00+03:00" })))).code).toBe("BAD_REQUEST");
    expect(await trialCount()).toBe(before);
  });

  it("refuses moving an existing trial out of the season", async () => {
    const trial = await staff.trials.create(trialForm());
    const moved = await failure(staff.trials.update({ ...(trialForm({ startsAt: "2001-09-10T10:00:00+03:00", enrollDeadline: "2001-09-09T10:00:00+03:00" }) as object), trialId: trial.id } as never));
    expect(moved.message).toMatch(/^Проба проходит вне сезона/);
    const [stored] = await h.db.select({ startsAt: trials.startsAt }).from(trials).where(eq(trials.id, trial.id));
    expect(stored!.startsAt.toISOString()).toBe(trial.startsAt);
  });

  it("refuses an unknown competency with a message on the field", async () => {
    const before = await trialCount();
    const error = await failure(staff.trials.create(trialForm({ competencyCode: "no-such-thing" })));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe("Выберите компетенцию из списка");
    expect(await trialCount()).toBe(before);
  });
});

describe("text fields", () => {
  it("refuses a NUL byte in a text field and stores nothing", async () => {
    const before = await trialCount();
    const error = await failure(staff.trials.create(trialForm({ title: "Проба\u0000с нулём" })));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^Текст содержит недопустимые символы/);
    expect(await trialCount()).toBe(before);
  });

  it("accepts a surname typed in decomposed Unicode and stores it in NFC", async () => {
    const email = uniqueEmail("nfc");
    // «Й» typed as «И» + combining breve, «ё» as «е» + combining diaeresis, as some phone keyboards send them.
    await h.client().auth.registerParent(parentForm(email, { lastName: "Кои\u0306кова", firstName: "Алёна".replace("ё", "е\u0308") }));
    const [row] = await h.db.select({ lastName: users.lastName, firstName: users.firstName }).from(users).where(eq(users.email, email));
    expect(row).toEqual({ lastName: "Койкова", firstName: "Алёна" });
    expect(row!.lastName).toHaveLength(7);
  });

  it("refuses a lone surrogate instead of storing U+FFFD", async () => {
    const email = uniqueEmail("surrogate");
    const error = await failure(h.client().auth.registerParent(parentForm(email, { lastName: "Иван\uD800ова" })));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await h.db.select({ id: users.id }).from(users).where(eq(users.email, email))).toEqual([]);
  });
});
