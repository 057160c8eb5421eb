import { describe, expect, it } from "vitest";
import { noticeEmails, type NoticeLetterItem } from "./notice-letters.ts";

// «вы», «вас», «ваш…» or an imperative in «-ите» (Cyrillic letters are not \w, so no \b here).
const vy = /(?<![а-яё])(вы|вас|вам|ваш[а-яё]*)(?![а-яё])|[а-яё]ите(?![а-яё])/iu;

const approval: NoticeLetterItem = {
  title: "Ребёнок записался на пробу, подтвердите участие",
  text: ["Пётр Иванов: запись на профессиональную пробу «3D-печать»."],
  facts: ["Когда: 25 ноября 2026 г., 10:00 (мск), 90 мин.", "Где: очно: Москва, ул. Профсоюзная, 1.", "Наставник: Павел Кузнецов."],
  action: { label: "Подтвердить или отклонить участие", url: "https://bilet.example.ru/parent/children/s1#enrollment-e1" },
};
const common = { settingsUrl: "https://bilet.example.ru/settings/notifications", unsubscribe: [] };

describe("letters about notices", () => {
  it("a decision: the notice, the trial's facts on lines of their own, and a button into the cabinet", () => {
    const letter = noticeEmails.notice({ ...common, addressee: "parent", firstName: "Ольга", type: "trial.approval_requested", item: approval });
    expect(letter.template).toBe("notice:trial.approval_requested");
    expect(letter.subject).toBe("Ребёнок записался на пробу, подтвердите участие — «Билет в будущее»");
    expect(letter.text).toContain("Здравствуйте, Ольга!");
    expect(letter.text).toContain("Когда: 25 ноября 2026 г., 10:00 (мск), 90 мин.\nГде: очно: Москва, ул. Профсоюзная, 1.\nНаставник: Павел Кузнецов.");
    expect(letter.text).toContain("Подтвердить или отклонить участие: https://bilet.example.ru/parent/children/s1#enrollment-e1");
    expect(letter.html).toContain('<a href="https://bilet.example.ru/parent/children/s1#enrollment-e1"');
    expect(letter.html).toContain("<li>Наставник: Павел Кузнецов.</li>");
    // A decision carries no unsubscribe link; the settings page is named.
    expect(letter.text).not.toContain("Не присылать");
    expect(letter.text).toContain("https://bilet.example.ru/settings/notifications");
  });

  it("a digest: several notices with their titles, and one unsubscribe link per informational kind", () => {
    const login = (device: string): NoticeLetterItem => ({ title: "Новый вход в учётную запись", text: [`Выполнен вход с устройства: ${device}.`], facts: [], action: null });
    const letter = noticeEmails.digest({
      ...common,
      addressee: "student",
      firstName: "Пётр",
      items: [login("Chrome, Android"), login("Firefox, Windows")],
      unsubscribe: [{ label: "Новый вход в учётную запись", url: "https://bilet.example.ru/unsubscribe?u=1&k=sign_in&s=x" }],
    });
    expect(letter.template).toBe("notice_digest");
    expect(letter.subject).toBe("Новые уведомления (2) — «Билет в будущее»");
    expect(letter.text).toContain("Привет, Пётр!");
    expect(letter.text).toContain("В твоём кабинете новые уведомления: 2.");
    expect(letter.text.match(/^Новый вход в учётную запись$/gm)).toHaveLength(2);
    expect(letter.text).toContain("Не присылать мне письма «Новый вход в учётную запись»: https://bilet.example.ru/unsubscribe?u=1&k=sign_in&s=x");
    expect(letter.html).toContain('href="https://bilet.example.ru/unsubscribe?u=1&amp;k=sign_in&amp;s=x"');
    // A student's letter says «ты» throughout.
    expect(letter.subject + letter.text).not.toMatch(vy);
  });

  it("escapes what people typed in the HTML part", () => {
    const letter = noticeEmails.notice({
      ...common,
      addressee: "parent",
      firstName: "<b>Ольга</b>",
      type: "requests.answered",
      item: { title: "Ответ", text: ['<script>alert("x")</script>'], facts: [], action: null },
    });
    expect(letter.html).not.toContain("<script>");
    expect(letter.html).toContain("&lt;script&gt;");
    expect(letter.html).toContain("&lt;b&gt;Ольга&lt;/b&gt;");
  });
});
