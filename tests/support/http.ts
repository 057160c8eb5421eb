import { spawn, type ChildProcess } from "node:child_process";
import { createTRPCClient, httpBatchLink, httpLink } from "@trpc/client";
import type { AppRouter } from "@bilet/api";

/** A tRPC client over real HTTP that keeps its cookies, like one browser. */
export function httpClient(baseUrl: string, options: { batch?: boolean } = {}) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const link = (options.batch ?? true) ? httpBatchLink : httpLink;
  const trpc = createTRPCClient<AppRouter>({
    links: [
      link({
        url: `${baseUrl}/trpc`,
        headers: () => (jar.size ? { cookie: cookie() } : {}),
        fetch: async (url, init) => {
          const response = await fetch(url, init as RequestInit);
          for (const set of response.headers.getSetCookie()) {
            const [pair] = set.split(";");
            const [name, ...value] = pair!.split("=");
            if (/Max-Age=0/i.test(set)) jar.delete(name!);
            else jar.set(name!, value.join("="));
          }
          return response;
        },
      }),
    ],
  });
  return { trpc, cookie };
}

export interface AppProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts `apps/web/server/index.ts --api-only` as a separate process and waits until it answers. */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = env.PORT!;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/index.ts", "--api-only"], {
    cwd: new URL("../../apps/web/", import.meta.url),
    env: { ...process.env, NODE_ENV: "test", SEED_DEMO: "false", ESIA_STUB: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app process exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/trpc/auth.me`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app process did not start in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
