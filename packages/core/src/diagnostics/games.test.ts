import { describe, expect, it } from "vitest";
import { generatePuzzle, matrixAnswerKey, scoreGameLog, type PublicPuzzle } from "./games.ts";
import type { GameLogEvent } from "./scoring.ts";

const ev = (t: number, type: GameLogEvent["type"], value: number | null = null): GameLogEvent => ({ t, type, value });

describe("generatePuzzle", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(generatePuzzle("schulte", { size: 5 }, "s1")).toEqual(generatePuzzle("schulte", { size: 5 }, "s1"));
    expect(generatePuzzle("schulte", { size: 5 }, "s1")).not.toEqual(generatePuzzle("schulte", { size: 5 }, "s2"));
    expect(generatePuzzle("matrix", { puzzles: 8 }, "m")).toEqual(generatePuzzle("matrix", { puzzles: 8 }, "m"));
  });

  it("shuffles the numbers 1..N² for Schulte", () => {
    const p = generatePuzzle("schulte", { size: 5 }, "any") as Extract<PublicPuzzle, { kind: "schulte" }>;
    expect([...p.cells].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(p.cells).not.toEqual([...p.cells].sort((a, b) => a - b));
  });

  it("grows the sequence by one cell a round, never lighting a cell twice in a row", () => {
    const p = generatePuzzle("sequence", { startLength: 3, rounds: 5, showMs: 600 }, "any") as Extract<PublicPuzzle, { kind: "sequence" }>;
    expect(p.rounds.map((r) => r.length)).toEqual([3, 4, 5, 6, 7]);
    for (const r of p.rounds) {
      for (const [i, c] of r.entries()) {
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThan(9);
        if (i > 0) expect(c).not.toBe(r[i - 1]);
      }
    }
  });

  it("builds matrices of 8 cells and 4 distinct options, keeping the answers out of the browser's copy", () => {
    for (const seed of ["a", "b", "c", "d", "e"]) {
      const p = generatePuzzle("matrix", { puzzles: 12 }, seed) as Extract<PublicPuzzle, { kind: "matrix" }>;
      expect(JSON.stringify(p)).not.toMatch(/answer/);
      const key = matrixAnswerKey({ puzzles: 12 }, seed);
      p.puzzles.forEach((q, i) => {
        expect(q.cells).toHaveLength(9);
        expect(q.cells[8]).toBeNull();
        expect(q.options).toHaveLength(4);
        expect(new Set(q.options.map((o) => JSON.stringify(o))).size).toBe(4);
        const right = q.options[key[i]!]!;
        // number puzzles: every row steps by the same amount, so the answer continues the last row
        if (right.kind === "number") {
          const [c6, c7] = [q.cells[6], q.cells[7]] as { value: number }[];
          expect(right.value).toBe(c7!.value + (c7!.value - c6!.value));
        }
      });
    }
  });
});

describe("scoreGameLog: Schulte", () => {
  const params = { size: 3 };
  // numbers pressed 1, 5 (a mistake), 2, 3, …, 9; the last right press at 12 s
  const log = [ev(0, "shown"), ev(1000, "press", 1), ev(2000, "press", 5), ...[2, 3, 4, 5, 6, 7, 8].map((v, i) => ev(3000 + i * 1000, "press", v)), ev(12000, "press", 9), ev(12100, "end")];

  it("scores a valid log as computed by hand", () => {
    // found 9 of 9 → completion 1; presses 10 → accuracy 9 / 10 = 0.9;
    // time 12 000 ms → speed min(1, 9 × 1000 / 12 000) = 0.75; percent 100 × 1 × (0.9 + 0.75) / 2 = 82.5
    const r = scoreGameLog("schulte", params, "seed", log, 60);
    expect(r).toEqual({ ok: true, score: { percent: 82.5, accuracy: 0.9, speed: 0.75, timeMs: 12000, correct: 9, errors: 1, total: 9 } });
  });

  it("scores an unfinished table by what was found", () => {
    // 1, 2, 3 found in 3 presses by 3 s, ended at 60 s: completion 3/9, accuracy 1, speed 3 × 1000 / 60 000 = 0.05,
    // percent 100 × (1/3) × (1 + 0.05) / 2 = 17.5
    const r = scoreGameLog("schulte", params, "seed", [ev(0, "shown"), ev(1000, "press", 1), ev(2000, "press", 2), ev(3000, "press", 3), ev(60000, "end")], 60);
    expect(r.ok && r.score.percent).toBe(17.5);
  });

  it("rejects impossible logs with a reason", () => {
    const reason = (l: GameLogEvent[], limit = 60) => {
      const r = scoreGameLog("schulte", params, "seed", l, limit);
      return r.ok ? null : r.reason;
    };
    expect(reason([ev(0, "shown"), ev(2000, "press", 1), ev(1500, "press", 2)])).toMatch(/время идёт назад/);
    expect(reason([ev(0, "shown"), ev(1000, "press", 1), ev(1050, "press", 2)])).toMatch(/50 мс/);
    expect(reason([ev(0, "shown"), ...Array.from({ length: 28 }, (_, i) => ev(1000 + i * 200, "press", 9))])).toMatch(/больше, чем возможно/);
    expect(reason(log, 10)).toMatch(/ограничении 10 с/);
    expect(reason([ev(1000, "press", 1)])).toMatch(/раньше, чем таблица/);
    expect(reason([ev(0, "shown"), ev(1000, "press", 10)])).toMatch(/нет числа 10/);
    expect(reason([...log.slice(0, -1), ev(12500, "press", 1)])).toMatch(/после того, как все числа найдены/);
    expect(reason([ev(0, "shown"), ev(500, "end"), ev(1000, "press", 1)])).toMatch(/После завершения/);
    expect(reason([ev(0, "shown"), ev(1000, "answer", 1)])).toMatch(/не бывает событий «answer»/);
    expect(reason([])).toMatch(/пуст/);
  });
});

describe("scoreGameLog: sequence", () => {
  const params = { startLength: 2, rounds: 3, showMs: 500 };
  const { rounds } = generatePuzzle("sequence", params, "seq") as Extract<PublicPuzzle, { kind: "sequence" }>;
  const repeat = (seq: number[], from: number) => seq.map((c, i) => ev(from + i * 400, "press", c));
  const wrong = (c: number) => (c + 1) % 9;
  // round 0 (2 cells) right; round 1 (3 cells) with the last cell wrong; round 2 (4 cells) right
  const log = [
    ev(0, "shown", 0),
    ...repeat(rounds[0]!, 1000),
    ev(5000, "shown", 1),
    ...repeat([...rounds[1]!.slice(0, 2), wrong(rounds[1]![2]!)], 6500),
    ev(12000, "shown", 2),
    ...repeat(rounds[2]!, 14000),
    ev(16000, "end"),
  ];

  it("scores a valid log as computed by hand", () => {
    // rounds of 2, 3 and 4 cells, the 2- and 4-cell ones right: 100 × (2 + 4) / (2 + 3 + 4) = 66.7
    const r = scoreGameLog("sequence", params, "seq", log, 60);
    expect(r).toEqual({ ok: true, score: { percent: 66.7, accuracy: 2 / 3, speed: 1, timeMs: 16000, correct: 2, errors: 1, total: 3 } });
  });

  it("rejects impossible logs with a reason", () => {
    const reason = (l: GameLogEvent[]) => {
      const r = scoreGameLog("sequence", params, "seq", l, 60);
      return r.ok ? null : r.reason;
    };
    // the 2-cell sequence is lit until 2 × 500 = 1000 ms
    expect(reason([ev(0, "shown", 0), ev(900, "press", rounds[0]![0]!)])).toMatch(/раньше, чем закончился показ/);
    expect(reason([ev(0, "press", 1)])).toMatch(/раньше, чем была показана/);
    expect(reason([ev(0, "shown", 1)])).toMatch(/не по порядку/);
    expect(reason([ev(0, "shown", 0), ...repeat([...rounds[0]!, 4], 1000)])).toMatch(/больше, чем клеток/);
    expect(reason([ev(0, "shown", 0), ev(1000, "press", 1), ev(1020, "press", 2)])).toMatch(/20 мс/);
    expect(reason([ev(0, "shown", 0), ev(1000, "shown", 1), ev(2000, "shown", 2), ev(3000, "shown", 3)])).toMatch(/Раундов больше/);
    expect(reason([ev(0, "shown", 0), ev(1000, "press", 9)])).toMatch(/нет клетки 9/);
  });
});

describe("scoreGameLog: matrix", () => {
  const params = { puzzles: 4 };
  const key = matrixAnswerKey(params, "mx");
  const other = (i: number) => (key[i]! + 1) % 4;

  it("scores a valid log as computed by hand", () => {
    // puzzle 1 right in 5 s, puzzle 2 wrong, puzzle 3 right in 20 s, puzzle 4 left unanswered:
    // accuracy 2 / 4 = 0.5; mean time of right answers (5 + 20) / 2 = 12.5 s → speed 10 / 12.5 = 0.8;
    // percent 100 × 0.5 × (0.75 + 0.25 × 0.8) = 47.5
    const log = [ev(0, "shown", 0), ev(5000, "answer", key[0]!), ev(6000, "shown", 1), ev(26000, "answer", other(1)), ev(27000, "shown", 2), ev(47000, "answer", key[2]!), ev(48000, "shown", 3), ev(50000, "end")];
    const r = scoreGameLog("matrix", params, "mx", log, 120);
    expect(r).toEqual({ ok: true, score: { percent: 47.5, accuracy: 0.5, speed: 0.8, timeMs: 50000, correct: 2, errors: 1, total: 4 } });
  });

  it("rejects impossible logs with a reason", () => {
    const reason = (l: GameLogEvent[]) => {
      const r = scoreGameLog("matrix", params, "mx", l, 120);
      return r.ok ? null : r.reason;
    };
    expect(reason([ev(1000, "answer", 0)])).toMatch(/не было показано/);
    expect(reason([ev(0, "shown", 0), ev(3000, "answer", 0), ev(4000, "answer", 1)])).toMatch(/больше одного ответа/);
    expect(reason([ev(0, "shown", 0), ev(100, "answer", 0)])).toMatch(/100 мс/);
    expect(reason([ev(0, "shown", 2)])).toMatch(/не по порядку/);
    expect(reason([ev(0, "shown", 0), ev(3000, "answer", 4)])).toMatch(/нет варианта 4/);
    expect(reason([ev(0, "shown", 0), ev(3000, "press", 1)])).toMatch(/не бывает событий «press»/);
    expect(reason([ev(0, "shown", 0), ev(130000, "end")])).toMatch(/ограничении 120 с/);
  });
});
