import { z } from "zod";
import { pageInput } from "./pagination.ts";

const optionalText = (max: number, tooLong: string) => z.string().max(max, tooLong).optional().nullable();

export const faqQueryInput = z.object({ q: z.string().max(300, "Слишком длинный вопрос: не больше 300 символов").default("") });

/** What the bot has gathered so far; the server says which required fields are still missing. */
export const submitRequestInput = z.object({
  regionCode: optionalText(3, "Выберите субъект РФ из списка"),
  fullName: optionalText(120, "Слишком длинное имя"),
  email: optionalText(254, "Слишком длинный адрес"),
  subject: optionalText(200, "Слишком длинная тема: не больше 200 символов"),
  text: optionalText(5000, "Слишком длинное обращение: не больше 5000 символов"),
  channel: z.literal("chat").default("chat"),
});

export const requestStatuses = ["new", "in_progress", "answered", "unanswered", "closed"] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export const triageDecisions = ["accept", "foreign_language", "obscene_or_insult", "threat", "secret", "no_question", "repeat"] as const;
export type TriageDecision = (typeof triageDecisions)[number];

// The names people see, in one place for the server's answers and the pages' filters.
export const REQUEST_STATUS_NAMES: Record<RequestStatus, string> = {
  new: "новое",
  in_progress: "в работе",
  answered: "отвечено",
  unanswered: "оставлено без ответа",
  closed: "закрыто",
};

/** Russian labels for staff screens and for the reason shown to the user. */
export const TRIAGE_DECISION_LABELS: Record<TriageDecision, string> = {
  accept: "Принято к рассмотрению",
  foreign_language: "На иностранном языке",
  obscene_or_insult: "Нецензурные или оскорбительные выражения",
  threat: "Угрозы жизни или здоровью",
  secret: "Ответ раскрыл бы охраняемую законом тайну",
  no_question: "Нет конкретного вопроса",
  repeat: "Повтор решённого вопроса без новой информации",
};

export const REQUEST_CHANNEL_NAMES = { chat: "чат-бот", email: "почта" } as const;

/** The required fields of a request (the source document's list) and how forms and the bot label them. */
export const REQUEST_FIELD_LABELS = {
  regionCode: "Субъект РФ",
  fullName: "Фамилия и имя",
  email: "Электронная почта",
  subject: "Тема обращения",
  text: "Суть обращения",
} as const;

export const requestQueueInput = z
  .object({
    status: z.enum(requestStatuses).optional(),
    channel: z.enum(["chat", "email"]).optional(),
    regionCode: z.string().max(3).optional(),
    decision: z.enum(triageDecisions).optional(),
    /** Words of the subject (тема), case-insensitive. */
    topic: z.string().trim().max(100, "Слишком длинная тема для поиска").optional(),
    ...pageInput,
  })
  .default({});

export const requestIdInput = z.object({ id: z.uuid({ error: "Обращение не найдено" }) });

export const decideRequestInput = requestIdInput.extend({
  decision: z.enum(triageDecisions, { error: "Выберите решение" }),
  reason: z.string({ error: "Укажите причину решения" }).trim().min(3, "Укажите причину решения").max(1000, "Слишком длинная причина"),
});

export const replyRequestInput = requestIdInput.extend({
  text: z.string({ error: "Напишите ответ" }).trim().min(2, "Напишите ответ").max(5000, "Слишком длинный ответ: не больше 5000 символов"),
});
