import { describe, expect, it } from "vitest";
import { ageOn, email, parentRegistrationInput, password, studentBirthDate } from "./accounts.ts";
import { fieldErrors } from "./form-errors.ts";
import { REGIONS, regionName } from "./regions.ts";

describe("account inputs", () => {
  it("normalises an email and explains a wrong one in Russian", () => {
    expect(email.parse("  Ivan.Petrov@Example.RU ")).toBe("ivan.petrov@example.ru");
    expect(email.safeParse("ivan@").error?.issues[0]?.message).toMatch(/^Проверьте адрес электронной почты/);
    expect(email.safeParse("").error?.issues[0]?.message).toBe("Укажите адрес электронной почты");
  });

  it("wants a password of 8+ characters with a letter and a digit", () => {
    expect(password.safeParse("пароль12").success).toBe(true);
    expect(password.safeParse("abc1").error?.issues[0]?.message).toBe("Пароль должен содержать не меньше 8 символов");
    expect(password.safeParse("abcdefgh").error?.issues[0]?.message).toBe("Пароль должен содержать хотя бы одну букву и одну цифру");
  });

  it("computes age on a date, counting the birthday", () => {
    expect(ageOn("2012-06-15", new Date("2026-06-14T12:00:00Z"))).toBe(13);
    expect(ageOn("2012-06-15", new Date("2026-06-15T12:00:00Z"))).toBe(14);
  });

  it("rejects impossible dates and ages outside school years", () => {
    expect(studentBirthDate.safeParse("2012-02-30").error?.issues[0]?.message).toBe("Такой даты не существует");
    expect(studentBirthDate.safeParse("15.05.2012").error?.issues[0]?.message).toBe("Укажите дату рождения в формате ДД.ММ.ГГГГ");
    const thisYear = new Date().getUTCFullYear();
    expect(studentBirthDate.safeParse(`${thisYear - 3}-01-01`).success).toBe(false);
    expect(studentBirthDate.safeParse(`${thisYear - 13}-01-01`).success).toBe(true);
  });

  it("gives the first message per field for a form", () => {
    const result = parentRegistrationInput.safeParse({ lastName: "Ivanov1", firstName: "", regionCode: "00", email: "x", password: "" });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual({
      lastName: "Поле «Фамилия» может содержать только буквы, пробел, дефис и апостроф",
      firstName: "Укажите имя",
      regionCode: "Выберите субъект Российской Федерации из списка",
      email: expect.stringMatching(/^Проверьте адрес/),
      password: "Пароль должен содержать не меньше 8 символов",
    });
  });

  it("knows every субъект by a unique two-digit code", () => {
    expect(new Set(REGIONS.map(([c]) => c)).size).toBe(REGIONS.length);
    expect(REGIONS.every(([c]) => /^\d{2}$/.test(c))).toBe(true);
    expect(regionName("78")).toBe("Санкт-Петербург");
    expect(regionName("00")).toBeUndefined();
  });
});
