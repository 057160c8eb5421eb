import { describe, expect, it } from "vitest";
import { safeExternalUrl } from "./links.ts";
import { trialInput } from "./trials.ts";

describe("safeExternalUrl", () => {
  it("accepts https anywhere and http only to this machine", () => {
    expect(safeExternalUrl("https://meet.example.ru/room/1")).toBe("https://meet.example.ru/room/1");
    expect(safeExternalUrl("http://localhost:3000/x")).toBe("http://localhost:3000/x");
    expect(safeExternalUrl("http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080/");
  });

  it("refuses script, data and plain-http links", () => {
    expect(safeExternalUrl("javascript:alert(document.cookie)")).toBeNull();
    expect(safeExternalUrl("JavaScript:alert(1)")).toBeNull();
    expect(safeExternalUrl(" javascript:alert(1)")).toBeNull();
    expect(safeExternalUrl("data:text/html,<script>alert(1)</script>")).toBeNull();
    expect(safeExternalUrl("http://meet.example.ru/")).toBeNull();
    expect(safeExternalUrl("vbscript:msgbox(1)")).toBeNull();
    expect(safeExternalUrl("not a link")).toBeNull();
  });
});

describe("the trial form's link", () => {
  const base = {
    competencyCode: "web-technologies", title: "Веб-разработка", level: "intro", format: "online",
    startsAt: "2026-10-01T10:00:00+03:00", enrollDeadline: "2026-09-30T10:00:00+03:00",
    durationMinutes: 90, capacity: 10, minGrade: 6, maxGrade: 11,
  };

  it("refuses a javascript: link with a Russian message on the field", () => {
    const result = trialInput.safeParse({ ...base, link: "javascript:alert(1)" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["link"], message: "Ссылка должна начинаться с https://" });
  });

  it("stores an https link", () => {
    expect(trialInput.parse({ ...base, link: "https://meet.example.ru/r" }).link).toBe("https://meet.example.ru/r");
  });
});
