import { desc, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requests as requestService } from "@bilet/core";
import { requestMessages, requests } from "@bilet/db";
import { deliverPendingEmails, smtpTransport, startInboundSmtp, type InboundLetter, type InboundSmtp } from "@bilet/mail";
import { createApiHarness, staffAndMentor, type ApiHarness } from "../testing/index.ts";

// The email channel end to end: our listener takes letters to the project's address, the outbox sends our
// letters over SMTP to a catcher standing in for the families' mail servers, and answers thread back.
const DOMAIN = "bilet.test";
let h: ApiHarness;
let staff: Awaited<ReturnType<typeof staffAndMentor>>["staff"];
let listener: InboundSmtp;
let catcher: InboundSmtp;
const caught: InboundLetter[] = [];

beforeAll(async () => {
  h = await createApiHarness();
  h.deps.requestsDomain = DOMAIN;
  ({ staff } = await staffAndMentor(h));
  listener = await startInboundSmtp({ domain: DOMAIN, onLetter: async (letter) => void (await requestService.handleInboundLetter(h.deps, letter)) });
  catcher = await startInboundSmtp({ domain: "example.ru", onLetter: (letter) => void caught.push(letter) });
});
afterAll(async () => {
  await listener?.close();
  await catcher?.close();
  await h?.close();
});

/** A family's letter to the project's address. */
async function send(letter: { from: string; subject: string; text: string; inReplyTo?: string }) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
  await transport.sendMail({ from: letter.from, to: `obrashcheniya@${DOMAIN}`, subject: letter.subject, text: letter.text, inReplyTo: letter.inReplyTo, references: letter.inReplyTo });
}

/** Sends what the outbox holds to the catcher and answers the newest letter it got for `to`. */
async function delivered(to: string): Promise<InboundLetter> {
  await deliverPendingEmails(h.db, smtpTransport(`smtp://127.0.0.1:${catcher.port}/?ignoreTLS=true`, `Билет в будущее <bilet@${DOMAIN}>`), 100);
  const letter = [...caught].reverse().find((l) => l.to.includes(to));
  if (!letter) throw new Error(`no letter to ${to}`);
  return letter;
}

const requestOf = async (email: string) => (await h.db.select().from(requests).where(eq(requests.email, email)).orderBy(desc(requests.createdAt)))[0];

describe("requests by email", () => {
  it("a complete letter becomes a request, acknowledged by a letter that threads", async () => {
    await send({ from: "Ольга Иванова <olga.email@example.ru>", subject: "Не пришло письмо", text: "Здравствуйте!\nРегион: Москва\nНе приходит письмо для подтверждения регистрации сына. Что делать?" });
    const request = await requestOf("olga.email@example.ru");
    expect(request).toMatchObject({ channel: "email", regionCode: "77", fullName: "Ольга Иванова", subject: "Не пришло письмо", status: "new", decision: "accept" });
    const ack = await delivered("olga.email@example.ru");
    expect(ack.subject).toMatch(/^Обращение № \d+ принято/);
    expect(ack.messageId).toBe(`<request-${request!.id}.0@${DOMAIN}>`);
  });

  it("a letter missing fields gets the automatic reply, and the answer to it completes the same request", async () => {
    await send({ from: "mama.email@example.ru", subject: "Проба", text: "Как записать сына на пробу по робототехнике?" });
    expect(await requestOf("mama.email@example.ru")).toBeUndefined();
    const autoReply = await delivered("mama.email@example.ru");
    expect(autoReply.subject).toBe("Re: Проба");
    expect(autoReply.text).toMatch(/не хватает некоторых сведений/);
    expect(autoReply.text).toMatch(/регион/i);

    await send({ from: "mama.email@example.ru", subject: "Re: Проба", text: "Регион: Республика Татарстан\nФамилия и имя: Иванова Мария", inReplyTo: autoReply.messageId! });
    const request = await requestOf("mama.email@example.ru");
    expect(request).toMatchObject({ channel: "email", regionCode: "16", fullName: "Иванова Мария", subject: "Проба", text: "Как записать сына на пробу по робототехнике?" });
  });

  it("a staff answer is delivered by SMTP, and the family's reply to it joins the same request", async () => {
    const request = (await requestOf("olga.email@example.ru"))!;
    await staff.requests.reply({ id: request.id, text: "Проверьте папку «Спам» и запросите письмо ещё раз на странице входа." });
    const answer = await delivered("olga.email@example.ru");
    expect(answer.subject).toMatch(/^Ответ на обращение № \d+/);
    expect(answer.text).toContain("Проверьте папку «Спам»");

    await send({ from: "Ольга Иванова <olga.email@example.ru>", subject: `Re: ${answer.subject}`, text: "Спасибо, нашлось в спаме!\n\n> Проверьте папку «Спам»", inReplyTo: answer.messageId! });
    const messages = await h.db.select().from(requestMessages).where(eq(requestMessages.requestId, request.id)).orderBy(requestMessages.createdAt);
    expect(messages.map((m) => [m.author, m.text])).toEqual([
      ["user", request.text],
      ["staff", "Проверьте папку «Спам» и запросите письмо ещё раз на странице входа."],
      ["user", "Спасибо, нашлось в спаме!"],
    ]);
    // Someone else quoting the same Message-ID starts a request of their own instead.
    await send({ from: "Пётр Сидоров <stranger.email@example.ru>", subject: "Re: чужое", text: "Регион: Москва\nКак подать заявку на пробу?", inReplyTo: answer.messageId! });
    expect((await h.db.select().from(requestMessages).where(eq(requestMessages.requestId, request.id))).length).toBe(3);
    expect(await requestOf("stranger.email@example.ru")).toMatchObject({ channel: "email" });
  });
});
