import { createRequire } from "node:module";
import PdfPrinter from "pdfmake";
import type { TDocumentDefinitions } from "pdfmake/interfaces";
import { formatDate } from "@bilet/validators";

/** What the PDF needs of a plan: any plan the planner makes has this shape. */
export interface PrintablePlan {
  summary: string;
  sections: readonly { title: string; items: readonly { text: string; why: { text: string } }[] }[];
}

export interface PlanPdfMeta {
  studentName: string;
  grade: number;
  version: number;
  createdAt: Date | string;
}

// Roboto as pdfmake ships it (it has Cyrillic), read once: no font files of our own to keep.
const require = createRequire(import.meta.url);
let printer: PdfPrinter | undefined;
/** The pdfmake printer with its Cyrillic fonts, shared by every PDF the platform makes. */
function printerWithFonts(): PdfPrinter {
  if (printer) return printer;
  const vfs = require("pdfmake/build/vfs_fonts.js") as { pdfMake?: { vfs: Record<string, string> }; vfs?: Record<string, string> } & Record<string, string>;
  const files = vfs.pdfMake?.vfs ?? vfs.vfs ?? vfs;
  const font = (name: string) => Buffer.from(files[name]!, "base64");
  printer = new PdfPrinter({
    Roboto: { normal: font("Roboto-Regular.ttf"), bold: font("Roboto-Medium.ttf"), italics: font("Roboto-Italic.ttf"), bolditalics: font("Roboto-MediumItalic.ttf") },
  });
  return printer;
}

/** A document definition rendered to PDF bytes, with the platform's fonts. */
export function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = printerWithFonts().createPdfKitDocument(definition);
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

export const HOW_THE_PLAN_IS_MADE =
  "Рекомендации составлены автоматически по правилам проекта «Билет в будущее» из результатов онлайн-диагностики, " +
  "посещённых профессиональных проб, отзывов наставников и оценок самого участника. У каждой рекомендации указано, " +
  "на чём она основана. План — повод для разговора в семье и со школой, а не решение за ребёнка.";

/** The study plan as a real PDF with Cyrillic text: name, date, version, the plan and how it was made. */
export function renderPlanPdf(plan: PrintablePlan, meta: PlanPdfMeta): Promise<Buffer> {
  const definition: TDocumentDefinitions = {
    info: { title: `Индивидуальный учебный план — ${meta.studentName}`, author: "Билет в будущее" },
    pageSize: "A4",
    pageMargins: [48, 56, 48, 56],
    defaultStyle: { font: "Roboto", fontSize: 10.5, lineHeight: 1.2 },
    content: [
      { text: "Индивидуальный учебный план", fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
      { text: `${meta.studentName}, ${meta.grade} класс`, fontSize: 13, margin: [0, 0, 0, 2] },
      { text: `Версия ${meta.version} от ${formatDate(meta.createdAt)}`, color: "#555555", margin: [0, 0, 0, 12] },
      { text: plan.summary, margin: [0, 0, 0, 12] },
      ...plan.sections.flatMap((section) => [
        { text: section.title, fontSize: 13, bold: true, margin: [0, 8, 0, 4] as [number, number, number, number] },
        {
          ol: section.items.map((item) => ({
            stack: [{ text: item.text }, { text: `Почему: ${item.why.text}`, color: "#555555", fontSize: 9.5, margin: [0, 2, 0, 6] as [number, number, number, number] }],
          })),
        },
      ]),
      { text: "Как составлен план", fontSize: 12, bold: true, margin: [0, 14, 0, 4] },
      { text: HOW_THE_PLAN_IS_MADE, color: "#333333" },
    ],
    footer: (page, pages) => ({ text: `«Билет в будущее» · ${page} из ${pages}`, alignment: "center", fontSize: 8, color: "#777777", margin: [0, 20, 0, 0] }),
  };
  return renderPdf(definition);
}
