import { z } from "zod";

/**
 * Russian messages for every check that has no message of its own, for the
 * whole platform (zod reads this global setting wherever a schema is parsed).
 * Written for a person filling a form, not in terms of JavaScript types.
 */
export const russianErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null || issue.input === "" ? "Заполните это поле" : "Неверное значение поля";
    case "too_big":
      if (issue.origin === "string") return `Слишком длинный текст: не больше ${String(issue.maximum)} символов`;
      if (issue.origin === "array" || issue.origin === "set") return `Слишком много элементов: не больше ${String(issue.maximum)}`;
      return `Слишком большое значение: не больше ${String(issue.maximum)}`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "Заполните это поле" : `Слишком короткий текст: не меньше ${String(issue.minimum)} символов`;
      if (issue.origin === "array" || issue.origin === "set") return `Слишком мало элементов: не меньше ${String(issue.minimum)}`;
      return `Слишком маленькое значение: не меньше ${String(issue.minimum)}`;
    case "invalid_value":
      return "Выберите значение из списка";
    case "invalid_format":
      return issue.format === "email" ? "Проверьте адрес электронной почты" : issue.format === "uuid" || issue.format === "guid" ? "Объект не найден" : "Неверный формат значения";
    case "not_multiple_of":
      return "Неверное значение поля";
    case "unrecognized_keys":
      return "Лишние поля в запросе";
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
      return "Неверное значение поля";
    default:
      return "Проверьте значение поля";
  }
};

z.config({ localeError: russianErrorMap });
