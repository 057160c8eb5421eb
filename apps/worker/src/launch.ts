import { fileURLToPath } from "node:url";
import { parseEnv } from "@bilet/config";

/**
 * `npm start`: everything in one command. On PostgreSQL that is the web server
 * (RUN_JOBS=false) and one worker, two processes; on PGlite, whose folder only
 * one process may open, the web server alone runs the jobs too. In production
 * start them separately (README «Several instances on one PostgreSQL»).
 */
export interface LaunchedProcess {
  name: "web" | "worker";
  /** Entry file, run as `node --import tsx <entry>`. */
  entry: string;
  cwd: string;
  env: Record<string, string | undefined>;
}

export interface LaunchPlan {
  processes: LaunchedProcess[];
  /** One line for the console: where the background work runs. */
  note: string;
}

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const WEB_ENTRY = fileURLToPath(new URL("../../web/server/index.ts", import.meta.url));
const WORKER_ENTRY = fileURLToPath(new URL("./index.ts", import.meta.url));

export function planLaunch(source: Record<string, string | undefined>): LaunchPlan {
  // The same check both processes make, once, before anything starts.
  parseEnv(source);
  const env = { ...source, NODE_ENV: source.NODE_ENV ?? "production" };
  const web = (extra: Record<string, string> = {}): LaunchedProcess => ({ name: "web", entry: WEB_ENTRY, cwd: fileURLToPath(new URL("../../web/", import.meta.url)), env: { ...env, ...extra } });
  if (!source.DATABASE_URL) {
    return { processes: [web()], note: "PGlite: фоновые задачи и отправка писем работают в процессе веб-сервера." };
  }
  if (source.RUN_JOBS === "true") {
    return { processes: [web()], note: "RUN_JOBS=true: фоновые задачи и отправка писем работают в процессе веб-сервера." };
  }
  return {
    processes: [web({ RUN_JOBS: "false" }), { name: "worker", entry: WORKER_ENTRY, cwd: REPO_ROOT, env }],
    note: "PostgreSQL: веб-сервер и фоновый процесс (apps/worker) запущены отдельно.",
  };
}
