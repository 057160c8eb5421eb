import { describe, expect, it } from "vitest";
import { describeDevice, sessionHandle } from "./session-list.ts";

describe("the device a session list shows", () => {
  it("names the browser and the system from the User-Agent", () => {
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")).toBe("Chrome, Windows");
    expect(describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")).toBe("Safari, iOS");
    expect(describeDevice("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36")).toBe("Chrome, Android");
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 YaBrowser/24.1.0.0 Safari/537.36")).toBe("Яндекс Браузер, Windows");
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0")).toBe("Firefox, Windows");
  });

  it("says so when it cannot tell", () => {
    expect(describeDevice(null)).toBe("Неизвестное устройство");
    expect(describeDevice("curl-like robot")).toBe("Неизвестное устройство");
  });

  it("names a session by a hash of its id, never the id itself", () => {
    const id = "abcdefghijklmnopqrstuvwxyz012345";
    expect(sessionHandle(id)).toMatch(/^[0-9a-f]{32}$/);
    expect(sessionHandle(id)).not.toContain(id);
    expect(sessionHandle(id)).toBe(sessionHandle(id));
    expect(sessionHandle(`${id}x`)).not.toBe(sessionHandle(id));
  });
});
