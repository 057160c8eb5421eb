import { eq, sql } from "drizzle-orm";
import { rateLimits, type DbOrTx } from "@bilet/db";
import { AppError } from "./errors.ts";

export interface Limit {
  /** How many hits a window allows. */
  max: number;
  windowSeconds: number;
}

/**
 * Limits per IP address are generous (a school class may register from one
 * address) and scale with RATE_LIMIT_FACTOR; limits per email address protect
 * that person and do not scale. A factor of 0 turns every limit off.
 *
 * No limit may be a weapon against the person it protects (docs/decisions/0007):
 * wrong passwords refuse only the address they come from (the account and that
 * IP together); across all addresses they only slow the account's logins down,
 * so the owner's right password still gets through. Letters have a budget per
 * kind, so sign-up attempts with someone's address never use up their password
 * resets, and the budget is kept per sender IP as well as per address.
 */
export const LIMITS = {
  loginPerIp: { max: 300, windowSeconds: 15 * 60 },
  loginFailuresPerAccountAndIp: { max: 5, windowSeconds: 15 * 60 },
  /** Past this many failures from anywhere, every login to the account waits LOGIN_SLOWDOWN_MS; none is refused. */
  loginFailuresPerAccount: { max: 10, windowSeconds: 15 * 60 },
  registrationPerIp: { max: 100, windowSeconds: 60 * 60 },
  lettersPerAddressAndIp: { max: 3, windowSeconds: 60 * 60 },
  lettersPerAddress: { max: 10, windowSeconds: 60 * 60 },
  emailPerIp: { max: 100, windowSeconds: 60 * 60 },
  invitationsPerUser: { max: 20, windowSeconds: 24 * 60 * 60 },
} satisfies Record<string, Limit>;

/** The small extra step for an account under a password-guessing attack: a pause before the answer, right or wrong. */
export const LOGIN_SLOWDOWN_MS = 2000;

/** Kinds of letters a person can cause to be sent to an address; each has its own budget. */
export type LetterKind = "registration" | "activation" | "password_reset" | "invitation" | "email_change";

/** Per-person limits are either on (1) or off (0), never scaled. */
export const personalFactor = (factor: number) => (factor === 0 ? 0 : 1);

function scaled(limit: Limit, factor: number): number {
  return Math.max(1, Math.round(limit.max * factor));
}

/**
 * Counts one hit against `key` in a fixed window shared by all instances (one
 * upsert). Returns the hits so far in this window, including this one.
 */
export async function countHit(db: DbOrTx, key: string, limit: Limit): Promise<{ hits: number; retryAfterSeconds: number }> {
  const window = sql.raw(`interval '${limit.windowSeconds} seconds'`);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStartedAt: sql`now()`, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${rateLimits.windowStartedAt} + ${window} <= now() then 1 else ${rateLimits.hits} + 1 end`,
        windowStartedAt: sql`case when ${rateLimits.windowStartedAt} + ${window} <= now() then now() else ${rateLimits.windowStartedAt} end`,
      },
    })
    .returning({
      hits: rateLimits.hits,
      retryAfterSeconds: sql<number>`ceil(extract(epoch from (${rateLimits.windowStartedAt} + ${window} - now())))::int`,
    });
  return row!;
}

/** Current hits without counting one. */
export async function peekHits(db: DbOrTx, key: string, limit: Limit): Promise<{ hits: number; retryAfterSeconds: number }> {
  const window = sql.raw(`interval '${limit.windowSeconds} seconds'`);
  const [row] = await db
    .select({
      hits: sql<number>`case when ${rateLimits.windowStartedAt} + ${window} <= now() then 0 else ${rateLimits.hits} end`,
      retryAfterSeconds: sql<number>`ceil(extract(epoch from (${rateLimits.windowStartedAt} + ${window} - now())))::int`,
    })
    .from(rateLimits)
    .where(eq(rateLimits.key, key));
  return row ?? { hits: 0, retryAfterSeconds: 0 };
}

export async function resetHits(db: DbOrTx, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

export function tooManyAttempts(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError("RATE_LIMITED", `Слишком много попыток. Попробуйте снова через ${minutes} мин.`, { retryAfterSeconds });
}

/** Counts a hit and throws RATE_LIMITED once the scaled limit is passed. */
export async function enforceLimit(db: DbOrTx, key: string, limit: Limit, factor: number): Promise<void> {
  if (factor === 0) return;
  const { hits, retryAfterSeconds } = await countHit(db, key, limit);
  if (hits > scaled(limit, factor)) throw tooManyAttempts(retryAfterSeconds);
}

/** Throws RATE_LIMITED when the key is already at its limit (without counting). */
export async function assertUnderLimit(db: DbOrTx, key: string, limit: Limit, factor: number): Promise<void> {
  if (factor === 0) return;
  const { hits, retryAfterSeconds } = await peekHits(db, key, limit);
  if (hits >= scaled(limit, factor)) throw tooManyAttempts(retryAfterSeconds);
}

/**
 * Counts one letter of `kind` to `address` requested from `ip`, and refuses
 * once either that sender's budget for the address or the address's own
 * budget for this kind is spent.
 */
export async function limitLetters(db: DbOrTx, kind: LetterKind, address: string, ip: string | null, factor: number): Promise<void> {
  const personal = personalFactor(factor);
  await enforceLimit(db, `letters:${kind}:${address}:ip:${ip ?? "-"}`, LIMITS.lettersPerAddressAndIp, personal);
  await enforceLimit(db, `letters:${kind}:${address}`, LIMITS.lettersPerAddress, personal);
}
