import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { afterEach, describe, expect, it } from "vitest";
import { memoryRateLimit, startInboundSmtp, type InboundEvent, type InboundLetter, type InboundSmtp, type InboundSmtpOptions } from "./inbound.ts";
import { replyMessageId, threadKeyOf } from "./inbound-parse.ts";

const DOMAIN = "bilet.test";
const REQUEST_ID = "0b6f1c1e-8d2a-4a57-9a51-3f1f7c1b2d44";
const open: { close(): unknown }[] = [];

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

/** A listener on a free loopback port and a nodemailer client for it. */
async function listener(options: Partial<InboundSmtpOptions> = {}) {
  const letters: InboundLetter[] = [];
  const events: InboundEvent[] = [];
  const server: InboundSmtp = await startInboundSmtp({
    domain: DOMAIN,
    onLetter: (letter) => {
      letters.push(letter);
    },
    log: (event) => events.push(event),
    ...options,
  });
  open.push(server);
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.port, secure: false, ignoreTLS: true });
  open.push(transport);
  const send = (mail: Mail.Options) => transport.sendMail({ from: "Иванова Мария <maria@example.ru>", to: `bilet@${DOMAIN}`, ...mail });
  return { letters, events, send };
}

const responseCodeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: { responseCode?: number }) => error.responseCode ?? -1,
  );

describe("inbound SMTP listener", () => {
  it("passes a plain letter with a Cyrillic subject and body to onLetter", async () => {
    const { letters, send } = await listener();
    const info = await send({ subject: "Не приходит письмо активации", text: "Здравствуйте!\r\nЗарегистрировалась вчера, письмо так и не пришло.\r\n" });
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter).toMatchObject({
      messageId: info.messageId,
      inReplyTo: null,
      references: [],
      from: { address: "maria@example.ru", name: "Иванова Мария" },
      to: [`bilet@${DOMAIN}`],
      envelopeFrom: "maria@example.ru",
      subject: "Не приходит письмо активации",
      text: "Здравствуйте!\nЗарегистрировалась вчера, письмо так и не пришло.",
      attachments: [],
      automatic: false,
    });
    expect(letter.receivedAt).toBeInstanceOf(Date);
  });

  it("turns an HTML-only letter into text and keeps no HTML", async () => {
    const { letters, send } = await listener();
    await send({
      subject: "Вопрос",
      html: '<p>Здравствуйте!</p><script>alert("x")</script><p>Где <b>посмотреть</b> <a href="http://evil.example/">результаты</a> диагностики?</p>',
    });
    const letter = letters[0]!;
    expect(letter.text).toContain("Здравствуйте!");
    expect(letter.text).toContain("посмотреть");
    expect(letter.text).toContain("диагностики?");
    expect(letter.text).not.toMatch(/<\/?(p|b|a|script)\b/u);
    expect(letter.text).not.toContain("alert");
    expect(Object.keys(letter)).not.toContain("html");
  });

  it("gives the thread key of a reply to our message id, and of a reply address", async () => {
    const { letters, send } = await listener();
    const ours = replyMessageId(REQUEST_ID, 2, DOMAIN);
    await send({ subject: "Re: Не приходит письмо", text: "Регион: Татарстан", inReplyTo: ours, references: ["<first@example.ru>", ours] });
    await send({ to: `requests+a1b2c3d4e5f60718@${DOMAIN}`, subject: "Re: Ответ", text: "Спасибо!" });
    expect(letters[0]).toMatchObject({ inReplyTo: ours, references: ["<first@example.ru>", ours] });
    expect(threadKeyOf(letters[0]!, DOMAIN)).toEqual({ via: "message-id", requestId: REQUEST_ID, n: 2 });
    expect(threadKeyOf(letters[1]!, DOMAIN)).toEqual({ via: "reply-address", token: "a1b2c3d4e5f60718" });
  });

  it("drops the bytes of attachments by default, keeping their names", async () => {
    const { letters, send } = await listener();
    await send({ subject: "Скан", text: "Прикладываю скан.", attachments: [{ filename: "скан.pdf", content: Buffer.from("%PDF-1.4 fake"), contentType: "application/pdf" }] });
    expect(letters[0]!.attachments).toEqual([{ filename: "скан.pdf", contentType: "application/pdf", size: 13, content: null }]);
  });

  it("keeps attachments when configured, up to maxAttachments", async () => {
    const { letters, send } = await listener({ acceptAttachments: "keep", maxAttachments: 1 });
    await send({
      subject: "Файлы",
      text: "Два файла.",
      attachments: [
        { filename: "a.txt", content: "первый" },
        { filename: "b.txt", content: "второй" },
      ],
    });
    const [a, b] = letters[0]!.attachments;
    expect(a).toMatchObject({ filename: "a.txt", contentType: "text/plain" });
    expect(a!.content?.toString("utf8")).toBe("первый");
    expect(b).toMatchObject({ filename: "b.txt", content: null });
  });

  it("refuses a letter over maxBytes with 552", async () => {
    const { letters, events, send } = await listener({ maxBytes: 4096 });
    expect(await responseCodeOf(send({ subject: "Большое", text: "Очень длинное письмо. ".repeat(400) }))).toBe(552);
    expect(letters).toHaveLength(0);
    // The listener still takes the next, small letter.
    await send({ subject: "Маленькое", text: "Коротко." });
    expect(letters).toHaveLength(1);
    expect(events.some((e) => e.type === "too_large")).toBe(true);
  });

  it("answers 4xx to a sender over the rate limit and does not call onLetter", async () => {
    const { letters, send } = await listener({ perSenderPerHour: 2 });
    await send({ subject: "1", text: "Первое письмо." });
    await send({ subject: "2", text: "Второе письмо." });
    const code = await responseCodeOf(send({ subject: "3", text: "Третье письмо." }));
    expect(code).toBeGreaterThanOrEqual(400);
    expect(code).toBeLessThan(500);
    expect(letters.map((l) => l.subject)).toEqual(["1", "2"]);
    // Another sender is counted apart.
    await send({ from: "other@example.ru", subject: "4", text: "Другой отправитель." });
    expect(letters).toHaveLength(3);
  });

  it("uses an injected rate limit hook with the lower-cased envelope sender", async () => {
    const asked: string[] = [];
    const { letters, send } = await listener({
      rateLimit: async (sender) => {
        asked.push(sender);
        return false;
      },
    });
    expect(await responseCodeOf(send({ from: "Maria@Example.RU", subject: "x", text: "Письмо." }))).toBe(450);
    expect(asked).toEqual(["maria@example.ru"]);
    expect(letters).toHaveLength(0);
  });

  it("refuses recipients at another domain with 550 and logs no address", async () => {
    const { letters, events, send } = await listener();
    expect(await responseCodeOf(send({ to: "someone@elsewhere.example", subject: "Спам", text: "Перешлите дальше." }))).toBe(550);
    expect(letters).toHaveLength(0);
    expect(events).toEqual([{ type: "recipient_refused" }]);
    expect(JSON.stringify(events)).not.toContain("elsewhere");
  });

  it("answers 451 when onLetter fails, so the sender retries", async () => {
    const { events, send } = await listener({
      onLetter: () => {
        throw new Error("database is down");
      },
    });
    expect(await responseCodeOf(send({ subject: "Вопрос", text: "Текст вопроса." }))).toBe(451);
    expect(events.map((e) => e.type)).toEqual(["handler_failed"]);
  });

  it("marks bounces and auto-replies as automatic", async () => {
    const { letters, send } = await listener();
    await send({ subject: "Автоответ: Re: Вопрос", text: "Я в отпуске.", headers: { "Auto-Submitted": "auto-replied" } });
    await send({ envelope: { from: "", to: `bilet@${DOMAIN}` }, from: "MAILER-DAEMON@example.ru", subject: "Undelivered", text: "Bounce." });
    expect(letters.map((l) => l.automatic)).toEqual([true, true]);
    expect(letters[1]!.envelopeFrom).toBeNull();
  });
});

describe("memoryRateLimit", () => {
  it("counts per sender within an hour and forgets after it", () => {
    let now = 0;
    const allow = memoryRateLimit(2, () => now);
    expect([allow("a"), allow("a"), allow("a"), allow("b")]).toEqual([true, true, false, true]);
    now += 60 * 60 * 1000 + 1;
    expect(allow("a")).toBe(true);
  });
});
