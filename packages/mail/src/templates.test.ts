import { describe, expect, it } from "vitest";
import { emails } from "./templates.ts";

// «вы», «вас», «ваш…» or an imperative in «-ите» (Cyrillic letters are not \w, so no \b here).
const vy = /(?<![а-яё])(вы|вас|вам|ваш[а-яё]*)(?![а-яё])|[а-яё]ите(?![а-яё])/iu;

describe("emails speak to students with «ты» and to parents with «вы»", () => {
  it("activation, password reset and password change", () => {
    const student = [
      emails.activation({ firstName: "Пётр", url: "http://x/activate", hoursValid: 48, role: "student" }),
      emails.passwordReset({ firstName: "Пётр", url: "http://x/reset", minutesValid: 60, role: "student" }),
      emails.passwordChanged({ firstName: "Пётр", role: "student" }),
    ];
    for (const letter of student) {
      expect(letter.text).toContain("Привет, Пётр!");
      expect(letter.subject + letter.text.split("\n\n—")[0]).not.toMatch(vy);
    }
    const parent = emails.activation({ firstName: "Ольга", url: "http://x/activate", hoursValid: 48, role: "parent" });
    expect(parent.text).toContain("Здравствуйте, Ольга!");
    expect(parent.text).toContain("откройте ссылку");
  });

  it("the invitation to a child", () => {
    const letter = emails.familyInvitation({ inviterName: "Ольга Иванова", inviteeRole: "student", url: "http://x/invite", daysValid: 7 });
    expect(letter.subject + letter.text.split("\n\n—")[0]).not.toMatch(vy);
  });
});
