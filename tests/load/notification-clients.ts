/**
 * One client process of bench:notifications: holds a share of the students'
 * sockets and sends its share of the causing requests, so a notice's send
 * time and its receipt are read from one clock. Forked by notifications.ts;
 * talks to it by IPC messages.
 *
 * A notice counts as delivered only when the socket of its own recipient gets
 * it: for a real notice, type consent.given naming the recipient's own parent;
 * for the baseline, the echo id the recipient expects. A notice of the phase's
 * kind that reaches any other socket is counted as misdelivered.
 */
import { fork, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@bilet/validators";
import { pool } from "./stats.ts";

export interface Recipient {
  studentId: string;
  parentId: string;
  /** Cookie header values. */
  studentCookie: string;
  parentCookie: string;
  /** The instance the student's socket connects to (the echo goes there too). */
  socketUrl: string;
  /** The instance the parent's request goes to. */
  requestUrl: string;
  /** Sent to only in the warm-up round before each phase, never in the measured one. */
  warmup: boolean;
}

export type Phase = "baseline" | "notify";

export type ToClient =
  | { type: "connect"; recipients: Recipient[]; concurrency: number }
  | { type: "run"; phase: Phase; warmup: boolean; ratePerSecond: number; offsetMs: number; startAt: number; settleMs: number; consentVersion: string }
  | { type: "close" };

export interface PhaseResult {
  phase: Phase;
  /** Requests answered 2xx. */
  sent: number;
  failed: number;
  delivered: number;
  duplicated: number;
  misdelivered: number;
  /** Request sent → the recipient's socket has it, per delivered notice (ms). */
  latencies: number[];
  /** Request sent → HTTP answer (ms). */
  responseLatencies: number[];
  /** First send to last send, for the achieved rate. */
  sendSeconds: number;
}

export type FromClient = { type: "connected"; sockets: number; seconds: number } | { type: "result"; result: PhaseResult } | { type: "error"; message: string };

/** Forks one client process. */
export function forkClient(): ChildProcess {
  return fork(fileURLToPath(import.meta.url), { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

/** Sends a message and waits for the child's answer. */
export function ask(child: ChildProcess, message: ToClient): Promise<FromClient> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`notification client exited with ${code}`));
    child.once("exit", onExit);
    child.once("message", (answer: FromClient) => {
      child.off("exit", onExit);
      if (answer.type === "error") reject(new Error(answer.message));
      else resolve(answer);
    });
    child.send(message);
  });
}

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Slot {
  recipient: Recipient;
  socket: Client;
  /** performance.now() when this phase's request for the slot was sent; null before. */
  sentAt: number | null;
  receivedAt: number | null;
  echoId: string;
}

function main() {
  const slots: Slot[] = [];
  let phase: Phase = "baseline";
  let misdelivered = 0;
  let duplicated = 0;
  let runId = 0;

  function onNotice(slot: Slot, notification: { id: string; type: string; data: Record<string, unknown> }) {
    const at = performance.now();
    // Only the kind this phase sends is judged; anything else (say, a late echo) is not this phase's business.
    const expected = phase === "baseline" ? "bench.echo" : "consent.given";
    if (notification.type !== expected) return;
    const mine = phase === "baseline" ? notification.id === slot.echoId : notification.data.parentId === slot.recipient.parentId;
    if (!mine) {
      misdelivered += 1;
      return;
    }
    if (slot.sentAt === null) return; // from an earlier phase or a catch-up: not this phase's notice
    if (slot.receivedAt !== null) duplicated += 1;
    else slot.receivedAt = at;
  }

  async function connect(recipients: Recipient[], concurrency: number) {
    const t0 = performance.now();
    const connected: Slot[] = new Array(recipients.length);
    await pool(recipients, concurrency, async (recipient, i) => {
      const socket: Client = io(recipient.socketUrl, { transports: ["websocket"], extraHeaders: { cookie: recipient.studentCookie }, reconnection: false });
      const slot: Slot = { recipient, socket, sentAt: null, receivedAt: null, echoId: "" };
      socket.on("notification:created", ({ notification }) => onNotice(slot, notification));
      await new Promise<void>((resolve, reject) => {
        socket.once("notification:synced", () => resolve());
        socket.once("connect_error", (error) => reject(new Error(`socket of ${recipient.studentId}: ${error.message}`)));
      });
      connected[i] = slot;
    });
    slots.push(...connected);
    return (performance.now() - t0) / 1000;
  }

  async function run(message: Extract<ToClient, { type: "run" }>): Promise<PhaseResult> {
    runId += 1;
    phase = message.phase;
    misdelivered = 0;
    duplicated = 0;
    for (const slot of slots) {
      slot.sentAt = null;
      slot.receivedAt = null;
      slot.echoId = `echo-${runId}-${slot.recipient.studentId}`;
    }
    // The warm-up round sends to its own recipients only; the measured one to the others.
    const round = slots.filter((slot) => slot.recipient.warmup === message.warmup);
    // Open loop: request i leaves at its time whether or not earlier ones were answered.
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const interval = 1000 / message.ratePerSecond;
    const responseLatencies: number[] = [];
    let sent = 0;
    let failed = 0;
    const inFlight: Promise<void>[] = [];
    await new Promise((r) => setTimeout(r, Math.max(0, message.startAt - Date.now())));
    const start = performance.now() + message.offsetMs;
    let lastSend = start;
    for (let i = 0; i < round.length; i++) {
      const slot = round[i]!;
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const { recipient } = slot;
      const [url, cookie, body] =
        phase === "baseline"
          ? [new URL("/__bench__/echo", recipient.socketUrl), "", { userId: recipient.studentId, id: slot.echoId }]
          : [new URL("/trpc/consent.give", recipient.requestUrl), recipient.parentCookie, { studentId: recipient.studentId, version: message.consentVersion }];
      const t0 = performance.now();
      slot.sentAt = t0;
      lastSend = t0;
      inFlight.push(
        post(agent, url, cookie, JSON.stringify(body)).then(
          (status) => {
            responseLatencies.push(performance.now() - t0);
            if (status >= 200 && status < 300) sent += 1;
            else failed += 1;
          },
          () => {
            failed += 1;
          },
        ),
      );
    }
    await Promise.all(inFlight);
    const settleUntil = performance.now() + message.settleMs;
    while (performance.now() < settleUntil && round.some((s) => s.receivedAt === null)) await new Promise((r) => setTimeout(r, 20));
    agent.destroy();
    const latencies = round.flatMap((s) => (s.receivedAt !== null && s.sentAt !== null ? [s.receivedAt - s.sentAt] : []));
    return {
      phase,
      sent,
      failed,
      delivered: latencies.length,
      duplicated,
      misdelivered,
      latencies,
      responseLatencies,
      sendSeconds: (lastSend - start) / 1000,
    };
  }

  process.on("message", (message: ToClient) => {
    const reply = (answer: FromClient) => process.send!(answer);
    const fail = (error: unknown) => reply({ type: "error", message: error instanceof Error ? error.message : String(error) });
    if (message.type === "connect") {
      connect(message.recipients, message.concurrency).then((seconds) => reply({ type: "connected", sockets: slots.length, seconds }), fail);
    } else if (message.type === "run") {
      run(message).then((result) => reply({ type: "result", result }), fail);
    } else {
      for (const slot of slots) slot.socket.disconnect();
      process.exit(0);
    }
  });
}

function post(agent: Agent, url: URL, cookie: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
    if (cookie) headers.cookie = cookie;
    const req = request(url, { method: "POST", agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) main();
