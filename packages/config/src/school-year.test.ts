import { describe, expect, it } from "vitest";
import { parseEnv } from "./index.ts";

describe("SCHOOL_YEAR_START", () => {
  it("defaults to 1 September", () => {
    expect(parseEnv({}).SCHOOL_YEAR_START).toBe("09-01");
  });

  it("takes another day of the year as MM-DD", () => {
    expect(parseEnv({ SCHOOL_YEAR_START: "08-25" }).SCHOOL_YEAR_START).toBe("08-25");
    expect(parseEnv({ SCHOOL_YEAR_START: " 12-31 " }).SCHOOL_YEAR_START).toBe("12-31");
  });

  it("refuses what is not a day of every year, naming the variable", () => {
    for (const wrong of ["9-1", "09/01", "13-01", "00-10", "09-31", "02-29", "09-00", "сентябрь"]) {
      expect(() => parseEnv({ SCHOOL_YEAR_START: wrong }), wrong).toThrow(/SCHOOL_YEAR_START/);
    }
  });
});
