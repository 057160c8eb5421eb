import type { Agent } from "node:https";
import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import webpush from "web-push";
import { loadEnv } from "@bilet/config";
import { notificationDeliveries, notifications, pushSubscriptions, type DbOrTx } from "@bilet/db";
import { kindOfNotice, noticeKind } from "./kinds.ts";
import { settingOnce } from "./settings.ts";

/** A Web Push signing identity: the key pair browsers subscribe with, and a contact for push services. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const VAPID_SETTING = "vapid_keys";

/**
 * The VAPID keys: VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when configured,
 * otherwise a pair made once and kept in app_settings (every instance uses
 * the same pair, and subscriptions survive restarts).
 */
export async function vapidKeys(db: DbOrTx): Promise<VapidKeys> {
  const env = safeEnv();
  const subject = env?.VAPID_SUBJECT ?? `mailto:${/<([^>\s]+)>/.exec(env?.MAIL_FROM ?? "")?.[1] ?? "bilet@localhost"}`;
  if (env?.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY) return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject };
  const stored = await settingOnce(db, VAPID_SETTING, () => ({ ...webpush.generateVAPIDKeys() }));
  return { publicKey: String(stored.publicKey), privateKey: String(stored.privateKey), subject };
}

function safeEnv() {
  try {
    return loadEnv();
  } catch {
    return null;
  }
}

/** What the service worker shows (apps/web/public/sw.js reads exactly these fields). */
export interface PushPayload {
  title: string;
  body: string;
  /** The page a tap opens (same origin). */
  url: string;
  /** One notice replaces an earlier shown one with the same tag. */
  tag: string;
}

const BODY_LIMIT = 240;

export function pushPayload(n: { id: string; title: string; body: string; link: string | null }): PushPayload {
  const body = n.body.length > BODY_LIMIT ? `${n.body.slice(0, BODY_LIMIT - 1)}…` : n.body;
  return { title: n.title, body, url: n.link ?? "/notifications", tag: n.id };
}

export interface PushOptions {
  /** Keys to sign with (default: vapidKeys). */
  vapid?: VapidKeys;
  /** For tests: an HTTPS agent that trusts a local endpoint's certificate. */
  agent?: Agent;
  batch?: number;
}

/** Attempts before a push delivery is given up. */
const MAX_ATTEMPTS = 5;
/** How long a push service keeps a message for a device that is offline. */
const TTL_SECONDS = 24 * 3600;

/** A claimed delivery is not picked up by another round for this long (the sending round may have died). */
const LEASE_MS = 2 * 60_000;

/**
 * Sends the due push deliveries to every device of their person through the
 * push services (web-push: VAPID signature, aes128gcm payload). A device the
 * service no longer knows (404, 410) is removed. A delivery that reached no
 * device for another reason is retried with back-off, up to five times.
 *
 * Deliveries are claimed in a short transaction (FOR UPDATE SKIP LOCKED, and a
 * lease: their due time moves two minutes on), sent with no transaction open,
 * and their outcome is written in another one; so every instance may run
 * this, and a slow push service never holds the database.
 */
export async function sendDuePushes(db: DbOrTx, options: PushOptions = {}): Promise<number> {
  const vapid = options.vapid ?? (await vapidKeys(db));
  const due = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ delivery: notificationDeliveries, notice: notifications })
      .from(notificationDeliveries)
      .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
      .where(and(eq(notificationDeliveries.channel, "push"), isNull(notificationDeliveries.sentAt), lte(notificationDeliveries.dueAt, sql`now()`)))
      .orderBy(asc(notificationDeliveries.dueAt))
      .limit(options.batch ?? 50)
      .for("update", { of: notificationDeliveries, skipLocked: true });
    if (rows.length > 0) {
      await tx
        .update(notificationDeliveries)
        .set({ dueAt: sql`now() + make_interval(secs => ${LEASE_MS / 1000})` })
        .where(inArray(notificationDeliveries.id, rows.map((r) => r.delivery.id)));
    }
    return rows;
  });
  if (due.length === 0) return 0;
  const devices = await db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.userId, [...new Set(due.map((d) => d.delivery.userId))]));
  const gone = new Set<string>();
  const reachedDevices = new Set<string>();
  const outcomes: { id: string; attempts: number; reached: number; errors: string[] }[] = [];
  for (const { delivery, notice } of due) {
    const payload = JSON.stringify(pushPayload(notice));
    const urgency = noticeKind(kindOfNotice(notice.type, notice.data)).class === "decision" ? "high" : "normal";
    const errors: string[] = [];
    let reached = 0;
    for (const device of devices.filter((d) => d.userId === delivery.userId && !gone.has(d.id))) {
      try {
        await webpush.sendNotification({ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } }, payload, {
          vapidDetails: vapid,
          TTL: TTL_SECONDS,
          urgency,
          timeout: 10_000,
          agent: options.agent,
        });
        reached += 1;
        reachedDevices.add(device.id);
      } catch (error) {
        const status = error instanceof webpush.WebPushError ? error.statusCode : null;
        // The browser unsubscribed or the subscription expired: the device is gone for good.
        if (status === 404 || status === 410) gone.add(device.id);
        else errors.push(status ? `${status} ${error instanceof Error ? error.message : ""}`.trim() : error instanceof Error ? error.message : String(error));
      }
    }
    outcomes.push({ id: delivery.id, attempts: delivery.attempts + 1, reached, errors });
  }
  await db.transaction(async (tx) => {
    if (gone.size > 0) await tx.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, [...gone]));
    if (reachedDevices.size > 0) await tx.update(pushSubscriptions).set({ lastSentAt: new Date() }).where(inArray(pushSubscriptions.id, [...reachedDevices]));
    for (const o of outcomes) {
      const retry = o.errors.length > 0 && o.reached === 0 && o.attempts < MAX_ATTEMPTS;
      await tx
        .update(notificationDeliveries)
        .set(
          retry
            ? { attempts: o.attempts, lastError: o.errors.join("; "), dueAt: new Date(Date.now() + 30_000 * 2 ** (o.attempts - 1)) }
            : { attempts: o.attempts, sentAt: new Date(), lastError: o.errors.length > 0 ? o.errors.join("; ") : o.reached === 0 ? "нет подписанных устройств" : null },
        )
        .where(eq(notificationDeliveries.id, o.id));
    }
  });
  return outcomes.filter((o) => o.reached > 0).length;
}
