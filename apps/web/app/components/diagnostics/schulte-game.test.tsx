import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { diagnostics } from "@bilet/core";
import { initSchulte, SchulteGame, schulteReducer, type SchulteAction, type SchultePuzzle, type SchulteState } from "./schulte-game";

const params = { size: 3 };
const seed = "browser-schulte";
const limit = 60;
const puzzle = diagnostics.generatePuzzle("schulte", params, seed) as SchultePuzzle;

const play = (actions: SchulteAction[]): SchulteState => actions.reduce(schulteReducer, initSchulte(puzzle.size, limit));
const score = (s: SchulteState) => diagnostics.scoreGameLog("schulte", params, seed, s.log.events, limit);

describe("SchulteGame's state machine", () => {
  it("builds a log the server accepts: presses at increasing times, one end at the last", () => {
    const presses: SchulteAction[] = [];
    let t = 0;
    for (let n = 1; n <= 9; n++) {
      t += 400;
      presses.push({ type: "press", value: n, t });
      if (n === 4) presses.push({ type: "press", value: 6, t: (t += 300) }); // a mistake
      if (n === 5) presses.push({ type: "press", value: 6, t: t + 20 }); // a double tap, dropped
    }
    const s = play([{ type: "start" }, ...presses]);
    expect(s.phase).toBe("done");
    const events = s.log.events;
    expect(events[0]).toEqual({ t: 0, type: "shown" });
    expect(events.at(-1)?.type).toBe("end");
    expect(events.filter((e) => e.type === "end")).toHaveLength(1);
    const times = events.filter((e) => e.type === "press").map((e) => e.t);
    expect(times).toHaveLength(10);
    expect(times.every((x, i) => i === 0 || x > times[i - 1]!)).toBe(true);

    const outcome = score(s);
    expect(outcome).toMatchObject({ ok: true, score: { correct: 9, errors: 1, total: 9 } });
  });

  it("ends at the time limit with what was found, and the server accepts it", () => {
    const s = play([
      { type: "start" },
      { type: "press", value: 1, t: 1000 },
      { type: "press", value: 2, t: 2000 },
      { type: "timeout", t: limit * 1000 + 700 },
      { type: "press", value: 3, t: limit * 1000 + 900 },
    ]);
    expect(s.log.events.map((e) => e.type)).toEqual(["shown", "press", "press", "end"]);
    expect(s.log.events.at(-1)!.t).toBe(limit * 1000);
    expect(score(s)).toMatchObject({ ok: true, score: { correct: 2 } });
  });

  it("treats a press after the limit as the end", () => {
    const s = play([{ type: "start" }, { type: "press", value: 1, t: limit * 1000 + 5 }]);
    expect(s.log.events.map((e) => e.type)).toEqual(["shown", "end"]);
    expect(score(s).ok).toBe(true);
  });

  it("stops before the server's limit of three presses a number", () => {
    const wrong: SchulteAction[] = Array.from({ length: 40 }, (_, i) => ({ type: "press", value: 9, t: 200 * (i + 1) }));
    const s = play([{ type: "start" }, ...wrong]);
    expect(s.phase).toBe("done");
    expect(s.log.events.filter((e) => e.type === "press")).toHaveLength(27);
    expect(score(s).ok).toBe(true);
  });

  it("ignores presses before the start and numbers not in the table", () => {
    const s = play([{ type: "press", value: 1, t: 500 }, { type: "start" }, { type: "press", value: 10, t: 500 }]);
    expect(s.log.events).toEqual([{ t: 0, type: "shown" }]);
  });
});

describe("<SchulteGame> on the server", () => {
  it("renders the start button and the rules, in Russian", () => {
    const html = renderToStaticMarkup(<SchulteGame puzzle={puzzle} timeLimitSeconds={90} onFinish={() => {}} />);
    expect(html).toContain("Начать");
    expect(html).toContain("от 1 до 9");
    expect(html).toContain("90 секунд");
    expect(html).toContain('role="status"');
  });
});
