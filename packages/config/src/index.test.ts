import { describe, expect, it } from "vitest";
import { isLoopbackOrigin, parseEnv } from "./index.ts";

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

  it("keeps a public origin safe by default: no demo accounts, no ESIA stand-in, no dev mailbox", () => {
    const env = parseEnv({ NODE_ENV: "production", APP_ORIGIN: "https://bilet.example.ru", SMTP_URL: "smtp://mail.example.ru:25" });
    expect(env.LOOPBACK_ORIGIN).toBe(false);
    expect(env.SEED_DEMO).toBe(false);
    expect(env.ESIA_STUB).toBe(false);
    expect(env.DEV_MAILBOX).toBe(false);
    // PGlite on a public origin too: the database kind does not decide it.
    expect(parseEnv({ APP_ORIGIN: "https://bilet.example.ru", SMTP_URL: "smtp://m:25" }).SEED_DEMO).toBe(false);
  });

  it("gives a public origin demo data and the stand-in only when asked for explicitly", () => {
    const env = parseEnv({ APP_ORIGIN: "http://203.0.113.5:3000", SMTP_URL: "smtp://m:25", SEED_DEMO: "true", ESIA_STUB: "true" });
    expect(env.SEED_DEMO).toBe(true);
    expect(env.ESIA_STUB).toBe(true);
    expect(env.DEV_MAILBOX).toBe(false);
  });

  it("refuses to start on a public origin without SMTP_URL, with a message that says why", () => {
    expect(() => parseEnv({ APP_ORIGIN: "https://bilet.example.ru" })).toThrow(/SMTP_URL: обязателен для публичного адреса https:\/\/bilet\.example\.ru/);
    expect(() => parseEnv({ APP_ORIGIN: "http://192.168.1.10:3000" })).toThrow(/SMTP_URL/);
  });

  it("treats localhost, 127.0.0.1 and [::1] as loopback, with the dev mailbox and stand-in on", () => {
    for (const origin of ["http://localhost:3000", "http://127.0.0.1:8080", "http://[::1]:3000"]) {
      expect(isLoopbackOrigin(origin)).toBe(true);
      const env = parseEnv({ APP_ORIGIN: origin });
      expect(env.DEV_MAILBOX).toBe(true);
      expect(env.ESIA_STUB).toBe(true);
    }
    expect(isLoopbackOrigin("http://localhost.evil.example")).toBe(false);
    expect(isLoopbackOrigin("http://127.0.0.1.nip.io")).toBe(false);
    expect(parseEnv({ SMTP_URL: "smtp://m:25" }).DEV_MAILBOX).toBe(false);
  });

  it("refuses the end-to-end test factory on a public origin", () => {
    expect(() => parseEnv({ APP_ORIGIN: "https://bilet.example.ru", SMTP_URL: "smtp://m:25", TEST_FACTORY_SECRET: "0123456789abcdef0123" })).toThrow(/TEST_FACTORY_SECRET/);
    expect(parseEnv({ TEST_FACTORY_SECRET: "0123456789abcdef0123" }).TEST_FACTORY_SECRET).toBe("0123456789abcdef0123");
  });

  it("names the variable that is wrong", () => {
    expect(() => parseEnv({ PORT: "many" })).toThrow(/PORT/);
    expect(() => parseEnv({ APP_ORIGIN: "not a url" })).toThrow(/APP_ORIGIN/);
  });
});
