import type { RenderedEmail } from "./templates.ts";

/**
 * Letters about notifications: one notice (a decision, sent at once) or a
 * digest of several that came within a few minutes. Students read «ты»,
 * everyone else «вы» (docs/style-russian.md).
 */

export type NoticeAddressee = "student" | "parent" | "mentor" | "staff";

export interface NoticeLetterItem {
  title: string;
  /** Paragraphs of the notice. */
  text: string[];
  /** The trial's facts, one per line («Когда: …»). */
  facts: string[];
  /** The button: a plain link into the cabinet (signing in first if needed; it grants nothing). */
  action: { label: string; url: string } | null;
}

export interface NoticeLetterInput {
  addressee: NoticeAddressee;
  firstName: string;
  /** Where the person chooses what comes by email. */
  settingsUrl: string;
  /** Signed links that switch one kind's letters off, for informational kinds in this letter. */
  unsubscribe: { label: string; url: string }[];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const BUTTON = "display:inline-block;padding:10px 18px;background:#2450d3;color:#fff;border-radius:6px;text-decoration:none";

function greeting(p: NoticeLetterInput): string {
  return p.addressee === "student" ? `Привет, ${p.firstName}!` : `Здравствуйте, ${p.firstName}!`;
}

// Neutral wording: the same for «ты» and «вы».
function footer(p: NoticeLetterInput): string {
  return `Это письмо отправлено платформой «Билет в будущее». Какие уведомления приходят на почту, можно выбрать в кабинете: ${p.settingsUrl}`;
}

function unsubscribeLines(p: NoticeLetterInput): string[] {
  return p.unsubscribe.map((u) => `Не присылать мне письма «${u.label}»: ${u.url}`);
}

function itemText(item: NoticeLetterItem, withTitle: boolean): string[] {
  return [
    ...(withTitle ? [item.title] : []),
    ...item.text,
    ...(item.facts.length > 0 ? [item.facts.join("\n")] : []),
    ...(item.action ? [`${item.action.label}: ${item.action.url}`] : []),
  ];
}

function itemHtml(item: NoticeLetterItem, withTitle: boolean): string {
  return [
    withTitle ? `<h2 style="font-size:18px;margin:24px 0 8px">${escapeHtml(item.title)}</h2>` : "",
    ...item.text.map((t) => `<p>${escapeHtml(t)}</p>`),
    item.facts.length > 0 ? `<ul style="padding-left:20px">${item.facts.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>` : "",
    item.action
      ? `<p><a href="${escapeHtml(item.action.url)}" style="${BUTTON}">${escapeHtml(item.action.label)}</a></p><p style="font-size:13px;color:#555">Если кнопка не работает, скопируйте ссылку в адресную строку: ${escapeHtml(item.action.url)}</p>`
      : "",
  ].join("");
}

function letter(template: string, subject: string, p: NoticeLetterInput, intro: string[], items: NoticeLetterItem[]): RenderedEmail {
  const withTitles = items.length > 1;
  const text = [greeting(p), ...intro, ...items.flatMap((i) => itemText(i, withTitles)), "", "—", footer(p), ...unsubscribeLines(p)].join("\n\n");
  const html = [
    `<!doctype html><html lang="ru"><body style="font-family:Arial,sans-serif;line-height:1.5;color:#1d2330">`,
    `<p>${escapeHtml(greeting(p))}</p>`,
    ...intro.map((t) => `<p>${escapeHtml(t)}</p>`),
    ...items.map((i) => itemHtml(i, withTitles)),
    `<hr><p style="font-size:12px;color:#777">${escapeHtml(footer(p))}</p>`,
    ...p.unsubscribe.map(
      (u) => `<p style="font-size:12px;color:#777"><a href="${escapeHtml(u.url)}" style="color:#777">Не присылать мне письма «${escapeHtml(u.label)}»</a></p>`,
    ),
    `</body></html>`,
  ].join("");
  return { template, subject, text, html };
}

export const noticeEmails = {
  /** One notice in a letter of its own. */
  notice: (p: NoticeLetterInput & { type: string; item: NoticeLetterItem }) =>
    letter(`notice:${p.type}`, `${p.item.title} — «Билет в будущее»`, p, [], [p.item]),
  /** Several notices that came within a few minutes, in one letter. */
  digest: (p: NoticeLetterInput & { items: NoticeLetterItem[] }) =>
    letter(
      "notice_digest",
      `Новые уведомления (${p.items.length}) — «Билет в будущее»`,
      p,
      [p.addressee === "student" ? `В твоём кабинете новые уведомления: ${p.items.length}.` : `В вашем кабинете новые уведомления: ${p.items.length}.`],
      p.items,
    ),
} satisfies Record<string, (p: never) => RenderedEmail>;
