import { isIP } from "node:net";
import type { Env } from "@bilet/config";
import type { Database } from "@bilet/db";
import { getMailboxEmail, mailboxPage } from "@bilet/mail";
import { isCursor } from "@bilet/validators";

/** What /dev/mailbox reads; handed to Remix loaders only where the mailbox may exist. */
export interface DevMailbox {
  /** A page of letters, newest first; `after` is the cursor of the page before. */
  list(to?: string, after?: string | null): ReturnType<typeof mailboxPage>;
  byId(id: string): ReturnType<typeof getMailboxEmail>;
}

/** Letters on one page of the mailbox. */
export const MAILBOX_PAGE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 127.0.0.0/8, ::1 and the IPv4-mapped form of a loopback address. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith("127.");
  return plain === "::1";
}

/**
 * The development mailbox shows every letter, password resets included, so it
 * exists only on a loopback origin without SMTP, and only for a client on this
 * machine. It is not a tRPC procedure: nothing outside the page can call it.
 */
export function devMailboxFor(env: Pick<Env, "DEV_MAILBOX">, db: Database, clientAddress: string | undefined): DevMailbox | null {
  if (!env.DEV_MAILBOX || !isLoopbackAddress(clientAddress)) return null;
  return {
    list: (to, after) => mailboxPage(db, { to: to?.trim().slice(0, 254) || undefined, cursor: isCursor(after) ? after : undefined, limit: MAILBOX_PAGE }),
    byId: async (id) => (UUID.test(id) ? getMailboxEmail(db, id) : null),
  };
}
