import { describe, expect, it } from "vitest";
import { formFields } from "./forms";

describe("formFields", () => {
  it("reads the string fields of a form", async () => {
    const request = new Request("http://127.0.0.1/login", { method: "POST", body: new URLSearchParams({ email: "a@b.ru", password: "x" }) });
    expect(await formFields(request)).toEqual({ email: "a@b.ru", password: "x" });
  });

  it("treats a body that is no form as an empty form instead of failing the page", async () => {
    const request = new Request("http://127.0.0.1/auth/esia/start", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(await formFields(request)).toEqual({});
  });
});
