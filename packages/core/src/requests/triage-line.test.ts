import { describe, expect, it } from "vitest";
import { triageLine } from "./triage-line.ts";

describe("triageLine", () => {
  it("decides a well-formed line", () => {
    expect(triageLine('{"id":"a1","text":"Как дать согласие на обработку данных?","previous":[{"text":"Как дать согласие на обработку данных?","resolved":true}]}', 1)).toEqual({
      id: "a1",
      decision: "repeat",
      rule: "repeat.similarity",
      explanation: expect.stringMatching(/^Повтор/),
    });
    expect(triageLine('{"id":7,"text":"Как войти через Госуслуги?"}', 2)).toMatchObject({ id: 7, decision: "accept" });
  });

  it("reports lines it cannot read, keeping the id when there is one", () => {
    expect(triageLine("{oops", 3)).toEqual({ id: null, error: "Строка 3: это не JSON" });
    expect(triageLine("[1,2]", 4)).toMatchObject({ id: null, error: expect.any(String) });
    expect(triageLine('{"id":"x"}', 5)).toEqual({ id: "x", error: "Нет поля text (строка)" });
    expect(triageLine('{"id":"y","text":"Вопрос?","previous":[{"text":1}]}', 6)).toMatchObject({ id: "y", error: expect.any(String) });
    expect(triageLine('{"id":"z","text":"Вопрос?","previous":"нет"}', 7)).toMatchObject({ id: "z", error: expect.any(String) });
  });
});
