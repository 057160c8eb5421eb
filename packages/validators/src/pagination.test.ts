import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, isCursor, pageOf } from "./pagination.ts";

describe("cursors", () => {
  it("round-trip a sort key, Cyrillic and microseconds included, through an address-safe string", () => {
    const key = ["2026-11-25 09:22:12.123456+00", "Ёжикова", "3f1e7a0c-0000-4000-8000-000000000001"];
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(isCursor(cursor)).toBe(true);
    expect(decodeCursor(cursor, 3)).toEqual(key);
    expect(new URLSearchParams({ after: cursor }).toString()).toBe(`after=${cursor}`);
  });

  it("give null for anything that is not a cursor of the expected shape", () => {
    const two = encodeCursor(["a", "b"]);
    expect(decodeCursor(two, 3)).toBeNull();
    expect(decodeCursor(undefined, 1)).toBeNull();
    expect(decodeCursor("", 1)).toBeNull();
    expect(decodeCursor("не курсор", 1)).toBeNull();
    expect(decodeCursor("%%%", 1)).toBeNull();
    expect(decodeCursor("x".repeat(600), 1)).toBeNull();
    // Valid base64url that is no JSON, JSON that is no array of strings, bytes that are no UTF-8.
    expect(decodeCursor("YWJj", 1)).toBeNull();
    expect(decodeCursor(btoa(JSON.stringify([1])).replace(/=+$/, ""), 1)).toBeNull();
    expect(decodeCursor(btoa(JSON.stringify({ a: "b" })).replace(/=+$/, ""), 1)).toBeNull();
    expect(decodeCursor("_-_-", 1)).toBeNull();
    expect(isCursor("a+b")).toBe(false);
    expect(isCursor(42)).toBe(false);
  });
});

describe("pageOf", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, cursor: JSON.stringify([String(i)]) }));

  it("keeps at most `limit` items and points the next cursor at the last one kept", () => {
    const page = pageOf(rows(4), 3, (r) => r.id);
    expect(page.items).toEqual([0, 1, 2]);
    expect(decodeCursor(page.nextCursor, 1)).toEqual(["2"]);
  });

  it("says there is no next page when no extra row was read", () => {
    expect(pageOf(rows(3), 3, (r) => r.id)).toEqual({ items: [0, 1, 2], nextCursor: null });
    expect(pageOf(rows(0), 3, (r) => r.id)).toEqual({ items: [], nextCursor: null });
  });
});
