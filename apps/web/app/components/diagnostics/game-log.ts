/**
 * Browser-safe helpers shared by the three games. The server recomputes every
 * score from the event log and refuses logs a person could not have produced
 * (core/diagnostics/games.ts), so the browser keeps to those rules with a
 * margin: a press too soon after the previous one is dropped rather than sent.
 */
import { useEffect, useRef, useState } from "react";
import type { diagnostics } from "@bilet/core";

export type GameLogEvent = diagnostics.GameLogEvent;
export type PublicPuzzle = diagnostics.PublicPuzzle;
export type MatrixCell = diagnostics.MatrixCell;
export type MatrixPuzzle = diagnostics.MatrixPuzzle;

/** The server refuses presses closer than 80 ms; a press this soon after the last one is ignored. */
export const PRESS_GAP_MS = 100;
/** The server refuses a matrix answer sooner than 400 ms after the puzzle appeared. */
export const ANSWER_DELAY_MS = 450;

export interface GameLog {
  readonly events: readonly GameLogEvent[];
  readonly ended: boolean;
}

export const emptyLog: GameLog = { events: [], ended: false };

/** Time of the last event, 0 for an empty log. */
export function lastT(log: GameLog): number {
  return log.events.at(-1)?.t ?? 0;
}

/** Adds an event; time never goes back and nothing follows the end. */
export function logEvent(log: GameLog, type: "shown" | "press" | "answer", value: number | undefined, t: number): GameLog {
  if (log.ended) return log;
  const event: GameLogEvent = { t: Math.max(lastT(log), Math.round(t)), type };
  if (value !== undefined) event.value = value;
  return { events: [...log.events, event], ended: false };
}

/** Ends the log once; the end is never later than the time limit nor earlier than the last event. */
export function endLog(log: GameLog, t: number, limitMs = Infinity): GameLog {
  if (log.ended) return log;
  const at = Math.max(lastT(log), Math.min(Math.round(t), limitMs));
  return { events: [...log.events, { t: at, type: "end" }], ended: true };
}

export interface GameClock {
  /** Starts counting from now; elapsed() is 0 before this. */
  start(): void;
  /** Whole milliseconds since start(), never decreasing. */
  elapsed(): number;
}

export function createClock(now: () => number = () => performance.now()): GameClock {
  let startedAt: number | null = null;
  let last = 0;
  return {
    start() {
      startedAt = now();
      last = 0;
    },
    elapsed() {
      if (startedAt === null) return 0;
      last = Math.max(last, Math.round(now() - startedAt));
      return last;
    },
  };
}

/** «1:05» */
export function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Where an arrow key (or Home/End) moves the focus in a grid of `count` buttons, `cols` wide; null for other keys. */
export function gridMove(key: string, index: number, cols: number, count: number): number | null {
  let to: number;
  switch (key) {
    case "ArrowRight":
      to = index + 1;
      break;
    case "ArrowLeft":
      to = index - 1;
      break;
    case "ArrowDown":
      to = index + cols;
      break;
    case "ArrowUp":
      to = index - cols;
      break;
    case "Home":
      to = 0;
      break;
    case "End":
      to = count - 1;
      break;
    default:
      return null;
  }
  return to >= 0 && to < count ? to : index;
}

/** «2 минуты», «90 секунд»: the time limit in words. */
export function describeLimit(seconds: number): string {
  if (seconds % 60 === 0) {
    const m = seconds / 60;
    return `${m} ${plural(m, ["минута", "минуты", "минут"])}`;
  }
  return `${seconds} ${plural(seconds, ["секунда", "секунды", "секунд"])}`;
}

/** Russian plural: plural(3, ["круг", "круга", "кругов"]) → «круга». */
export function plural(n: number, forms: readonly [string, string, string]): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return forms[0];
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return forms[1];
  return forms[2];
}

/**
 * The game's clock and its time limit: starts the clock when `running` turns
 * true, calls onTimeout once at the limit, and gives the milliseconds left
 * (refreshed every half second for the visible countdown).
 */
export function useGameTimer(running: boolean, timeLimitSeconds: number, onTimeout: (t: number) => void): { clock: GameClock; remainingMs: number } {
  const clockRef = useRef<GameClock | null>(null);
  clockRef.current ??= createClock();
  const clock = clockRef.current;
  const limitMs = timeLimitSeconds * 1000;
  const [remainingMs, setRemaining] = useState(limitMs);
  const timeoutRef = useRef(onTimeout);
  timeoutRef.current = onTimeout;

  useEffect(() => {
    if (!running) return;
    const tick = () => {
      const left = limitMs - clock.elapsed();
      setRemaining(left);
      if (left <= 0) timeoutRef.current(clock.elapsed());
    };
    const interval = setInterval(tick, 500);
    const deadline = setTimeout(tick, Math.max(0, limitMs - clock.elapsed()));
    return () => {
      clearInterval(interval);
      clearTimeout(deadline);
    };
  }, [running, limitMs, clock]);

  return { clock, remainingMs };
}

/** Calls onFinish exactly once, when the game's log has ended. */
export function useFinishOnce(log: GameLog, onFinish: (events: GameLogEvent[]) => void): void {
  const done = useRef(false);
  const finishRef = useRef(onFinish);
  finishRef.current = onFinish;
  useEffect(() => {
    if (log.ended && !done.current) {
      done.current = true;
      finishRef.current([...log.events]);
    }
  }, [log]);
}

/** Visually hidden but read by screen readers (there is no shared class for it in app.css). */
export const visuallyHidden = {
  position: "absolute",
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: "hidden",
  clip: "rect(0, 0, 0, 0)",
  whiteSpace: "nowrap",
  border: 0,
} as const;

/** A grid cell button: white, square, at least 44 px, no global button padding. */
export const cellButton = {
  background: "#fff",
  color: "var(--ink)",
  // Longhands only: a shorthand next to a changing borderColor makes React warn and may style wrongly.
  borderWidth: 1,
  borderStyle: "solid",
  borderColor: "#b8c0cf",
  borderRadius: 8,
  padding: 0,
  minWidth: 0,
  minHeight: 44,
  width: "100%",
  aspectRatio: "1",
  fontWeight: 700,
  fontSize: "1.15rem",
  lineHeight: 1,
} as const;
