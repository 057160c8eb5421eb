import { REGIONS } from "@bilet/validators";
import { describe, expect, it } from "vitest";
import { isFullName, missingFields, parseRegion, REQUEST_FIELD_QUESTIONS } from "./required-fields.ts";

describe("missingFields", () => {
  it("asks for every field of an empty request, in the order of the source document", () => {
    expect(missingFields({})).toEqual([
      { field: "regionCode", reason: "missing", question: "Из какого вы региона (субъекта РФ)?" },
      { field: "fullName", reason: "missing", question: REQUEST_FIELD_QUESTIONS.fullName },
      { field: "email", reason: "missing", question: REQUEST_FIELD_QUESTIONS.email },
      { field: "subject", reason: "missing", question: REQUEST_FIELD_QUESTIONS.subject },
      { field: "text", reason: "missing", question: REQUEST_FIELD_QUESTIONS.text },
    ]);
  });

  it("is empty for a complete request", () => {
    expect(
      missingFields({ regionCode: "16", fullName: "Иванова Мария", email: "Maria@Example.ru", subject: "Письмо активации", text: "Не приходит письмо активации, что делать?" }),
    ).toEqual([]);
  });

  it("asks again for what cannot be used, and treats blanks as missing", () => {
    const missing = missingFields({ regionCode: "00", fullName: "Мария", email: "maria@", subject: "  ", text: "Вопрос" });
    expect(missing.map((m) => [m.field, m.reason])).toEqual([
      ["regionCode", "invalid"],
      ["fullName", "invalid"],
      ["email", "invalid"],
      ["subject", "missing"],
      ["text", "invalid"],
    ]);
    expect(missing[2]!.question).toMatch(/name@example\.ru/);
  });

  it("takes a surname and a name with hyphens and apostrophes", () => {
    expect(isFullName("Салтыков-Щедрин Михаил")).toBe(true);
    expect(isFullName("д'Артаньян Шарль")).toBe(true);
    expect(isFullName("Маша")).toBe(false);
    expect(isFullName("Иванова 123")).toBe(false);
  });
});

describe("parseRegion", () => {
  it.each([
    ["Москва", "77"],
    ["из Москвы", "77"],
    ["г. Москва", "77"],
    ["московская обл", "50"],
    ["Московская область, г. Химки", "50"],
    ["Подмосковье", "50"],
    ["Татарстан", "16"],
    ["республика Татарстан", "16"],
    ["Мы из Казани", "16"],
    ["СПб", "78"],
    ["Питер", "78"],
    ["Санкт-Петербург", "78"],
    ["живём в Петербурге", "78"],
    ["Ленинградская обл.", "47"],
    ["Нижний Новгород", "52"],
    ["Великий Новгород", "53"],
    ["Новосибирская область", "54"],
    ["Новосибирск", "54"],
    ["Ростов-на-Дону", "61"],
    ["ХМАО", "86"],
    ["Ханты-Мансийский автономный округ — Югра", "86"],
    ["Ямало-Ненецкий АО", "89"],
    ["Ненецкий автономный округ", "83"],
    ["Республика Саха (Якутия)", "14"],
    ["Республика Коми", "11"],
    ["Республика Алтай", "04"],
    ["Алтайский край", "22"],
    ["Кузбасс", "42"],
    ["Крым", "91"],
    ["Севастополь", "92"],
    ["Краснодарский край", "23"],
    ["Чувашия", "21"],
    ["Северная Осетия — Алания", "15"],
    ["16", "16"],
    ["77 регион", "77"],
  ])("«%s» → %s", (text, code) => {
    expect(parseRegion(text)).toBe(code);
  });

  it("recognises every region by its own name", () => {
    for (const [code, name] of REGIONS) expect(parseRegion(name), name).toBe(code);
  });

  it("reads abbreviations as whole words only", () => {
    expect(parseRegion("Мы живём в НАО")).toBe("83");
    expect(parseRegion("из СПб")).toBe("78");
  });

  it.each(["", "не знаю", "Алтай", "Москва и Московская область", "Россия", "00", "кому писать?", "рост ребёнка 150 см", "Владимир Иванов", "Как записать сына на пробу по робототехнике?"])(
    "returns null for «%s»",
    (text) => {
      expect(parseRegion(text)).toBeNull();
    },
  );
});
