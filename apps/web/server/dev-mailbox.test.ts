import { describe, expect, it } from "vitest";
import type { Database } from "@bilet/db";
import { devMailboxFor, isLoopbackAddress } from "./dev-mailbox.ts";

const db = {} as Database;

describe("the development mailbox", () => {
  it("exists for a loopback origin without SMTP, for a client on this machine", () => {
    expect(devMailboxFor({ DEV_MAILBOX: true }, db, "127.0.0.1")).not.toBeNull();
    expect(devMailboxFor({ DEV_MAILBOX: true }, db, "::ffff:127.0.0.1")).not.toBeNull();
    expect(devMailboxFor({ DEV_MAILBOX: true }, db, "::1")).not.toBeNull();
  });

  it("does not exist for a client on the network, even on a loopback origin", () => {
    expect(devMailboxFor({ DEV_MAILBOX: true }, db, "192.168.1.20")).toBeNull();
    expect(devMailboxFor({ DEV_MAILBOX: true }, db, "::ffff:10.0.0.5")).toBeNull();
    expect(devMailboxFor({ DEV_MAILBOX: true }, db, undefined)).toBeNull();
  });

  it("does not exist where the environment turns it off (public origin or SMTP)", () => {
    expect(devMailboxFor({ DEV_MAILBOX: false }, db, "127.0.0.1")).toBeNull();
  });

  it("knows loopback addresses", () => {
    expect(isLoopbackAddress("127.8.9.10")).toBe(true);
    expect(isLoopbackAddress("128.0.0.1")).toBe(false);
    expect(isLoopbackAddress("::2")).toBe(false);
  });
});
