import { describe, expect, it } from "vitest";
import { parseEnv } from "./index.ts";

describe("DATA_DELETION_GRACE_DAYS", () => {
  it("waits 30 days by default and takes another number of days", () => {
    expect(parseEnv({}).DATA_DELETION_GRACE_DAYS).toBe(30);
    expect(parseEnv({ DATA_DELETION_GRACE_DAYS: "7" }).DATA_DELETION_GRACE_DAYS).toBe(7);
  });

  it("refuses no wait at all, a fraction, and more than the 30 days the law allows", () => {
    for (const value of ["0", "2.5", "31", "много"]) {
      expect(() => parseEnv({ DATA_DELETION_GRACE_DAYS: value }), value).toThrow(/DATA_DELETION_GRACE_DAYS/);
    }
  });
});
