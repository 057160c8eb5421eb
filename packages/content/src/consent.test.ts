import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CONSENT_DOCUMENTS, CURRENT_CONSENT_VERSION, consentDocument, renderConsent } from "./consent.ts";

const fingerprint = (version: string) => {
  const d = consentDocument(version)!;
  return createHash("sha256").update(JSON.stringify({ title: d.title, body: d.body })).digest("hex");
};

describe("consent documents", () => {
  it("never change once published: a change is a new version", () => {
    // Parents agreed to exactly this text; editing it would change what their records point to.
    expect(fingerprint("2025-09-01")).toBe("de7a97753f7bd1b5f1c3ff52a9884a5f2bd1c424d098729c002cf31c8f0eabab");
    expect(new Set(CONSENT_DOCUMENTS.map((d) => d.version)).size).toBe(CONSENT_DOCUMENTS.length);
    expect(CONSENT_DOCUMENTS.map((d) => d.version)).toEqual([...CONSENT_DOCUMENTS.map((d) => d.version)].sort());
  });

  it("the current text names the operator with its address and what the family may ask", () => {
    const text = renderConsent(consentDocument(CURRENT_CONSENT_VERSION)!, { parent: "Иванова Ольга Николаевна", child: "Иванов Пётр Сергеевич" }, { name: "АНО «Профнавигатор»", address: "123456, г. Москва, ул. Примерная, д. 1" }).join("\n");
    expect(text).toContain("оператору — АНО «Профнавигатор» (адрес: 123456, г. Москва, ул. Примерная, д. 1)");
    expect(text).not.toMatch(/\{\w+\}/);
    for (const right of ["доступ к ним", "уточнения", "отозвать настоящее согласие", "удаления персональных данных"]) expect(text).toContain(right);
  });
});
