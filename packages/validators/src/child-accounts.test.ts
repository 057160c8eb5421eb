import { describe, expect, it } from "vitest";
import { loginInput, signInIdentifier } from "./accounts.ts";
import { childUnder14Input, isUnder14On, passwordChangeInput } from "./child-accounts.ts";
import { fieldErrors } from "./form-errors.ts";

describe("the age limit of a child's account", () => {
  it("13 years and 364 days is under 14; the 14th birthday is not", () => {
    expect(isUnder14On("2012-06-15", "2026-06-14")).toBe(true);
    expect(isUnder14On("2012-06-15", "2026-06-15")).toBe(false);
    expect(isUnder14On("2012-06-15", "2027-01-01")).toBe(false);
    expect(isUnder14On("2014-09-01", "2026-06-15")).toBe(true);
  });

  it("a child born on 29 February turns 14 on 1 March of a common year", () => {
    expect(isUnder14On("2012-02-29", "2026-02-28")).toBe(true);
    expect(isUnder14On("2012-02-29", "2026-03-01")).toBe(false);
  });
});

describe("the child form", () => {
  const form = { lastName: "Иванов", firstName: "Пётр", middleName: "", birthDate: "2014-05-20", grade: "6", regionCode: "", school: "Школа № 57" };

  it("takes the parent's region when none is chosen, and a grade from the form", () => {
    const parsed = childUnder14Input.parse(form);
    expect(parsed.regionCode).toBeUndefined();
    expect(parsed.grade).toBe(6);
    expect(parsed.middleName).toBeUndefined();
    expect(childUnder14Input.parse({ ...form, regionCode: "16" }).regionCode).toBe("16");
  });

  it("explains every wrong field in Russian", () => {
    const result = childUnder14Input.safeParse({ ...form, lastName: "Smith1", birthDate: "2014-02-30", grade: "5", regionCode: "00", school: "" });
    expect(fieldErrors(result.error!)).toEqual({
      lastName: "Поле «Фамилия» может содержать только буквы, пробел, дефис и апостроф",
      birthDate: "Такой даты не существует",
      grade: "В проекте участвуют школьники 6–11 классов",
      regionCode: "Выберите субъект Российской Федерации из списка",
      school: "Укажите школу: название или номер",
    });
  });
});

describe("sign-in by email or login", () => {
  it("lower-cases either and tells which is malformed", () => {
    expect(signInIdentifier.parse("  Ivanov4821 ")).toBe("ivanov4821");
    expect(signInIdentifier.parse("Ivan@Example.RU")).toBe("ivan@example.ru");
    expect(signInIdentifier.safeParse("ivan@").error?.issues[0]?.message).toMatch(/^Проверьте адрес электронной почты/);
    expect(signInIdentifier.safeParse("иванов").error?.issues[0]?.message).toMatch(/^Проверьте логин/);
    expect(signInIdentifier.safeParse("").error?.issues[0]?.message).toBe("Укажите электронную почту или логин");
  });

  it("takes `identifier`, and `email` from older callers", () => {
    expect(loginInput.parse({ identifier: "ivanov4821", password: "x" })).toEqual({ identifier: "ivanov4821", password: "x" });
    expect(loginInput.parse({ email: "a@b.ru", password: "x" })).toEqual({ identifier: "a@b.ru", password: "x" });
    const missing = loginInput.safeParse({ password: "x" });
    expect(fieldErrors(missing.error!)).toEqual({ identifier: "Укажите электронную почту или логин" });
  });
});

describe("a password change", () => {
  it("needs a good new password; the current one may be left out", () => {
    expect(passwordChangeInput.parse({ currentPassword: "", password: "novyi2026" })).toEqual({ currentPassword: undefined, password: "novyi2026" });
    expect(fieldErrors(passwordChangeInput.safeParse({ password: "short" }).error!)).toEqual({ password: "Пароль должен содержать не меньше 8 символов" });
  });
});
