import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./client.ts";

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe("isDatabaseUnavailable", () => {
  it("recognises a database that cannot answer, however deeply the driver's error is wrapped", () => {
    for (const code of ["ECONNREFUSED", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "57P01", "57P03", "57014", "08006", "08001"]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
    // drizzle wraps the driver's error, tRPC wraps drizzle's.
    expect(isDatabaseUnavailable(new Error("trpc", { cause: new Error("drizzle", { cause: withCode("57P01") }) }))).toBe(true);
    // Node reports a refused connection to every address of a host at once.
    expect(isDatabaseUnavailable(new AggregateError([withCode("ECONNREFUSED")], "connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("PGlite is closed"))).toBe(true);
  });

  it("leaves errors of the request itself alone", () => {
    expect(isDatabaseUnavailable(withCode("23505"))).toBe(false);
    expect(isDatabaseUnavailable(withCode("22P02"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("a bug"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    const loop: Error & { cause?: unknown } = new Error("loop");
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});
