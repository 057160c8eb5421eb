import { spawn, type ChildProcess } from "node:child_process";
import { planLaunch, type LaunchPlan } from "./launch.ts";

/** `npm start`: starts what planLaunch says, forwards stop signals, and stops all when one process ends. */
async function main() {
  let plan: LaunchPlan;
  try {
    plan = planLaunch(process.env);
  } catch (error) {
    console.error(`Платформа не запущена. ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.log(plan.note);
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const child of children.values()) if (child.exitCode === null) child.kill(signal);
  };
  let exitCode = 0;
  for (const p of plan.processes) {
    const child = spawn(process.execPath, ["--import", "tsx", p.entry], { cwd: p.cwd, env: p.env, stdio: "inherit" });
    children.set(p.name, child);
    child.on("exit", (code, signal) => {
      children.delete(p.name);
      // One process gone for good means the platform is not whole: stop the rest and say so.
      if (!stopping) {
        console.error(`Процесс ${p.name} завершился (${signal ?? `код ${code}`}), останавливаю остальные.`);
        exitCode = code || 1;
        stopAll("SIGTERM");
      }
      if (children.size === 0) process.exit(exitCode);
    });
  }
  process.on("SIGINT", () => stopAll("SIGINT"));
  process.on("SIGTERM", () => stopAll("SIGTERM"));
}

await main();
