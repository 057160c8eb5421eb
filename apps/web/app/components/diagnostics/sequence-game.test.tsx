import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { diagnostics } from "@bilet/core";
import {
  initSequence,
  litCell,
  SEQUENCE_PAUSE_MS,
  SequenceGame,
  sequenceReducer,
  showEndsAt,
  type SequenceAction,
  type SequencePuzzle,
  type SequenceState,
} from "./sequence-game";

const params = { startLength: 2, rounds: 3, showMs: 500 };
const seed = "browser-sequence";
const limit = 120;
const puzzle = diagnostics.generatePuzzle("sequence", params, seed) as SequencePuzzle;
const score = (s: SequenceState) => diagnostics.scoreGameLog("sequence", params, seed, s.log.events, limit);

/** Plays every round as a person would: waits for the showing, presses at a human pace, pauses between rounds. */
function playAll(answer: (round: number, seq: number[]) => number[]): SequenceState {
  let s = sequenceReducer(initSequence(puzzle, limit), { type: "start" });
  const step = (a: SequenceAction) => (s = sequenceReducer(s, a));
  puzzle.rounds.forEach((seq, r) => {
    const end = showEndsAt(s);
    step({ type: "press", cell: seq[0]!, t: end - 100 }); // too early: the showing is on, dropped
    step({ type: "showDone", t: end - 1 }); // a timer firing early changes nothing
    expect(s.phase).toBe("showing");
    step({ type: "showDone", t: end + 3 });
    expect(s.phase).toBe("input");
    let t = end + 600;
    for (const cell of answer(r, seq)) {
      step({ type: "press", cell, t });
      t += 350;
    }
    if (r < puzzle.rounds.length - 1) {
      expect(s.phase).toBe("pause");
      step({ type: "next", t: t + SEQUENCE_PAUSE_MS });
    }
  });
  return s;
}

describe("SequenceGame's state machine", () => {
  it("builds a log the server accepts and scores as all right", () => {
    const s = playAll((_, seq) => seq);
    expect(s.phase).toBe("done");
    expect(s.log.events.filter((e) => e.type === "shown").map((e) => e.value)).toEqual([0, 1, 2]);
    expect(s.log.events.filter((e) => e.type === "end")).toHaveLength(1);
    expect(s.log.events.at(-1)?.type).toBe("end");
    expect(s.results).toEqual([true, true, true]);
    expect(score(s)).toMatchObject({ ok: true, score: { percent: 100, correct: 3 } });
  });

  it("takes exactly as many presses as the round has cells, right or wrong", () => {
    const s = playAll((r, seq) => (r === 1 ? seq.map((c) => (c + 1) % 9) : seq));
    expect(s.results).toEqual([true, false, true]);
    const presses = s.log.events.filter((e) => e.type === "press");
    expect(presses).toHaveLength(puzzle.rounds.flat().length);
    const outcome = score(s);
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.score.correct).toBe(2);
  });

  it("drops a double press", () => {
    let s = sequenceReducer(initSequence(puzzle, limit), { type: "start" });
    s = sequenceReducer(s, { type: "showDone", t: showEndsAt(s) });
    s = sequenceReducer(s, { type: "press", cell: 0, t: showEndsAt(s) + 500 });
    s = sequenceReducer(s, { type: "press", cell: 0, t: showEndsAt(s) + 530 });
    expect(s.entered).toEqual([0]);
  });

  it("ends on the time limit in the middle of a round, and the server accepts it", () => {
    let s = sequenceReducer(initSequence(puzzle, limit), { type: "start" });
    s = sequenceReducer(s, { type: "showDone", t: showEndsAt(s) });
    s = sequenceReducer(s, { type: "press", cell: puzzle.rounds[0]![0]!, t: 2000 });
    s = sequenceReducer(s, { type: "timeout", t: limit * 1000 + 400 });
    expect(s.phase).toBe("done");
    expect(s.log.events.at(-1)).toEqual({ t: limit * 1000, type: "end" });
    expect(score(s)).toMatchObject({ ok: true, score: { correct: 0 } });
  });

  it("lights each cell of the round in turn, with a dark gap between", () => {
    const s = sequenceReducer(initSequence(puzzle, limit), { type: "start" });
    const seq = puzzle.rounds[0]!;
    expect(litCell(s, 10)).toBe(seq[0]);
    expect(litCell(s, 490)).toBeNull();
    expect(litCell(s, 510)).toBe(seq[1]);
    expect(litCell(s, showEndsAt(s) + 10)).toBeNull();
  });
});

describe("<SequenceGame> on the server", () => {
  it("renders the rules and the start button", () => {
    const html = renderToStaticMarkup(<SequenceGame puzzle={puzzle} timeLimitSeconds={120} onFinish={() => {}} />);
    expect(html).toContain("Начать");
    expect(html).toContain("2 минуты");
  });
});
