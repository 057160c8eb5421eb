import { z } from "zod";

/**
 * Lists that grow with the number of people are read a page at a time, by
 * keyset: a page ends at its last row, and the next page starts after that
 * row's sort key. The key travels as an opaque cursor in the address
 * (`?after=…`), so a page works without JavaScript.
 */

/** Rows on one page of a list, unless the list says otherwise. */
export const PAGE_SIZE = 20;
/** The most rows any caller may ask for in one page. */
export const MAX_PAGE_SIZE = 100;

/** A page of a list and the cursor of the next page (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;

/** Whether `value` looks like a cursor this platform makes (so an address param can be passed on safely). */
export function isCursor(value: unknown): value is string {
  return typeof value === "string" && CURSOR.test(value);
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(cursor: string): string {
  const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The sort key of a page's last row (each part as the database prints it) as an opaque cursor. */
export function encodeCursor(key: readonly string[]): string {
  return toBase64Url(JSON.stringify(key));
}

/**
 * The sort key inside a cursor, or null when the cursor is not one of ours or
 * has the wrong number of parts (then the list starts from the beginning).
 */
export function decodeCursor(cursor: string | null | undefined, parts: number): string[] | null {
  if (!isCursor(cursor)) return null;
  try {
    const key: unknown = JSON.parse(fromBase64Url(cursor));
    if (!Array.isArray(key) || key.length !== parts || !key.every((p) => typeof p === "string" && p.length <= 200)) return null;
    return key as string[];
  } catch {
    return null;
  }
}

/** The first `limit` rows and the cursor after the last of them, from `limit + 1` rows read. */
export function pageOf<R extends { cursor: string }, T>(rows: readonly R[], limit: number, toItem: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  return { items: items.map(toItem), nextCursor: rows.length > limit ? encodeCursor(JSON.parse(items[items.length - 1]!.cursor) as string[]) : null };
}

/** The `cursor` and `limit` of a list procedure's input. */
export const pageInput = {
  cursor: z.string().regex(CURSOR, "Ссылка на страницу списка повреждена: откройте список с начала").optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
};

/** The input of a list procedure that takes nothing but a page. */
export const listPageInput = z.object(pageInput).default({});
