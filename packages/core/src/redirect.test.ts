import { describe, expect, it } from "vitest";
import { safeRedirect } from "./redirect.ts";

describe("safeRedirect", () => {
  it("keeps a same-origin path with its query and fragment", () => {
    expect(safeRedirect("/student/trials?level=basic#top")).toBe("/student/trials?level=basic#top");
    expect(safeRedirect("/parent/children/5")).toBe("/parent/children/5");
  });

  it("refuses paths a browser would send to another host", () => {
    // The finding: `/\t/evil.example` was answered as Location `/\t/evil.example`, which Chromium follows to evil.example.
    expect(safeRedirect("/\t/evil.example")).toBeNull();
    expect(safeRedirect("//evil.example")).toBeNull();
    expect(safeRedirect("/\\evil.example")).toBeNull();
    expect(safeRedirect("/\\/evil.example")).toBeNull();
    expect(safeRedirect("/\n/evil.example")).toBeNull();
    expect(safeRedirect("https://evil.example/")).toBeNull();
    expect(safeRedirect("javascript:alert(1)")).toBeNull();
    expect(safeRedirect("")).toBeNull();
    expect(safeRedirect(null)).toBeNull();
  });

  it("refuses line breaks, which would otherwise break the Location header", () => {
    expect(safeRedirect("/student\r\nSet-Cookie: x=1")).toBeNull();
  });

  it("answers a percent-encoded path that is safe in a header", () => {
    expect(safeRedirect("/поиск?q=пробы")).toBe("/%D0%BF%D0%BE%D0%B8%D1%81%D0%BA?q=%D0%BF%D1%80%D0%BE%D0%B1%D1%8B");
    expect(safeRedirect("/a/../b")).toBe("/b");
  });
});
