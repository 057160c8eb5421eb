import { describe, expect, it } from "vitest";
import { planLaunch } from "./launch.ts";

describe("npm start", () => {
  it("runs the web server alone on PGlite, with the jobs inside it", () => {
    const plan = planLaunch({});
    expect(plan.processes.map((p) => p.name)).toEqual(["web"]);
    expect(plan.processes[0]!.env.RUN_JOBS).toBeUndefined();
    expect(plan.processes[0]!.env.NODE_ENV).toBe("production");
    expect(plan.processes[0]!.entry).toMatch(/apps\/web\/server\/index\.ts$/);
  });

  it("runs the web server without jobs and a worker on PostgreSQL", () => {
    const plan = planLaunch({ DATABASE_URL: "postgres://db/bilet", PORT: "3226" });
    expect(plan.processes.map((p) => [p.name, p.env.RUN_JOBS])).toEqual([
      ["web", "false"],
      ["worker", undefined],
    ]);
    expect(plan.processes.every((p) => p.env.DATABASE_URL === "postgres://db/bilet" && p.env.PORT === "3226")).toBe(true);
    expect(plan.processes[1]!.entry).toMatch(/apps\/worker\/src\/index\.ts$/);
  });

  it("keeps the jobs in the web server on PostgreSQL when RUN_JOBS=true says so", () => {
    expect(planLaunch({ DATABASE_URL: "postgres://db/bilet", RUN_JOBS: "true" }).processes.map((p) => p.name)).toEqual(["web"]);
  });

  it("refuses settings the processes would refuse, before starting any", () => {
    expect(() => planLaunch({ RUN_JOBS: "false" })).toThrow(/RUN_JOBS/);
    expect(() => planLaunch({ RETENTION_AUDIT_MONTHS: "-1" })).toThrow(/RETENTION_AUDIT_MONTHS/);
  });
});
