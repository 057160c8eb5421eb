import { describe, expect, it } from "vitest";
import { diagnostics } from "@bilet/core";
import { ANSWER_DELAY_MS, createClock, describeLimit, emptyLog, endLog, formatRemaining, gridMove, logEvent, plural, PRESS_GAP_MS } from "./game-log";

describe("game log builder", () => {
  it("keeps time from going back and rounds it to whole milliseconds", () => {
    let log = logEvent(emptyLog, "shown", undefined, 0);
    log = logEvent(log, "press", 1, 250.6);
    log = logEvent(log, "press", 2, 100);
    expect(log.events).toEqual([
      { t: 0, type: "shown" },
      { t: 251, type: "press", value: 1 },
      { t: 251, type: "press", value: 2 },
    ]);
  });

  it("ends once, never after the time limit, and takes nothing after the end", () => {
    let log = logEvent(emptyLog, "shown", 0, 0);
    log = logEvent(log, "press", 3, 500);
    log = endLog(log, 61_234, 60_000);
    log = endLog(log, 70_000, 60_000);
    log = logEvent(log, "press", 4, 80_000);
    expect(log.ended).toBe(true);
    expect(log.events.filter((e) => e.type === "end")).toEqual([{ t: 60_000, type: "end" }]);
    expect(log.events.at(-1)).toEqual({ t: 60_000, type: "end" });
  });

  it("puts the end no earlier than the last event", () => {
    const log = endLog(logEvent(emptyLog, "shown", 0, 900), 100);
    expect(log.events.at(-1)).toEqual({ t: 900, type: "end" });
  });

  it("keeps a margin over the server's limits", () => {
    expect(PRESS_GAP_MS).toBeGreaterThan(diagnostics.MIN_PRESS_GAP_MS);
    expect(ANSWER_DELAY_MS).toBeGreaterThan(diagnostics.MIN_MATRIX_ANSWER_MS);
  });
});

describe("createClock", () => {
  it("counts whole milliseconds from start and never goes back", () => {
    const times = [1000, 1000.4, 1250.7, 1200];
    const clock = createClock(() => times.shift() ?? 0);
    clock.start();
    expect(clock.elapsed()).toBe(0);
    expect(clock.elapsed()).toBe(251);
    expect(clock.elapsed()).toBe(251);
  });

  it("reads 0 before the start", () => {
    expect(createClock(() => 5000).elapsed()).toBe(0);
  });
});

describe("small helpers", () => {
  it("moves the focus in a grid with arrows and stays at the edges", () => {
    expect(gridMove("ArrowRight", 0, 3, 9)).toBe(1);
    expect(gridMove("ArrowDown", 1, 3, 9)).toBe(4);
    expect(gridMove("ArrowUp", 1, 3, 9)).toBe(1);
    expect(gridMove("ArrowLeft", 0, 3, 9)).toBe(0);
    expect(gridMove("End", 2, 3, 9)).toBe(8);
    expect(gridMove("Home", 5, 3, 9)).toBe(0);
    expect(gridMove("Enter", 5, 3, 9)).toBeNull();
  });

  it("speaks Russian numbers and times", () => {
    expect([1, 2, 5, 11, 21, 22, 112].map((n) => plural(n, ["клетка", "клетки", "клеток"]))).toEqual([
      "клетка",
      "клетки",
      "клеток",
      "клеток",
      "клетка",
      "клетки",
      "клеток",
    ]);
    expect(describeLimit(120)).toBe("2 минуты");
    expect(describeLimit(60)).toBe("1 минута");
    expect(describeLimit(90)).toBe("90 секунд");
    expect(formatRemaining(65_000)).toBe("1:05");
    expect(formatRemaining(-10)).toBe("0:00");
    expect(formatRemaining(59_001)).toBe("1:00");
  });
});
