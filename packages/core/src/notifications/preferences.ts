import { and, desc, eq, sql } from "drizzle-orm";
import { notificationPreferences, pushSubscriptions, users, type DbOrTx } from "@bilet/db";
import type { Actor, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { describeDevice } from "../session-list.ts";
import { CLASS_DEFAULTS, choiceRefusal, isNoticeKind, kindLabel, kindsForRole, noticeKind, type NoticeClass, type NoticeKindId } from "./kinds.ts";
import { vapidKeys } from "./push.ts";
import { verifyUnsubscribe, type UnsubscribeToken } from "./unsubscribe.ts";

export interface KindSetting {
  kind: NoticeKindId;
  label: string;
  class: NoticeClass;
  /** Channels the person may choose for this kind. */
  emailOffered: boolean;
  pushOffered: boolean;
  email: boolean;
  push: boolean;
}

export interface DeviceView {
  id: string;
  /** «Chrome, Android». */
  device: string;
  createdAt: string;
  lastSentAt: string | null;
}

export interface NotificationSettings {
  kinds: KindSetting[];
  devices: DeviceView[];
  /** The key browsers subscribe with (applicationServerKey). */
  vapidPublicKey: string;
  /** Whether the person has an email address letters can go to. */
  hasEmail: boolean;
}

/** The person's choice per kind of their role (stored, or the class's default) and their push devices. */
export async function notificationSettings(db: DbOrTx, actor: Actor): Promise<NotificationSettings> {
  const [stored, devices, [me], vapid] = await Promise.all([
    db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.id)),
    db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, actor.id)).orderBy(desc(pushSubscriptions.createdAt)),
    db.select({ email: users.email }).from(users).where(eq(users.id, actor.id)),
    vapidKeys(db),
  ]);
  return {
    kinds: kindsForRole(actor.role).map((kind) => {
      const k = noticeKind(kind);
      const chosen = stored.find((p) => p.kind === kind);
      const defaults = CLASS_DEFAULTS[k.class];
      const emailOffered = k.channels.includes("email");
      const pushOffered = k.channels.includes("push");
      return {
        kind,
        label: kindLabel(kind, actor.role),
        class: k.class,
        emailOffered,
        pushOffered,
        email: emailOffered && (chosen?.email ?? defaults.email),
        push: pushOffered && (chosen?.push ?? defaults.push),
      };
    }),
    devices: devices.map((d) => ({ id: d.id, device: describeDevice(d.userAgent), createdAt: d.createdAt.toISOString(), lastSentAt: d.lastSentAt?.toISOString() ?? null })),
    vapidPublicKey: vapid.publicKey,
    hasEmail: Boolean(me?.email),
  };
}

/**
 * Saves the person's choices. Every kind must be one of their role's; a
 * decision keeps email or push. Nothing is saved when any choice is refused:
 * the refusal names the kind's field (`email:<kind>`).
 */
export async function saveNotificationChoices(db: DbOrTx, actor: Actor, choices: { kind: string; email: boolean; push: boolean }[]): Promise<NotificationSettings> {
  const mine = new Set<string>(kindsForRole(actor.role));
  const fieldErrors: Record<string, string> = {};
  for (const c of choices) {
    if (!isNoticeKind(c.kind) || !mine.has(c.kind)) throw new AppError("BAD_REQUEST", "Такого вида уведомлений в вашем кабинете нет");
    const refusal = choiceRefusal(c.kind, { email: c.email, push: c.push });
    if (refusal) fieldErrors[`email:${c.kind}`] = refusal;
  }
  const [first] = Object.values(fieldErrors);
  if (first) throw new AppError("BAD_REQUEST", first, { fieldErrors });
  if (choices.length > 0) {
    await db
      .insert(notificationPreferences)
      .values(choices.map((c) => ({ userId: actor.id, kind: c.kind, email: c.email, push: c.push })))
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.kind],
        set: { email: sql`excluded.email`, push: sql`excluded.push`, updatedAt: sql`now()` },
      });
  }
  return notificationSettings(db, actor);
}

/** Keys a browser's PushSubscription carries (URL-safe base64). */
export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * Keeps this browser's push subscription for the signed-in person. One
 * subscription per browser: a browser that subscribes again (or another person
 * signing in on it) takes the endpoint over.
 */
export async function subscribeDevice(db: DbOrTx, actor: Actor, input: PushSubscriptionInput, meta: RequestMeta): Promise<NotificationSettings> {
  await db
    .insert(pushSubscriptions)
    .values({ userId: actor.id, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: meta.userAgent })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { userId: actor.id, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: meta.userAgent, createdAt: sql`now()`, lastSentAt: null },
    });
  return notificationSettings(db, actor);
}

/** Removes one of the person's own devices; another person's id changes nothing. */
export async function removeDevice(db: DbOrTx, actor: Actor, id: string): Promise<NotificationSettings> {
  await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.userId, actor.id)));
  return notificationSettings(db, actor);
}

/** Removes this browser's subscription by its endpoint (when the browser itself unsubscribes). */
export async function removeDeviceByEndpoint(db: DbOrTx, actor: Actor, endpoint: string): Promise<void> {
  await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, actor.id)));
}

const BAD_LINK = "Ссылка для отписки повреждена. Откройте её из письма ещё раз или выберите уведомления в личном кабинете.";

/** What an unsubscribe link would switch off (shown before the click that does it). */
export async function unsubscribePreview(db: DbOrTx, token: UnsubscribeToken): Promise<{ label: string; emailOn: boolean }> {
  const target = await verifyUnsubscribe(db, token);
  if (!target) throw new AppError("BAD_REQUEST", BAD_LINK);
  const [person] = await db.select({ role: users.role, email: users.email }).from(users).where(eq(users.id, target.userId));
  if (!person?.email) throw new AppError("NOT_FOUND", "Учётная запись не найдена");
  const [chosen] = await db
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, target.userId), eq(notificationPreferences.kind, target.kind)));
  const k = noticeKind(target.kind);
  return { label: kindLabel(target.kind, person.role), emailOn: k.channels.includes("email") && (chosen?.email ?? CLASS_DEFAULTS[k.class].email) };
}

/**
 * Switches off letters of one kind for the person an unsubscribe link names,
 * without signing in (the link is signed for that person and kind only).
 * Push stays as it was. A decision is never switched off this way.
 */
export async function unsubscribeByLink(db: DbOrTx, token: UnsubscribeToken): Promise<{ label: string }> {
  const target = await verifyUnsubscribe(db, token);
  if (!target) throw new AppError("BAD_REQUEST", BAD_LINK);
  const k = noticeKind(target.kind);
  if (k.class === "decision") throw new AppError("BAD_REQUEST", "Письма, где нужно ваше решение, отключаются только в личном кабинете");
  const [person] = await db.select({ role: users.role, email: users.email }).from(users).where(eq(users.id, target.userId));
  if (!person?.email) throw new AppError("NOT_FOUND", "Учётная запись не найдена");
  const push = CLASS_DEFAULTS[k.class].push;
  await db
    .insert(notificationPreferences)
    .values({ userId: target.userId, kind: target.kind, email: false, push })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { email: false, updatedAt: sql`now()` } });
  return { label: kindLabel(target.kind, person.role) };
}
