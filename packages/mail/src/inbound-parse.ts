/**
 * Pure helpers for the email channel of user requests (обращения): what a
 * letter says about the request it starts or continues, how our replies are
 * addressed so that answers to them thread back, and the automatic replies.
 * No I/O here; the listener is in inbound.ts.
 */
import type { InboundLetter } from "./inbound.ts";

// ---------------------------------------------------------------- threading

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const UUID_RE = new RegExp(`^${UUID}$`, "i");
const MESSAGE_ID_RE = new RegExp(`<request-(${UUID})\\.(\\d{1,9})@([^<>\\s@]+)>`, "gi");
/**
 * Tokens are matched as written. Keep them lower-case (hex or base32): some
 * relays lower-case the local part of an address.
 */
const TOKEN_RE = /^[a-z0-9][a-z0-9_-]{7,127}$/i;
const REPLY_LOCAL_PART = "requests";

/**
 * The Message-ID of our n-th outgoing letter about a request:
 * `<request-<requestId>.<n>@<domain>>`. A reply carries it in In-Reply-To and
 * References, which is how `threadKeyOf` finds the request again.
 */
export function replyMessageId(requestId: string, n: number, domain: string): string {
  if (!UUID_RE.test(requestId)) throw new Error("replyMessageId: requestId must be a UUID");
  if (!Number.isSafeInteger(n) || n < 0) throw new Error("replyMessageId: n must be a non-negative integer");
  return `<request-${requestId.toLowerCase()}.${n}@${domain.toLowerCase()}>`;
}

/** A reply address carrying a request token: `requests+<token>@<domain>`. */
export function replyAddress(token: string, domain: string): string {
  if (!TOKEN_RE.test(token)) throw new Error("replyAddress: token must be 8–128 letters, digits, «-» or «_»");
  return `${REPLY_LOCAL_PART}+${token}@${domain.toLowerCase()}`;
}

export type ThreadKey =
  /** Found from In-Reply-To / References: one of our Message-IDs. */
  | { via: "message-id"; requestId: string; n: number }
  /** Found from a recipient `requests+<token>@domain`. */
  | { via: "reply-address"; token: string };

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/**
 * The request this letter answers, or null for a new request. A reply
 * address wins (it names the request exactly), then In-Reply-To, then
 * References from the newest id back. With `domain`, only ids and addresses
 * at that domain count.
 *
 * Headers can be forged, so a caller should also check that the sender is
 * the request's own address before adding the letter to it.
 */
export function threadKeyOf(letter: Pick<InboundLetter, "to" | "inReplyTo" | "references">, domain?: string): ThreadKey | null {
  const ours = (d: string) => !domain || d.toLowerCase() === domain.toLowerCase();
  for (const address of letter.to) {
    const at = address.lastIndexOf("@");
    if (at < 0 || !ours(domainOf(address))) continue;
    const local = address.slice(0, at);
    const plus = local.indexOf("+");
    if (plus < 0 || local.slice(0, plus).toLowerCase() !== REPLY_LOCAL_PART) continue;
    const token = local.slice(plus + 1);
    if (TOKEN_RE.test(token)) return { via: "reply-address", token };
  }
  const ids = [letter.inReplyTo ?? "", ...[...letter.references].reverse()];
  for (const header of ids) {
    for (const match of header.matchAll(MESSAGE_ID_RE)) {
      if (ours(match[3]!)) return { via: "message-id", requestId: match[1]!.toLowerCase(), n: Number(match[2]) };
    }
  }
  return null;
}

// ---------------------------------------------------------------- subject

/** «Re:», «RE[2]:», «Fwd:», «FW:», «Ответ:», «Отв:», «Пересл:», any number of them. */
const SUBJECT_PREFIX = /^\s*(?:re|fwd?|aw|ответ|отв|пересл(?:ано)?)\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]\s*/iu;

export function cleanSubject(subject: string): string {
  let s = subject.replace(/\s+/gu, " ").trim();
  for (let prev = ""; prev !== s; ) {
    prev = s;
    s = s.replace(SUBJECT_PREFIX, "");
  }
  return s.trim();
}

// ---------------------------------------------------------------- body

/**
 * A line that introduces a quoted letter: «On … wrote:», «… пишет:»,
 * «… написала:» and the like, and the date-and-address lines of Yandex, Mail.ru and
 * Russian Gmail («ср, 13 мар. 2024 г. в 10:15, Имя <a@b.ru>:»).
 */
function isQuoteHeader(line: string): boolean {
  const l = line.trim();
  // Every client puts a date or time in it; «Сын пишет:» above his own words is not a quote.
  if (!l.endsWith(":") || !/\d/u.test(l)) return false;
  if (/^on\s.+\swrote:$/iu.test(l)) return true;
  if (/(?:^|\s)(?:пишет|написал|написала|написал\(а\)|wrote):$/iu.test(l)) return true;
  return /<?[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>?\s*:$/u.test(l);
}

/** Where Outlook-style clients put the whole previous letter below, unquoted. */
function isOriginalMessageStart(lines: string[], i: number): boolean {
  const l = lines[i]!.trim();
  if (/^-{2,}\s*(?:original message|исходное сообщение)\s*-{2,}$/iu.test(l)) return true;
  if (/^_{10,}$/u.test(l)) return /^(?:from|от):\s/iu.test(lines[i + 1]?.trim() ?? "");
  if (!/^(?:from|от):\s.+/iu.test(l)) return false;
  return lines.slice(i + 1, i + 5).some((next) => /^(?:sent|date|отправлено|дата):\s/iu.test(next.trim()));
}

const FORWARD_MARKER = /^(?:-{2,}\s*(?:forwarded message|пересылаемое сообщение|перенаправленное сообщение|начало переадресованного сообщения)\s*-{2,}|begin forwarded message:|начало переадресованного сообщения:)$/iu;

/** «Sent from my iPhone», «Отправлено с iPhone», «Отправлено из мобильной Почты Mail.ru». */
const MOBILE_SIGNATURE =
  /^(?:sent from my \S+(?: \S+)?|get outlook for \S+|отправлено (?:с|из|со) (?:iphone|ipad|android|моего|мобильн|приложени|почты|яндекс|mail\.ru|samsung|huawei|xiaomi)[^,!?]{0,60})$/iu;

/**
 * The new part of a letter: quoted lines («>»), the «On … wrote:» header
 * with the quote below it, an Outlook «From: / Sent:» block and the
 * signature after «-- » are removed. When the quote header is followed by
 * «>» lines (bottom-posting or inline answers), only those lines go, so an
 * answer written below the quote is kept.
 */
export function stripQuotesAndSignature(text: string): string {
  const lines = text.replace(/\r\n?/gu, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    // A forwarded letter is the content itself: keep it whole.
    if (FORWARD_MARKER.test(trimmed)) {
      kept.push(...lines.slice(i).map((l) => l.replace(/\s+$/u, "")));
      break;
    }
    if (/^--\s*$/u.test(line)) break;
    if (isOriginalMessageStart(lines, i)) break;
    // Gmail wraps a long «On … wrote:» over two lines.
    const header = isQuoteHeader(line) ? 1 : /^on\s/iu.test(trimmed) && lines[i + 1] !== undefined && isQuoteHeader(`${trimmed} ${lines[i + 1]!.trim()}`) ? 2 : 0;
    if (header) {
      const next = lines.slice(i + header).find((l) => l.trim() !== "");
      if (next === undefined || !next.trimStart().startsWith(">")) break;
      i += header - 1;
      continue;
    }
    if (trimmed.startsWith(">")) continue;
    if (MOBILE_SIGNATURE.test(trimmed)) continue;
    kept.push(line.replace(/\s+$/u, ""));
  }
  return kept.join("\n").replace(/\n{3,}/gu, "\n\n").trim();
}

// ---------------------------------------------------------------- full name

/** Display names that are not a person: robots, services, organisations, «Мама Маши». */
const NOT_A_PERSON = new Set([
  "mail", "delivery", "subsystem", "system", "team", "support", "service", "services", "noreply", "no-reply", "reply",
  "admin", "administrator", "info", "mailer", "daemon", "postmaster", "robot", "notification", "notifications", "school",
  "robot", "bot", "office", "робот", "поддержка", "служба", "сервис", "отдел", "администрация", "администратор",
  "школа", "гимназия", "лицей", "колледж", "центр", "компания", "ооо", "оао", "ао", "ип", "семья", "мама", "папа",
  "бабушка", "дедушка", "уведомления", "рассылка", "почта", "mom", "dad", "family",
]);

function capitalize(word: string): string {
  return word
    .toLowerCase()
    .split("-")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("-");
}

/**
 * A display name that looks like «Фамилия Имя» or «Фамилия Имя Отчество»:
 * two or three capitalised words, all Cyrillic or all Latin, none of them a
 * service word. Names written in capitals are brought to «Иванова Мария».
 * The order of the words is kept: a display name may be «Имя Фамилия».
 */
export function fullNameFromDisplayName(name: string | null | undefined): string | null {
  const cleaned = (name ?? "").replace(/^["'«\s]+|["'»\s]+$/gu, "").replace(/\s+/gu, " ").trim();
  if (!cleaned || cleaned.includes("@")) return null;
  const words = cleaned.split(" ");
  if (words.length < 2 || words.length > 3) return null;
  const cyrillic = /^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$/u;
  const latin = /^(?:[A-Z]')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?$/u;
  const normal = words.map((w) => (w === w.toUpperCase() && w.length > 1 ? capitalize(w) : w));
  const script = normal.every((w) => cyrillic.test(w)) ? "cyr" : normal.every((w) => latin.test(w)) ? "lat" : null;
  if (!script) return null;
  if (normal.some((w) => NOT_A_PERSON.has(w.toLowerCase()))) return null;
  return normal.join(" ");
}

// ---------------------------------------------------------------- draft

export interface LetterRequestDraft {
  email: string | null;
  fullName: string | null;
  subject: string | null;
  /** The new text of the letter, without quotes and signature. */
  text: string | null;
  regionCode: string | null;
}

export interface DraftOptions {
  /** Region from free text; pass `parseRegion` from @bilet/core (mail may not import core). */
  parseRegion?: (text: string) => string | null;
}

/** «Регион: Татарстан», «Субъект РФ — Москва»: the value of a labelled line. */
function labelled(text: string, label: RegExp): string | null {
  for (const line of text.split("\n")) {
    const m = new RegExp(`^\\s*(?:${label.source})\\s*[:—–-]\\s*(.+)$`, "iu").exec(line);
    if (m) return m[1]!.trim();
  }
  return null;
}

const REGION_LABEL = /регион|субъект(?:\s+рф|\s+российской\s+федерации)?|область|край|республика/;
const NAME_LABEL = /фамилия\s+и\s+имя|фамилия,?\s+имя(?:,?\s+отчество)?|фио|ф\.и\.о\./;
const SUBJECT_LABEL = /тема(?:\s+обращения)?/;

/** The subject of our automatic reply when the user's letter had none; never a request's subject. */
export const PLACEHOLDER_SUBJECT = "Ваше обращение в проект «Билет в будущее»";

/**
 * What a letter fills of a request (the fields of RequestDraft in @bilet/core).
 * The region is looked for in a labelled line («Регион: …»), then in the
 * subject, then in the whole new text; `parseRegion` returns null when
 * several regions are named, so a letter about two regions asks for it.
 */
export function requestDraftFromLetter(
  letter: Pick<InboundLetter, "from" | "subject" | "text">,
  options: DraftOptions = {},
): LetterRequestDraft {
  const text = stripQuotesAndSignature(letter.text);
  const headerSubject = cleanSubject(letter.subject);
  const subject = cleanSubject(labelled(text, SUBJECT_LABEL) ?? "") || (headerSubject === PLACEHOLDER_SUBJECT ? "" : headerSubject);
  const email = letter.from.address.trim().toLowerCase() || null;
  const typedName = labelled(text, NAME_LABEL);
  const fullName = fullNameFromDisplayName(typedName && typedName.split(/\s+/u).map(capitalize).join(" ")) ?? fullNameFromDisplayName(letter.from.name);
  let regionCode: string | null = null;
  if (options.parseRegion) {
    const parse = options.parseRegion;
    const label = labelled(text, REGION_LABEL);
    regionCode = (label ? parse(label) : null) ?? (subject ? parse(subject) : null) ?? (text ? parse(text) : null);
  }
  return { email, fullName, subject: subject || null, text: text || null, regionCode };
}

// ---------------------------------------------------------------- replies

export interface AutoReply {
  template: string;
  subject: string;
  text: string;
  /** Plain paragraphs, escaped; the outbox stores an HTML body beside the text. */
  html: string;
  /**
   * Headers for the outgoing letter: `Auto-Submitted: auto-replied` (RFC 3834,
   * so vacation responders do not answer it) and threading to the letter
   * being answered. The caller adds `Message-ID` from `replyMessageId`.
   */
  headers: Record<string, string>;
}

export interface ReplyContext {
  /** The subject of the user's letter; «Re:» is added once. */
  subject: string;
  /** Message-ID of the user's letter, to thread the reply under it. */
  inReplyTo?: string | null;
  references?: readonly string[];
  /** How many attachments of the letter were not kept; the reply then asks to write it as text. */
  attachmentsNotKept?: number;
}

const FOOTER = "Это письмо отправлено автоматически платформой проекта «Билет в будущее».";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/gu, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function reply(template: string, ctx: ReplyContext, paragraphs: string[]): AutoReply {
  const base = cleanSubject(ctx.subject) || PLACEHOLDER_SUBJECT;
  const text = [...paragraphs, "—", FOOTER].join("\n\n");
  const html = [
    `<!doctype html><html lang="ru"><body style="font-family:Arial,sans-serif;line-height:1.5;color:#1d2330">`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/gu, "<br>")}</p>`),
    `<hr><p style="font-size:12px;color:#777">${escapeHtml(FOOTER)}</p></body></html>`,
  ].join("");
  const headers: Record<string, string> = { "Auto-Submitted": "auto-replied" };
  if (ctx.inReplyTo) {
    headers["In-Reply-To"] = ctx.inReplyTo;
    headers["References"] = [...(ctx.references ?? []).filter((r) => r !== ctx.inReplyTo), ctx.inReplyTo].join(" ");
  }
  return { template, subject: `Re: ${base}`, text, html, headers };
}

function attachmentsNote(ctx: ReplyContext): string[] {
  return ctx.attachmentsNotKept ? ["Вложения к письмам мы не сохраняем. Если в них было что-то важное для обращения, опишите это, пожалуйста, текстом в ответном письме."] : [];
}

/** The line a user can copy into the answer, for fields that have a short value. */
const ANSWER_LINES: Record<string, string> = {
  regionCode: "Регион: …",
  fullName: "Фамилия и имя: …",
  subject: "Тема: …",
};

/**
 * The automatic reply to a letter that lacks required fields. `missing` is
 * what `missingFields` of @bilet/core returns (field and question, in order).
 */
export function missingFieldsReply(p: ReplyContext & { missing: readonly { field: string; question: string }[] }): AutoReply {
  const list = p.missing.map((m) => `— ${m.question}`).join("\n");
  const form = p.missing.map((m) => ANSWER_LINES[m.field]).filter(Boolean);
  return reply("request_missing_fields", p, [
    "Здравствуйте!",
    "Спасибо за обращение в проект «Билет в будущее». Чтобы мы могли его рассмотреть, в нём не хватает некоторых сведений:",
    list,
    "Пожалуйста, ответьте на это письмо и напишите недостающее — ваше обращение дополнится, создавать новое не нужно. Тему письма и адрес получателя оставьте прежними."
      + (form.length ? " Удобнее всего с новой строки, например:" : ""),
    ...(form.length ? [form.join("\n")] : []),
    ...attachmentsNote(p),
  ]);
}

/** The automatic reply to a complete request. */
export function acknowledgementReply(p: ReplyContext & { requestNumber: string | number }): AutoReply {
  return reply("request_accepted", p, [
    "Здравствуйте!",
    `Обращение № ${p.requestNumber} принято. Мы ответим на адрес, с которого пришло ваше письмо; если вы зарегистрированы на платформе, ответ появится и в личном кабинете.`,
    "Если захотите что-то добавить, просто ответьте на это письмо: сообщение попадёт в то же обращение.",
    ...attachmentsNote(p),
  ]);
}
