import { describe, expect, it } from "vitest";
import { parseEnv, RETENTION_DEFAULTS } from "./index.ts";

describe("retention and background work settings", () => {
  it("keeps data for the documented terms by default and runs the jobs in the web server", () => {
    const env = parseEnv({});
    expect(env.RETENTION).toEqual(RETENTION_DEFAULTS);
    expect(env.RETENTION).toEqual({ readNotificationMonths: 6, emailBodyDays: 30, linkDays: 30, invitationDays: 90, auditMonths: 36, batchSize: 5000 });
    expect(env.RUN_JOBS).toBe(true);
    expect(env.WORKER_HEALTH_PORT).toBeUndefined();
  });

  it("takes each term from its variable, 0 meaning keep for ever", () => {
    const env = parseEnv({
      RETENTION_READ_NOTIFICATIONS_MONTHS: "3",
      RETENTION_EMAIL_BODIES_DAYS: "7",
      RETENTION_LINKS_DAYS: "1",
      RETENTION_INVITATIONS_DAYS: "0",
      RETENTION_AUDIT_MONTHS: "60",
      RETENTION_BATCH: "1000",
    });
    expect(env.RETENTION).toEqual({ readNotificationMonths: 3, emailBodyDays: 7, linkDays: 1, invitationDays: 0, auditMonths: 60, batchSize: 1000 });
  });

  it("refuses a negative or fractional term and an empty batch", () => {
    expect(() => parseEnv({ RETENTION_AUDIT_MONTHS: "-1" })).toThrow(/RETENTION_AUDIT_MONTHS/);
    expect(() => parseEnv({ RETENTION_EMAIL_BODIES_DAYS: "1.5" })).toThrow(/RETENTION_EMAIL_BODIES_DAYS/);
    expect(() => parseEnv({ RETENTION_BATCH: "0" })).toThrow(/RETENTION_BATCH/);
  });

  it("lets the web server leave the jobs to workers only on PostgreSQL", () => {
    expect(parseEnv({ RUN_JOBS: "false", DATABASE_URL: "postgres://db/bilet" }).RUN_JOBS).toBe(false);
    expect(() => parseEnv({ RUN_JOBS: "false" })).toThrow(/RUN_JOBS: false возможно только с DATABASE_URL/);
  });
});
