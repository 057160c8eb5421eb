import { describe, expect, it } from "vitest";
import { OPERATOR_DEFAULTS, parseEnv } from "./index.ts";

describe("the personal-data operator named in the consent text", () => {
  it("is configured by OPERATOR_NAME and OPERATOR_ADDRESS", () => {
    const env = parseEnv({ OPERATOR_NAME: "АНО «Профнавигатор»", OPERATOR_ADDRESS: "123456, г. Москва, ул. Примерная, д. 1" });
    expect(env.OPERATOR_NAME).toBe("АНО «Профнавигатор»");
    expect(env.OPERATOR_ADDRESS).toBe("123456, г. Москва, ул. Примерная, д. 1");
  });

  it("defaults to placeholders that say they must be set", () => {
    const env = parseEnv({});
    expect(env.OPERATOR_NAME).toBe(OPERATOR_DEFAULTS.name);
    expect(env.OPERATOR_NAME).toContain("укажите OPERATOR_NAME");
    expect(env.OPERATOR_ADDRESS).toContain("укажите OPERATOR_ADDRESS");
  });
});
