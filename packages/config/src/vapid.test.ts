import { describe, expect, it } from "vitest";
import { parseEnv } from "./index.ts";

const PUBLIC = `B${"A".repeat(86)}`;
const PRIVATE = "A".repeat(43);

describe("Web Push (VAPID) settings", () => {
  it("are optional: without them the platform makes a pair and keeps it", () => {
    const env = parseEnv({});
    expect(env.VAPID_PUBLIC_KEY).toBeUndefined();
    expect(env.VAPID_PRIVATE_KEY).toBeUndefined();
  });

  it("take both keys and a contact", () => {
    const env = parseEnv({ VAPID_PUBLIC_KEY: PUBLIC, VAPID_PRIVATE_KEY: PRIVATE, VAPID_SUBJECT: "mailto:bilet@example.ru" });
    expect(env).toMatchObject({ VAPID_PUBLIC_KEY: PUBLIC, VAPID_PRIVATE_KEY: PRIVATE, VAPID_SUBJECT: "mailto:bilet@example.ru" });
  });

  it("refuse one key without the other, a malformed key and a contact that is neither mailto: nor https:, in Russian", () => {
    expect(() => parseEnv({ VAPID_PUBLIC_KEY: PUBLIC })).toThrow(/задайте оба ключа VAPID или ни одного/);
    expect(() => parseEnv({ VAPID_PUBLIC_KEY: "short", VAPID_PRIVATE_KEY: PRIVATE })).toThrow(/VAPID_PUBLIC_KEY: ожидается открытый ключ VAPID/);
    expect(() => parseEnv({ VAPID_SUBJECT: "http://bilet.example.ru" })).toThrow(/VAPID_SUBJECT: ожидается mailto:адрес или https:\/\/адрес/);
  });
});
