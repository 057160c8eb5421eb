/**
 * HTTP load from a child process, so that the clients' own work (fetch,
 * JSON, timers) does not eat the event loop of the server under test.
 */
import { performance } from "node:perf_hooks";
import { fork } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { pool } from "./stats.ts";

export interface LoadRequest {
  path: string;
  cookie: string;
  body: unknown;
}

interface LoadJob {
  baseUrl: string;
  requests: LoadRequest[];
  concurrency: number;
}

export interface LoadResult {
  /** Per request, start to the last byte of the answer. */
  latencies: number[];
  /** Answers other than 2xx. */
  failures: number;
  seconds: number;
}

/** POSTs every request as JSON with at most `concurrency` in flight, from a child process. */
export function postFromChild(job: LoadJob): Promise<LoadResult> {
  const child = fork(fileURLToPath(import.meta.url), { execArgv: ["--import", "tsx"] });
  return new Promise((resolve, reject) => {
    child.once("message", (result) => {
      resolve(result as LoadResult);
      child.kill();
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`load clients exited with ${code}`)));
    child.send(job);
  });
}

async function run({ baseUrl, requests, concurrency }: LoadJob): Promise<LoadResult> {
  // node:http with keep-alive costs the clients far less CPU than fetch, which
  // matters when they share the machine with the server and the database.
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  await pool(requests, concurrency, async (r) => {
    const t0 = performance.now();
    const status = await post(agent, new URL(r.path, baseUrl), r.cookie, JSON.stringify(r.body));
    latencies.push(performance.now() - t0);
    if (status < 200 || status >= 300) failures += 1;
  });
  agent.destroy();
  return { latencies, failures, seconds: (performance.now() - started) / 1000 };
}

function post(agent: Agent, url: URL, cookie: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), cookie } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.once("message", async (job) => {
    process.send!(await run(job as LoadJob));
  });
}
