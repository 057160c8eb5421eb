/**
 * The real server (apps/web/server/index.ts) as a child process of the
 * benchmark, so that the measuring clients never share its event loop.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const WEB = fileURLToPath(new URL("../../apps/web/", import.meta.url));

export interface AppChild {
  url: string;
  port: number;
  /** What the server printed (kept for error messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface AppChildOptions {
  port: number;
  databaseUrl: string;
  /** production serves the built pages (needs `npm run build`); api-only serves /trpc and sockets only. */
  mode: "production" | "api-only";
  env?: Record<string, string>;
}

/** Starts the server and resolves once GET /health answers 200. */
export async function startAppChild({ port, databaseUrl, mode, env = {} }: AppChildOptions): Promise<AppChild> {
  if (mode === "production" && !existsSync(new URL("build/server/index.js", `file://${WEB}`))) {
    throw new Error("apps/web/build is missing: run `npm run build` first (npm run bench:scale does).");
  }
  const origin = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/index.ts", ...(mode === "api-only" ? ["--api-only"] : [])], {
    cwd: WEB,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_ORIGIN: origin,
      DATABASE_URL: databaseUrl,
      COOKIE_SECURE: "false",
      SEED_DEMO: "false",
      ESIA_STUB: "false",
      RATE_LIMIT_FACTOR: "0",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server on port ${port} exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${origin}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server on port ${port} did not answer /health in 120 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: origin,
    port,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
