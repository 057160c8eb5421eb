import { renderToString } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CompareChart, formatPercent, ProfileChart, ScaleChart, wrapText } from "./score-chart";

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errors = vi.spyOn(console, "error");
});
afterEach(() => {
  // React's warnings on the server (useLayoutEffect, bad attributes) come through console.error.
  expect(errors).not.toHaveBeenCalled();
  errors.mockRestore();
});

const hiddenTable = (html: string) => /<table[^>]*>(.*)<\/table>/s.exec(html)?.[1] ?? "";
const svg = (html: string) => /<svg[^>]*class="recharts-surface"[^>]*>(.*?)<\/svg>/s.exec(html)?.[1] ?? "";

describe("ScaleChart on the server", () => {
  const html = renderToString(
    <ScaleChart
      scales={[
        { id: "inner", title: "Внутренняя готовность", percent: 72.5, band: "выше среднего" },
        { id: "aware", title: "Осведомлённость о мире профессий", percent: 40 },
        { id: "steps", title: "Сделанные шаги", percent: null },
      ]}
    />
  );

  it("draws the bars in SVG with their values", () => {
    expect(svg(html)).toContain("recharts-rectangle");
    expect(svg(html)).toContain("72,5\u00a0%");
    expect(svg(html)).toContain("40\u00a0%");
    expect(svg(html)).toContain("Внутренняя готовность — выше среднего");
    expect(svg(html)).toContain("нет данных");
    expect(html).toContain('viewBox="0 0 400');
  });

  it("has a hidden table with the same numbers for screen readers", () => {
    const table = hiddenTable(html);
    expect(table).toContain("Осведомлённость о мире профессий");
    expect(table).toContain("72,5\u00a0%");
    expect(table).toContain("40\u00a0%");
    expect(table).toContain("выше среднего");
    expect(table).toContain("нет данных");
    expect(html).toMatch(/<svg[^>]*aria-hidden="true"/);
  });
});

describe("ProfileChart on the server", () => {
  const labels = { R: "Практический", I: "Исследовательский", A: "Артистический", S: "Социальный", E: "Предприимчивый", C: "Конвенциональный" };
  const areas = { R: 20, I: 85, A: 55, S: 70, E: 10, C: 33.3 };

  it("draws a radar with every area and its value", () => {
    const html = renderToString(<ProfileChart areas={areas} labels={labels} />);
    expect(html.match(/recharts-polygon/g)?.length).toBe(5); // four rings and the profile
    for (const title of Object.values(labels)) expect(svg(html)).toContain(title);
    expect(svg(html)).toContain("85\u00a0%");
    expect(hiddenTable(html)).toContain("Исследовательский");
    expect(hiddenTable(html)).toContain("33,3\u00a0%");
  });

  it("can draw bars instead", () => {
    const html = renderToString(<ProfileChart areas={areas} labels={labels} variant="bars" />);
    expect(html).not.toContain("recharts-polygon");
    expect(svg(html)).toContain("Конвенциональный");
    expect(hiddenTable(html)).toContain("10\u00a0%");
  });
});

describe("CompareChart on the server", () => {
  it("puts the series side by side, in the SVG and in the table", () => {
    const html = renderToString(
      <CompareChart
        scales={[
          { id: "a", title: "Внимание" },
          { id: "b", title: "Память" },
        ]}
        series={[
          { name: "Попытка 1", values: { a: 30, b: 45 } },
          { name: "Попытка 2", values: { a: 62, b: null } },
        ]}
      />
    );
    for (const v of ["30\u00a0%", "45\u00a0%", "62\u00a0%", "нет данных"]) {
      expect(svg(html)).toContain(v);
      expect(hiddenTable(html)).toContain(v);
    }
    expect(hiddenTable(html)).toContain("Попытка 2");
    const patternId = /<pattern id="([^"]+-1)"/.exec(html)?.[1];
    expect(patternId).toBeTruthy();
    expect(html).toContain(`url(#${patternId})`);
  });
});

describe("chart helpers", () => {
  it("format percents the Russian way and clamp them", () => {
    expect(formatPercent(7.25)).toBe("7,3\u00a0%");
    expect(formatPercent(120)).toBe("100\u00a0%");
    expect(formatPercent(null)).toBe("нет данных");
  });

  it("wrap long titles at spaces", () => {
    expect(wrapText("раз два три четыре", 9)).toEqual(["раз два", "три", "четыре"]);
    expect(wrapText("")).toEqual([""]);
  });
});
