import { describe, expect, it } from "vitest";
import type { InboundLetter } from "./inbound.ts";
import {
  acknowledgementReply,
  cleanSubject,
  fullNameFromDisplayName,
  missingFieldsReply,
  PLACEHOLDER_SUBJECT,
  replyAddress,
  replyMessageId,
  requestDraftFromLetter,
  stripQuotesAndSignature,
  threadKeyOf,
} from "./inbound-parse.ts";

const DOMAIN = "bilet.test";
const REQUEST_ID = "0b6f1c1e-8d2a-4a57-9a51-3f1f7c1b2d44";

/** A stand-in for parseRegion of @bilet/core: one region or null. */
const parseRegion = (text: string) => {
  const found = new Set<string>();
  if (/татарстан|казан/iu.test(text)) found.add("16");
  if (/москв/iu.test(text)) found.add("77");
  return found.size === 1 ? [...found][0]! : null;
};

const letter = (p: Partial<InboundLetter>): InboundLetter => ({
  messageId: "<m1@example.ru>",
  inReplyTo: null,
  references: [],
  from: { address: "maria@example.ru", name: "" },
  to: [`bilet@${DOMAIN}`],
  envelopeFrom: "maria@example.ru",
  subject: "",
  text: "",
  attachments: [],
  automatic: false,
  receivedAt: new Date(0),
  ...p,
});

describe("stripQuotesAndSignature", () => {
  it("cuts Gmail's English «On … wrote:» (also wrapped over two lines) and the quote below it", () => {
    expect(stripQuotesAndSignature("Thanks, it worked.\n\nOn Wed, Mar 13, 2024 at 10:15 AM Bilet <bilet@bilet.test> wrote:\n> Hello\n> text")).toBe("Thanks, it worked.");
    expect(stripQuotesAndSignature("Спасибо!\n\nOn Wed, Mar 13, 2024 at 10:15 AM Билет в будущее <\nbilet@bilet.test> wrote:\n\n> Здравствуйте")).toBe("Спасибо!");
  });

  it("cuts Russian headers of Thunderbird, Apple Mail, Yandex, Mail.ru and Gmail, even when the quote has no «>»", () => {
    const headers = [
      "13.03.2024 10:15, Билет в будущее пишет:",
      "13 марта 2024 г., в 10:15, Билет в будущее <bilet@bilet.test> написал(а):",
      "13.03.2024, 10:15, \"Билет в будущее\" <bilet@bilet.test>:",
      "Среда, 13 марта 2024, 10:15 +03:00 от Билет в будущее <bilet@bilet.test>:",
      "ср, 13 мар. 2024 г. в 10:15, Билет в будущее <bilet@bilet.test>:",
    ];
    for (const header of headers) {
      expect(stripQuotesAndSignature(`Регион: Татарстан\n\n${header}\nЗдравствуйте! В обращении не хватает региона.`)).toBe("Регион: Татарстан");
    }
  });

  it("keeps an answer written below or between quoted lines", () => {
    const text = "13.03.2024 10:15, Билет в будущее пишет:\n> Из какого вы региона?\nИз Казани.\n> Как к вам обращаться?\nИванова Мария";
    expect(stripQuotesAndSignature(text)).toBe("Из Казани.\nИванова Мария");
  });

  it("cuts an Outlook block in English and Russian", () => {
    expect(stripQuotesAndSignature("Понятно, спасибо.\n\n-----Original Message-----\nFrom: Bilet\nSent: Wednesday\nSubject: x\n\nold")).toBe("Понятно, спасибо.");
    expect(stripQuotesAndSignature("Понятно.\n________________________________\nОт: Билет в будущее <bilet@bilet.test>\nОтправлено: 13 марта 2024 г. 10:15\nКому: maria@example.ru\nТема: Обращение\n\nстарое")).toBe("Понятно.");
    expect(stripQuotesAndSignature("Ок.\n\nОт: Билет в будущее <bilet@bilet.test>\nДата: 13.03.2024\nстарое")).toBe("Ок.");
  });

  it("removes the signature after «-- » and mobile signatures", () => {
    expect(stripQuotesAndSignature("Не приходит письмо.\n\n-- \nМария Иванова\n+7 900 000-00-00")).toBe("Не приходит письмо.");
    expect(stripQuotesAndSignature("Не приходит письмо.\n--\nМ. И.")).toBe("Не приходит письмо.");
    expect(stripQuotesAndSignature("Не приходит письмо.\n\nОтправлено с iPhone")).toBe("Не приходит письмо.");
    expect(stripQuotesAndSignature("Не приходит письмо.\n\nSent from my iPhone")).toBe("Не приходит письмо.");
    expect(stripQuotesAndSignature("Не приходит письмо.\n\nОтправлено из мобильной Почты Mail.ru")).toBe("Не приходит письмо.");
    expect(stripQuotesAndSignature("Отправлено из школы заявление, ответа нет.")).toBe("Отправлено из школы заявление, ответа нет.");
  });

  it("keeps a forwarded letter, which is the content itself", () => {
    const text = "Вот что пришло:\n\n-------- Пересылаемое сообщение --------\n13.03.2024, 10:15, \"Школа\" <school@example.ru>:\nВаш ребёнок записан на пробу.";
    expect(stripQuotesAndSignature(text)).toBe(text);
  });

  it("keeps ordinary text with colons, dates and dashes", () => {
    const text = "Вопрос: когда начнутся пробы?\nЗаписались 13.03.2024 - ответа нет.\nСын пишет:\nне могу войти в кабинет\n-- не знаем, что делать";
    expect(stripQuotesAndSignature(text)).toBe(text);
  });
});

describe("cleanSubject", () => {
  it("strips reply and forward prefixes in Russian and English clients' styles", () => {
    expect(cleanSubject("Re: Не приходит письмо")).toBe("Не приходит письмо");
    expect(cleanSubject("  RE: Fwd: FW:  Вопрос  о пробах ")).toBe("Вопрос о пробах");
    expect(cleanSubject("Ответ: Отв: Пересл: Re[2]: Вопрос")).toBe("Вопрос");
    expect(cleanSubject("Re(3): Re^2: Вопрос")).toBe("Вопрос");
    expect(cleanSubject("Регион: Москва")).toBe("Регион: Москва");
    expect(cleanSubject("Reality check")).toBe("Reality check");
  });
});

describe("fullNameFromDisplayName", () => {
  it("takes two or three capitalised words in one script", () => {
    expect(fullNameFromDisplayName("Иванова Мария")).toBe("Иванова Мария");
    expect(fullNameFromDisplayName("Петров-Водкин Кузьма Сергеевич")).toBe("Петров-Водкин Кузьма Сергеевич");
    expect(fullNameFromDisplayName('"Ivanova Maria"')).toBe("Ivanova Maria");
    expect(fullNameFromDisplayName("ИВАНОВА МАРИЯ")).toBe("Иванова Мария");
    expect(fullNameFromDisplayName("Maria O'Brien")).toBe("Maria O'Brien");
  });

  it("refuses what does not look like a person", () => {
    for (const name of ["Мария", "мария иванова", "Ivanova Мария", "Иванова Мария Петровна Сидорова", "Mail Delivery Subsystem", "Школа Номер", "Мама Маши", "maria@example.ru", "Школа 5", ""]) {
      expect(fullNameFromDisplayName(name)).toBeNull();
    }
  });
});

describe("requestDraftFromLetter", () => {
  it("fills email, name, subject, text and region from a letter", () => {
    const draft = requestDraftFromLetter(
      letter({ from: { address: "Maria@Example.RU", name: "Иванова Мария" }, subject: "Re: Не приходит письмо активации", text: "Живу в Казани, письмо не пришло.\n\n-- \nМария" }),
      { parseRegion },
    );
    expect(draft).toEqual({ email: "maria@example.ru", fullName: "Иванова Мария", subject: "Не приходит письмо активации", text: "Живу в Казани, письмо не пришло.", regionCode: "16" });
  });

  it("reads a labelled answer to the missing-fields reply and ignores our quoted letter", () => {
    const answer = letter({
      from: { address: "maria@example.ru", name: "mashka" },
      subject: `Re: Re: ${PLACEHOLDER_SUBJECT}`,
      text: "Регион: Москва\nФамилия и имя: иванова мария\nТема: Пробы\n\n13.03.2024 10:15, Билет в будущее пишет:\n> Регион: …\n> например «Республика Татарстан»",
    });
    expect(requestDraftFromLetter(answer, { parseRegion })).toMatchObject({ fullName: "Иванова Мария", subject: "Пробы", regionCode: "77" });
  });

  it("leaves what it cannot tell empty", () => {
    const draft = requestDraftFromLetter(letter({ from: { address: "x@example.ru", name: "Support Team" }, subject: "Re: ", text: "> только цитата" }), { parseRegion });
    expect(draft).toEqual({ email: "x@example.ru", fullName: null, subject: null, text: null, regionCode: null });
    // Two regions named: ask rather than guess; no parser: no region.
    expect(requestDraftFromLetter(letter({ text: "Переехали из Москвы в Казань." }), { parseRegion }).regionCode).toBeNull();
    expect(requestDraftFromLetter(letter({ text: "Я из Казани." })).regionCode).toBeNull();
  });
});

describe("threading", () => {
  it("builds our Message-IDs and reply addresses and recognises them", () => {
    const id = replyMessageId(REQUEST_ID.toUpperCase(), 3, "Bilet.Test");
    expect(id).toBe(`<request-${REQUEST_ID}.3@bilet.test>`);
    expect(threadKeyOf(letter({ inReplyTo: id }), DOMAIN)).toEqual({ via: "message-id", requestId: REQUEST_ID, n: 3 });
    // A client that keeps only References (newest last) still threads.
    expect(threadKeyOf(letter({ references: ["<x@example.ru>", id, "<y@example.ru>"] }), DOMAIN)).toEqual({ via: "message-id", requestId: REQUEST_ID, n: 3 });
    const address = replyAddress("f00dcafe12345678", DOMAIN);
    expect(address).toBe("requests+f00dcafe12345678@bilet.test");
    expect(threadKeyOf(letter({ to: ["bilet@bilet.test", address.replace("bilet.test", "BILET.TEST")], inReplyTo: id }), DOMAIN)).toEqual({ via: "reply-address", token: "f00dcafe12345678" });
  });

  it("ignores ids and addresses of other domains and malformed ones", () => {
    const foreign = `<request-${REQUEST_ID}.1@evil.example>`;
    expect(threadKeyOf(letter({ inReplyTo: foreign, to: [`requests+f00dcafe12345678@evil.example`] }), DOMAIN)).toBeNull();
    expect(threadKeyOf(letter({ inReplyTo: foreign }))).toMatchObject({ requestId: REQUEST_ID });
    expect(threadKeyOf(letter({ inReplyTo: "<request-123.1@bilet.test>", to: ["requests+short@bilet.test"] }), DOMAIN)).toBeNull();
    expect(threadKeyOf(letter({}), DOMAIN)).toBeNull();
    expect(() => replyMessageId("not-a-uuid", 1, DOMAIN)).toThrow();
    expect(() => replyAddress("a b", DOMAIN)).toThrow();
  });
});

// «вы»-forms are used; «ты»-forms and «(а)» are not.
const ty = /(?<![а-яё])(ты|тебя|тебе|твой|твоё|твои|твоего|твоей)(?![а-яё])/iu;

describe("automatic replies", () => {
  const missing = [
    { field: "regionCode", question: "Из какого вы региона (субъекта РФ)?" },
    { field: "fullName", question: "Как к вам обращаться? Напишите, пожалуйста, фамилию и имя." },
  ];

  it("lists what is missing and asks to answer this letter", () => {
    const reply = missingFieldsReply({ subject: "Re: Не приходит письмо", missing, inReplyTo: "<m1@example.ru>", references: ["<m0@example.ru>"] });
    expect(reply.subject).toBe("Re: Не приходит письмо");
    expect(reply.text).toContain("Здравствуйте!");
    expect(reply.text).toContain("— Из какого вы региона (субъекта РФ)?");
    expect(reply.text).toContain("— Как к вам обращаться?");
    expect(reply.text).toContain("ответьте на это письмо");
    expect(reply.text).toContain("Регион: …\nФамилия и имя: …");
    expect(reply.text).not.toContain("(а)");
    expect(reply.text).not.toMatch(ty);
    expect(reply.text).not.toContain("Вложения");
    expect(reply.headers).toEqual({ "Auto-Submitted": "auto-replied", "In-Reply-To": "<m1@example.ru>", References: "<m0@example.ru> <m1@example.ru>" });
    expect(reply.html).toContain("<p>Здравствуйте!</p>");
    expect(reply.template).toBe("request_missing_fields");
  });

  it("escapes the HTML body and names a subject when the letter had none", () => {
    const reply = missingFieldsReply({ subject: "", missing: [{ field: "text", question: "Опишите <b>суть</b>" }], attachmentsNotKept: 1 });
    expect(reply.subject).toBe(`Re: ${PLACEHOLDER_SUBJECT}`);
    expect(reply.html).toContain("&lt;b&gt;суть&lt;/b&gt;");
    expect(reply.text).toContain("Вложения к письмам мы не сохраняем");
    expect(reply.headers).toEqual({ "Auto-Submitted": "auto-replied" });
  });

  it("acknowledges a complete request with its number", () => {
    const reply = acknowledgementReply({ subject: "Fwd: Вопрос о пробах", requestNumber: 1024 });
    expect(reply.subject).toBe("Re: Вопрос о пробах");
    expect(reply.text).toContain("Обращение № 1024 принято.");
    expect(reply.text).not.toContain("(а)");
    expect(reply.text).not.toMatch(ty);
  });
});
