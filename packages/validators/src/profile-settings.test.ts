import { describe, expect, it } from "vitest";
import { isUnder14On } from "./child-accounts.ts";
import { fieldErrors } from "./form-errors.ts";
import { emailChangeInput, nameSettingsInput, parentSettingsInput, sessionHandleInput, studentSettingsInput, turns14On } from "./profile-settings.ts";

const student = { lastName: "Иванов", firstName: "Пётр", middleName: "", regionCode: "77", school: "Школа № 57", grade: "8" };

describe("profile settings inputs", () => {
  it("take a student's name, region, school and grade, with an emptied patronymic removed", () => {
    expect(studentSettingsInput.parse(student)).toEqual({ lastName: "Иванов", firstName: "Пётр", middleName: undefined, regionCode: "77", school: "Школа № 57", grade: 8 });
  });

  it("refuse a grade outside 6–11, an unknown region and an empty name, each on its field in Russian", () => {
    const result = studentSettingsInput.safeParse({ ...student, grade: "12", regionCode: "00", firstName: "  " });
    expect(fieldErrors(result.error!)).toEqual({
      grade: "В проекте участвуют школьники 6–11 классов",
      regionCode: "Выберите субъект Российской Федерации из списка",
      firstName: "Укажите имя",
    });
    expect(fieldErrors(studentSettingsInput.safeParse({ ...student, grade: "5" }).error!).grade).toBe("В проекте участвуют школьники 6–11 классов");
    expect(fieldErrors(studentSettingsInput.safeParse({ ...student, school: "" }).error!).school).toBe("Укажите школу: название или номер");
  });

  it("give a parent the region and mentors and staff the name only", () => {
    expect(parentSettingsInput.parse({ lastName: "Иванова", firstName: "Ольга", regionCode: "50", grade: "7" })).toEqual({ lastName: "Иванова", firstName: "Ольга", middleName: undefined, regionCode: "50" });
    expect(fieldErrors(nameSettingsInput.safeParse({ lastName: "Smith1", firstName: "Анна" }).error!)).toEqual({
      lastName: "Поле «Фамилия» может содержать только буквы, пробел, дефис и апостроф",
    });
  });

  it("take a new email lower-cased and explain a wrong one", () => {
    expect(emailChangeInput.parse({ email: " New.Address@Example.RU " })).toEqual({ email: "new.address@example.ru" });
    expect(fieldErrors(emailChangeInput.safeParse({ email: "new@" }).error!).email).toMatch(/^Проверьте адрес электронной почты/);
  });

  it("accept only a session handle, never anything else", () => {
    expect(sessionHandleInput.safeParse({ session: "0123456789abcdef0123456789abcdef" }).success).toBe(true);
    expect(sessionHandleInput.safeParse({ session: "x'; drop table sessions" }).error?.issues[0]?.message).toBe("Сеанс не найден");
  });
});

describe("the day a child turns 14", () => {
  it("is the 14th birthday, the first day the age rule says «not under 14»", () => {
    expect(turns14On("2012-11-25")).toBe("2026-11-25");
    expect(isUnder14On("2012-11-25", "2026-11-24")).toBe(true);
    expect(isUnder14On("2012-11-25", turns14On("2012-11-25"))).toBe(false);
  });

  it("is 1 March for a child born on 29 February when that year has none, as the age rule counts it", () => {
    expect(turns14On("2012-02-29")).toBe("2026-03-01");
    expect(isUnder14On("2012-02-29", "2026-02-28")).toBe(true);
    expect(isUnder14On("2012-02-29", "2026-03-01")).toBe(false);
    expect(turns14On("2010-02-28")).toBe("2024-02-28");
  });
});
