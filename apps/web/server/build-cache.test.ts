import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The hash turbo would give the web build under this environment (a dry run builds nothing). */
function webBuildHash(env: Record<string, string>): string {
  const out = execFileSync("npx", ["turbo", "run", "build", "--filter=@bilet/web", "--dry=json"], {
    cwd: ROOT,
    env: { ...process.env, ...env, TURBO_TELEMETRY_DISABLED: "1" },
    encoding: "utf8",
  });
  const plan = JSON.parse(out) as { tasks: { taskId: string; hash: string }[] };
  return plan.tasks.find((t) => t.taskId === "@bilet/web#build")!.hash;
}

describe("npm start reuses the build", () => {
  it("does not rebuild when only run-time settings differ (port, database, mail)", () => {
    const first = webBuildHash({ PORT: "3000", PGLITE_DIR: ".data/pglite" });
    const second = webBuildHash({ PORT: "3001", PGLITE_DIR: "/tmp/other", DATABASE_URL: "postgres://x/y", SMTP_URL: "smtp://m:25", APP_ORIGIN: "http://127.0.0.1:3001" });
    expect(second).toBe(first);
  });
});
