import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { decodeCursor, MAX_PAGE_SIZE, PAGE_SIZE, pageOf, type Page } from "@bilet/validators";

/**
 * One part of a list's order: a column (or an expression with its SQL type)
 * that is never null. The last part must make the order total (an id), so rows
 * with equal values elsewhere keep their place from page to page.
 */
export interface SortKey {
  by: AnyColumn | SQL;
  /** The SQL type of an expression, for the cursor's value; a column knows its own. */
  type?: string;
  desc?: boolean;
}

function typeOf(key: SortKey): string {
  if (key.type) return key.type;
  const column = key.by as AnyColumn;
  if (typeof column.getSQLType !== "function") throw new Error("a sort expression needs its SQL type");
  return column.getSQLType();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// How PostgreSQL prints a timestamptz (DateStyle ISO): 2026-11-25 09:22:12.123456+00, +05:30 and the like.
const TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)$/;

/** A real calendar moment: the cast must not fail on 31 February or hour 25. */
function isMoment(value: string): boolean {
  const m = TIMESTAMPTZ.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h <= 23 && mi <= 59 && sec <= 59;
}

/**
 * Whether `value` (a part of a cursor, which the address carries and anyone
 * can edit) casts to `type` without an error, so a tampered cursor can never
 * make a query fail: it only gives the first page.
 */
export function cursorValueFits(type: string, value: string): boolean {
  switch (type) {
    case "text":
      return true;
    case "uuid":
      return UUID.test(value);
    case "timestamp with time zone":
      return isMoment(value);
    case "smallint":
      return /^-?\d{1,4}$/.test(value);
    case "integer":
      return /^-?\d{1,9}$/.test(value);
    case "numeric":
      return /^-?\d{1,20}(\.\d{1,20})?$/.test(value);
    default:
      throw new Error(`a cursor cannot carry a ${type}`);
  }
}

/**
 * Keyset pagination over `keys`: the order, the condition «after the cursor»,
 * the cursor of each row (its key as the database prints it, so timestamps keep
 * their microseconds), and the number of rows to read (one more than a page, to
 * know whether another page follows); `page` turns the rows read into a page.
 * Cursors are made and read by @bilet/validators (encodeCursor, decodeCursor).
 */
export function keyset(keys: SortKey[], page: { cursor?: string | null; limit?: number } = {}) {
  const limit = Math.min(Math.max(page.limit ?? PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const types = keys.map(typeOf);
  const decoded = decodeCursor(page.cursor, keys.length);
  const values = decoded?.every((v, i) => cursorValueFits(types[i]!, v)) ? decoded : null;
  const typed = values?.map((v, i) => sql`cast(${v} as ${sql.raw(types[i]!)})`);
  let after: SQL | undefined;
  if (typed) {
    const sameWay = keys.every((k) => Boolean(k.desc) === Boolean(keys[0]!.desc));
    if (sameWay) {
      // A row comparison, which a btree index on the same columns answers directly.
      const row = sql.join(keys.map((k) => sql`${k.by}`), sql`, `);
      after = sql`(${row}) ${sql.raw(keys[0]!.desc ? "<" : ">")} (${sql.join(typed, sql`, `)})`;
    } else {
      // (a after x) or (a = x and b after y) or …
      const ors = keys.map((k, i) => {
        const equal = keys.slice(0, i).map((prev, j) => sql`${prev.by} = ${typed[j]}`);
        return sql.join([...equal, sql`${k.by} ${sql.raw(k.desc ? "<" : ">")} ${typed[i]}`], sql` and `);
      });
      after = sql`(${sql.join(ors.map((o) => sql`(${o})`), sql` or `)})`;
    }
  }
  return {
    limit,
    /** Read this many rows: a page and one more. */
    take: limit + 1,
    after,
    orderBy: keys.map((k) => (k.desc ? desc(k.by) : asc(k.by))),
    cursor: sql<string>`json_build_array(${sql.join(
      keys.map((k) => sql`(${k.by})::text`),
      sql`, `,
    )})::text`,
    /** The first `limit` rows as items, and the cursor of the next page. */
    page: <R extends { cursor: string }, T>(rows: readonly R[], toItem: (row: R) => T): Page<T> => pageOf(rows, limit, toItem),
  };
}

/** `words` for LIKE/ILIKE with LIKE's own characters taken literally. */
export function likeEscaped(words: string): string {
  return words.replace(/[\\%_]/g, (c) => `\\${c}`);
}
