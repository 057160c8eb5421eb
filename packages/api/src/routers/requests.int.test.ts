import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, requests } from "@bilet/db";
import { createApiHarness, failure, signedUpParent, staffAndMentor, uniqueEmail, type ApiHarness } from "../testing/index.ts";

let h: ApiHarness;
let staff: Awaited<ReturnType<typeof staffAndMentor>>["staff"];

beforeAll(async () => {
  h = await createApiHarness();
  ({ staff } = await staffAndMentor(h));
});
afterAll(async () => {
  await h?.close();
});

const question = "Здравствуйте! Сын зарегистрировался, но письмо для подтверждения так и не пришло. Что делать?";

describe("requests (обращения)", () => {
  it("the bot's knowledge base answers a question with word forms and a typo", async () => {
    const hits = await h.client().requests.faq({ q: "не пришло письмо подтверждения регестрации" });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.link).toMatch(/^\//);
    expect(await h.client().requests.faq({ q: "" })).toEqual([]);
  });

  it("asks for each missing required field, one question at a time, and stores nothing until all are there", async () => {
    const visitor = h.client();
    const first = await visitor.requests.submit({ text: question });
    expect(first.ok).toBe(false);
    expect(!first.ok && first.missing.map((m) => m.field)).toEqual(["regionCode", "fullName", "email", "subject"]);
    expect(!first.ok && first.missing[0]!.question).toMatch(/регион/i);
    const email = uniqueEmail("visitor");
    const bad = await visitor.requests.submit({ text: question, regionCode: "77", fullName: "Иванова Ольга", email: "not-an-email", subject: "Письмо" });
    expect(!bad.ok && bad.missing).toEqual([expect.objectContaining({ field: "email", reason: "invalid" })]);
    expect(await h.db.select().from(requests).where(eq(requests.email, email))).toEqual([]);

    const done = await visitor.requests.submit({ text: question, regionCode: "77", fullName: "Иванова Ольга", email, subject: "Письмо подтверждения" });
    expect(done).toMatchObject({ ok: true, status: "new", decision: "accept" });
    const [letter] = await h.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.createdAt));
    expect(letter!.subject).toMatch(/^Обращение № \d+ принято/);
  });

  it("leaves a request in a foreign language without an answer, with the rule; staff see it and may override with a reason", async () => {
    const parent = await signedUpParent(h);
    const prefill = await parent.requests.prefill();
    expect(prefill.email).toBe(parent.email);
    const foreign = await parent.requests.submit({ ...prefill, subject: "Реєстрація", text: "Доброго дня! Як зареєструвати дитину на пробу і що для цього потрібно зробити?" });
    expect(foreign).toMatchObject({ ok: true, status: "unanswered", decision: "foreign_language" });
    const { items: queue } = await staff.requests.queue({ decision: "foreign_language" });
    // The topic filter finds it by a word of its subject, whatever the case; a percent sign is taken literally.
    expect((await staff.requests.queue({ topic: "реєстр" })).items.map((r) => r.id)).toContain(foreign.ok && foreign.id);
    expect(await staff.requests.queue({ topic: "%" })).toEqual({ items: [], nextCursor: null });
    const row = queue.find((r) => foreign.ok && r.id === foreign.id)!;
    expect(row).toMatchObject({ statusName: "оставлено без ответа", decisionName: expect.any(String) });
    expect(row.ruleExplanation).toMatch(/украинск/);
    // Staff disagree: the family gets an answer after all.
    const decided = await staff.requests.decide({ id: row.id, decision: "accept", reason: "Вопрос понятен, ответим по-русски" });
    expect(decided).toMatchObject({ status: "new", decision: "accept", decisionReason: "Вопрос понятен, ответим по-русски" });
    expect(decided.decidedByName).toBeTruthy();
    // «secret» is set only by staff, and is refused without a reason.
    expect((await failure(staff.requests.decide({ id: row.id, decision: "secret", reason: "" }))).code).toBe("BAD_REQUEST");
  });

  it("staff answer: the user sees it in the cabinet, live, and by email; nobody else can read the queue", async () => {
    const parent = await signedUpParent(h);
    const submitted = await parent.requests.submit({ ...(await parent.requests.prefill()), subject: "Согласие", text: "Где в кабинете дать согласие на обработку данных ребёнка?" });
    if (!submitted.ok) throw new Error("not submitted");
    await staff.requests.assign({ id: submitted.id });
    await staff.requests.reply({ id: submitted.id, text: "Откройте страницу ребёнка в кабинете родителя и нажмите «Дать согласие»." });
    const [mine] = (await parent.requests.mine()).items;
    expect(mine).toMatchObject({ number: submitted.number, status: "answered", statusName: "отвечено" });
    expect(mine!.messages.map((m) => m.author)).toEqual(["user", "staff"]);
    expect((await parent.notifications.list({ limit: 1 })).items[0]).toMatchObject({ type: "requests.answered", title: `Ответ на обращение № ${submitted.number}` });
    const [letter] = await h.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, parent.email)).orderBy(desc(emailOutbox.createdAt));
    expect(letter!.textBody).toContain("Откройте страницу ребёнка");
    expect((await failure(parent.requests.queue({}))).code).toBe("FORBIDDEN");
    expect((await failure(parent.requests.byId({ id: submitted.id }))).code).toBe("FORBIDDEN");
    expect((await failure(h.client().requests.mine())).code).toBe("UNAUTHORIZED");
  });
});
