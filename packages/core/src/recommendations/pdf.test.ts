import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { renderPlanPdf } from "./pdf.ts";

/** The PDF's text as a reader's program extracts it (pdf.js, the PDF reader of Firefox). */
async function textOf(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ("str" in i ? i.str : "")).join(" "));
  }
  return pages.join(" ").replace(/\s+/g, " ");
}

describe("the study plan as a PDF", () => {
  const plan = {
    summary: "Ярко выражен интерес к технике и исследованиям.",
    sections: [{ title: "Предметы для углублённого изучения", items: [{ text: "Углублённо изучать физику", why: { text: "высокий интерес к технике по тесту «Шесть типов интересов» (84 из 100)" } }] }],
  };

  it("is a real PDF that carries the Cyrillic name, date, version and the first recommendation with its reason", async () => {
    const pdf = await renderPlanPdf(plan, { studentName: "Смирнова Алина", grade: 8, version: 2, createdAt: "2026-11-25T10:00:00Z" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await textOf(pdf);
    expect(text).toContain("Индивидуальный учебный план");
    expect(text).toContain("Смирнова Алина, 8 класс");
    expect(text).toContain("Версия 2 от 25 ноября 2026 г.");
    expect(text).toContain("Углублённо изучать физику");
    expect(text).toContain("Почему: высокий интерес к технике");
  });
});
