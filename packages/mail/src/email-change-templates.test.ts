import { describe, expect, it } from "vitest";
import { emails } from "./templates.ts";

// «вы», «вас», «ваш…» or an imperative in «-ите» (Cyrillic letters are not \w, so no \b here).
const vy = /(?<![а-яё])(вы|вас|вам|ваш[а-яё]*)(?![а-яё])|[а-яё]ите(?![а-яё])/iu;
const body = (letter: { subject: string; text: string }) => letter.subject + letter.text.split("\n\n—")[0];

describe("email change letters", () => {
  it("send the one-time link to the new address, with its validity, in the reader's voice", () => {
    const parent = emails.emailChangeConfirm({ firstName: "Ольга", url: "http://x/account/email/confirm?token=abc", hoursValid: 48, role: "parent" });
    expect(parent.template).toBe("email_change_confirm");
    expect(parent.text).toContain("Здравствуйте, Ольга!");
    expect(parent.text).toContain("Ссылка действует 48 ч. и работает один раз");
    expect(parent.text).toContain("Подтвердить адрес: http://x/account/email/confirm?token=abc");
    expect(parent.html).toContain('href="http://x/account/email/confirm?token=abc"');

    const student = emails.emailChangeConfirm({ firstName: "Пётр", url: "http://x/c", hoursValid: 48, role: "student" });
    expect(student.text).toContain("Привет, Пётр!");
    expect(body(student)).not.toMatch(vy);
    const attach = emails.emailChangeConfirm({ firstName: "Пётр", url: "http://x/c", hoursValid: 48, role: "student", attach: true });
    expect(attach.text).toContain("логин тоже останется");
    expect(body(attach)).not.toMatch(vy);
  });

  it("tell the old address that a change was requested and, later, that it was made, naming the new address", () => {
    const requested = emails.emailChangeRequested({ firstName: "Ольга", newEmail: "new@example.ru", role: "parent" });
    expect(requested.template).toBe("email_change_requested");
    expect(requested.text).toContain("запрошена смена адреса электронной почты на new@example.ru");
    expect(requested.text).not.toMatch(/token=/);
    const changed = emails.emailChanged({ firstName: "Ольга", newEmail: "new@example.ru", role: "parent" });
    expect(changed.template).toBe("email_changed");
    expect(changed.text).toContain("изменён на new@example.ru");

    for (const letter of [emails.emailChangeRequested({ firstName: "Пётр", newEmail: "n@example.ru", role: "student" }), emails.emailChanged({ firstName: "Пётр", newEmail: "n@example.ru", role: "student" })]) {
      expect(letter.text).toContain("Привет, Пётр!");
      expect(body(letter)).not.toMatch(vy);
    }
  });

  it("escape the address in the HTML body", () => {
    expect(emails.emailChanged({ firstName: "Ольга", newEmail: "<b>@example.ru", role: "parent" }).html).toContain("&lt;b&gt;@example.ru");
  });
});
