import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { DbOrTx } from "@bilet/db";
import { isNoticeKind, type NoticeKindId } from "./kinds.ts";
import { settingOnce } from "./settings.ts";

/**
 * Unsubscribe links in informational letters work without signing in: they
 * carry the person, the kind and an HMAC of both under a key made once and
 * kept in app_settings. A link switches off that kind's letters for that
 * person only, and only after a click on its page (mail scanners open links).
 */
const KEY_SETTING = "unsubscribe_signing_key";

async function signingKey(db: DbOrTx): Promise<Buffer> {
  const { key } = await settingOnce(db, KEY_SETTING, () => ({ key: randomBytes(32).toString("base64url") }));
  return Buffer.from(String(key), "base64url");
}

const mac = (key: Buffer, userId: string, kind: string) => createHmac("sha256", key).update(`unsubscribe:${userId}:${kind}`).digest("base64url");

export interface UnsubscribeToken {
  u: string;
  k: string;
  s: string;
}

export async function unsubscribeToken(db: DbOrTx, userId: string, kind: NoticeKindId): Promise<UnsubscribeToken> {
  return { u: userId, k: kind, s: mac(await signingKey(db), userId, kind) };
}

export async function unsubscribeUrl(db: DbOrTx, origin: string, userId: string, kind: NoticeKindId): Promise<string> {
  const t = await unsubscribeToken(db, userId, kind);
  return `${origin}/unsubscribe?${new URLSearchParams({ u: t.u, k: t.k, s: t.s })}`;
}

/** The person and kind a link names, if its signature is ours; null for anything else. */
export async function verifyUnsubscribe(db: DbOrTx, token: UnsubscribeToken): Promise<{ userId: string; kind: NoticeKindId } | null> {
  if (!isNoticeKind(token.k)) return null;
  const expected = Buffer.from(mac(await signingKey(db), token.u, token.k));
  const given = Buffer.from(token.s);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId: token.u, kind: token.k };
}
