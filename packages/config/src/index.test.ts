import { describe, expect, it } from "vitest";
import { parseEnv } from "./index.ts";

describe("parseEnv", () => {
  it("defaults to PGlite on port 3000 with the origin derived from the port", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.APP_ORIGIN).toBe("http://localhost:3000");
    expect(env.COOKIE_SECURE).toBe(false);
    expect(env.SEED_DEMO).toBe(true);
  });

  it("turns secure cookies on in production and keeps demo data off a real database", () => {
    const env = parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://x/y", PORT: "8080" });
    expect(env.COOKIE_SECURE).toBe(true);
    expect(env.SEED_DEMO).toBe(false);
    expect(env.APP_ORIGIN).toBe("http://localhost:8080");
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ PORT: "many" })).toThrow(/PORT/);
    expect(() => parseEnv({ APP_ORIGIN: "not a url" })).toThrow(/APP_ORIGIN/);
  });
});
