import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { diagnostics } from "@bilet/core";
import { CellPicture, describeCell, figureLayout, initMatrix, MatrixGame, matrixReducer, type MatrixAction, type MatrixGamePuzzle } from "./matrix-game";

const params = { puzzles: 4 };
const seed = "browser-matrix";
const limit = 300;
const puzzle = diagnostics.generatePuzzle("matrix", params, seed) as MatrixGamePuzzle;
const key = diagnostics.matrixAnswerKey(params, seed);

describe("MatrixGame's state machine", () => {
  it("builds a log the server accepts: shown, answer, shown, … end", () => {
    const actions: MatrixAction[] = [{ type: "start" }];
    let t = 0;
    key.forEach((right, i) => {
      actions.push({ type: "answer", option: right, t: t + 200 }); // too soon after the puzzle appeared: dropped
      t += 3000;
      actions.push({ type: "answer", option: i === 2 ? (right + 1) % 4 : right, t });
    });
    const s = actions.reduce(matrixReducer, initMatrix(puzzle.puzzles.length, limit));
    expect(s.phase).toBe("done");
    expect(s.log.events.map((e) => e.type)).toEqual(["shown", "answer", "shown", "answer", "shown", "answer", "shown", "answer", "end"]);
    expect(s.log.events.filter((e) => e.type === "shown").map((e) => e.value)).toEqual([0, 1, 2, 3]);
    const outcome = diagnostics.scoreGameLog("matrix", params, seed, s.log.events, limit);
    expect(outcome).toMatchObject({ ok: true, score: { correct: 3, errors: 1, total: 4 } });
  });

  it("ends on the time limit, and the server accepts it", () => {
    const s = [
      { type: "start" },
      { type: "answer", option: 0, t: 5000 },
      { type: "timeout", t: limit * 1000 + 10 },
      { type: "answer", option: 1, t: limit * 1000 + 600 },
    ].reduce((st, a) => matrixReducer(st, a as MatrixAction), initMatrix(puzzle.puzzles.length, limit));
    expect(s.log.events.map((e) => e.type)).toEqual(["shown", "answer", "shown", "end"]);
    expect(diagnostics.scoreGameLog("matrix", params, seed, s.log.events, limit).ok).toBe(true);
  });
});

describe("matrix cells", () => {
  it("are named in Russian", () => {
    expect(describeCell({ kind: "number", value: 12 })).toBe("Число 12");
    expect(describeCell({ kind: "figure", shape: "circle", count: 3, fill: "striped" })).toBe("3 круга в полоску");
    expect(describeCell({ kind: "figure", shape: "star", count: 5, fill: "solid" })).toBe("5 звёзд с заливкой");
    expect(describeCell({ kind: "figure", shape: "triangle", count: 1, fill: "empty" })).toBe("1 треугольник без заливки");
  });

  it("place every figure inside the box", () => {
    for (let n = 1; n <= 9; n++) {
      const { points, r } = figureLayout(n);
      expect(points).toHaveLength(n);
      for (const p of points) {
        expect(p.x - r).toBeGreaterThanOrEqual(0);
        expect(p.x + r).toBeLessThanOrEqual(100);
        expect(p.y - r).toBeGreaterThanOrEqual(0);
        expect(p.y + r).toBeLessThanOrEqual(100);
      }
    }
  });

  it("draw stripes with a pattern of their own and the missing cell as «?»", () => {
    const html = renderToStaticMarkup(<CellPicture cell={{ kind: "figure", shape: "diamond", count: 2, fill: "striped" }} />);
    const id = /<pattern id="([^"]+)"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toContain(`url(#${id})`);
    expect(html.match(/<path /g)).toHaveLength(2);
    expect(renderToStaticMarkup(<CellPicture cell={null} />)).toContain("?");
  });

  it("the game renders its rules before the start", () => {
    const html = renderToStaticMarkup(<MatrixGame puzzle={puzzle} timeLimitSeconds={300} onFinish={() => {}} />);
    expect(html).toContain("Начать");
    expect(html).toContain("Заданий — 4");
    expect(html).not.toContain("answers");
  });
});
