import { describe, expect, it } from "vitest";
import { isValidDay, isValidMoment } from "./date-input.ts";
import { normalizeTextInput, TextInputError } from "./text-input.ts";
import { parentRegistrationInput } from "./accounts.ts";
import { seasonInput, trialFilterInput } from "./trials.ts";

describe("text input", () => {
  it("stores decomposed letters in NFC, so a name typed with a combining mark is accepted", () => {
    const decomposed = "И\u0306ванова"; // «Й» typed as «И» + combining breve
    const input = normalizeTextInput({ lastName: decomposed, firstName: "Ольга", regionCode: "77", email: "a@b.ru", password: "parol2026" }) as Record<string, string>;
    expect(input.lastName).toBe("Йванова");
    expect(input.lastName).toHaveLength(7);
    expect(parentRegistrationInput.parse(input).lastName).toBe("Йванова");
  });

  it("refuses a lone surrogate instead of storing U+FFFD, naming the field", () => {
    const attempt = () => normalizeTextInput({ school: "Школа \uD800 №5" });
    expect(attempt).toThrow(TextInputError);
    try {
      attempt();
    } catch (error) {
      expect((error as TextInputError).field).toBe("school");
      expect((error as TextInputError).message).toMatch(/^Текст содержит недопустимые символы/);
    }
  });

  it("refuses NUL and other control characters, deep inside arrays and objects too", () => {
    expect(() => normalizeTextInput({ title: "Проба\u0000" })).toThrow(TextInputError);
    expect(() => normalizeTextInput({ ids: ["a", "b\u001b"] })).toThrow(TextInputError);
    expect(() => normalizeTextInput({ nested: { deeper: "\u007f" } })).toThrow(TextInputError);
  });

  it("keeps line breaks and tabs of multi-line text, and a surrogate pair", () => {
    expect(normalizeTextInput({ comment: "строка 1\r\nстрока 2\tи 🙂" })).toEqual({ comment: "строка 1\r\nстрока 2\tи 🙂" });
  });

  it("leaves numbers, booleans and null as they are", () => {
    expect(normalizeTextInput({ n: 5, b: true, z: null })).toEqual({ n: 5, b: true, z: null });
  });
});

describe("dates typed by people", () => {
  it("accepts only real calendar days within sane years", () => {
    expect(isValidDay("2025-09-01")).toBe(true);
    expect(isValidDay("2024-02-29")).toBe(true);
    expect(isValidDay("2025-02-31")).toBe(false);
    expect(isValidDay("2024-99-99")).toBe(false);
    expect(isValidDay("1999-12-31")).toBe(false);
    expect(isValidDay("9999-01-01")).toBe(false);
  });

  it("accepts only real moments with a zone", () => {
    expect(isValidMoment("2026-10-01T10:00:00+03:00")).toBe(true);
    expect(isValidMoment("2026-10-01T10:00Z")).toBe(true);
    expect(isValidMoment("+275760-09-13T00:00:00.000Z")).toBe(false);
    expect(isValidMoment("2026-10-01T25:00:00+03:00")).toBe(false);
    expect(isValidMoment("2026-10-01T10:00:00")).toBe(false);
  });

  it("gives the season form a Russian message for 31 February", () => {
    const result = seasonInput.safeParse({ registrationOpensOn: "2025-02-31", esiaOpensOn: "2025-07-01", trialsStartOn: "2025-09-01", trialsEndOn: "2025-11-30", recommendationsOn: "2025-11-01" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["registrationOpensOn"], message: "Такой даты нет: проверьте дату открытия регистрации" });
  });

  it("gives the catalogue filter a Russian message for 2024-99-99", () => {
    const result = trialFilterInput.safeParse({ from: "2024-99-99" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("Такой даты нет: проверьте дату «с»");
  });
});
