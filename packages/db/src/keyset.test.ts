import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { encodeCursor } from "@bilet/validators";
import { cursorValueFits, keyset } from "./keyset.ts";
import { notifications, trials } from "./schema/index.ts";

const dialect = new PgDialect({ casing: "snake_case" });
const keys = () => [
  { by: notifications.createdAt, desc: true },
  { by: notifications.id, desc: true },
];

describe("cursor values", () => {
  it("accept what PostgreSQL prints for each type", () => {
    expect(cursorValueFits("timestamp with time zone", "2026-11-25 09:22:12.123456+00")).toBe(true);
    expect(cursorValueFits("timestamp with time zone", "2026-02-28 23:59:59+05:30")).toBe(true);
    expect(cursorValueFits("timestamp with time zone", "2026-11-25 09:22:12+03")).toBe(true);
    expect(cursorValueFits("uuid", "3f1e7a0c-0000-4000-8000-000000000001")).toBe(true);
    expect(cursorValueFits("numeric", "72.5")).toBe(true);
    expect(cursorValueFits("integer", "-17")).toBe(true);
    expect(cursorValueFits("text", "Ёжикова'); drop table users; --")).toBe(true);
  });

  it("refuse what would make the cast fail, so a tampered cursor never breaks a query", () => {
    expect(cursorValueFits("timestamp with time zone", "2026-02-31 10:00:00+00")).toBe(false);
    expect(cursorValueFits("timestamp with time zone", "2026-11-25 25:00:00+00")).toBe(false);
    expect(cursorValueFits("timestamp with time zone", "вчера")).toBe(false);
    expect(cursorValueFits("uuid", "not-a-uuid")).toBe(false);
    expect(cursorValueFits("numeric", "1e400")).toBe(false);
    expect(cursorValueFits("smallint", "99999")).toBe(false);
    expect(() => cursorValueFits("jsonb", "{}")).toThrow();
  });
});

describe("keyset", () => {
  it("reads one row more than a page, at most the largest page", () => {
    expect(keyset(keys()).take).toBe(21);
    expect(keyset(keys(), { limit: 5 }).take).toBe(6);
    expect(keyset(keys(), { limit: 10_000 }).limit).toBe(100);
  });

  it("continues after the cursor with one row comparison when every key goes the same way", () => {
    const { after } = keyset(keys(), { cursor: encodeCursor(["2026-11-25 09:22:12.123456+00", "3f1e7a0c-0000-4000-8000-000000000001"]) });
    const query = dialect.sqlToQuery(after!);
    expect(query.sql).toBe('("notifications"."created_at", "notifications"."id") < (cast($1 as timestamp with time zone), cast($2 as uuid))');
    expect(query.params).toEqual(["2026-11-25 09:22:12.123456+00", "3f1e7a0c-0000-4000-8000-000000000001"]);
  });

  it("spells the comparison out when keys go different ways (best fit first, then the soonest)", () => {
    const { after, orderBy } = keyset(
      [{ by: sql`fit`, type: "numeric", desc: true }, { by: trials.startsAt }, { by: trials.id }],
      { cursor: encodeCursor(["72.5", "2026-11-25 09:00:00+00", "3f1e7a0c-0000-4000-8000-000000000001"]) },
    );
    expect(dialect.sqlToQuery(after!).sql).toBe(
      '((fit < cast($1 as numeric)) or (fit = cast($2 as numeric) and "trials"."starts_at" > cast($3 as timestamp with time zone)) or (fit = cast($4 as numeric) and "trials"."starts_at" = cast($5 as timestamp with time zone) and "trials"."id" > cast($6 as uuid)))',
    );
    expect(orderBy).toHaveLength(3);
  });

  it("starts from the beginning for a cursor of another list or with values that do not fit", () => {
    expect(keyset(keys(), { cursor: encodeCursor(["a"]) }).after).toBeUndefined();
    expect(keyset(keys(), { cursor: encodeCursor(["2026-02-31 10:00:00+00", "3f1e7a0c-0000-4000-8000-000000000001"]) }).after).toBeUndefined();
    expect(keyset(keys(), { cursor: "%%%" }).after).toBeUndefined();
  });
});
