import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import { notificationDeliveries, notificationPreferences, pushSubscriptions, users, type DbOrTx } from "@bilet/db";
import { enqueueEmail } from "@bilet/mail";
import { EMAIL_DIGEST_DELAY_MS, kindOfNotice, noticeKind, resolveChannels, type NoticeKindId } from "./kinds.ts";
import { decisionLetter, defaultOrigin, noticeLetter, type LetterNotice, type LetterRecipient } from "./letters.ts";
import type { NewNotification } from "./types.ts";

/** What decides how one person gets a notice of one kind. */
export interface NoticeRecipient {
  id: string;
  email: string | null;
  firstName: string;
  role: LetterRecipient["role"];
  /** The person's stored choice for the kind (null: the class's default). */
  prefEmail: boolean | null;
  prefPush: boolean | null;
  /** At least one browser subscribed to push. */
  hasDevice: boolean;
}

/** The recipients with their choice for `kind`, in one read. */
export async function noticeRecipients(tx: DbOrTx, userIds: string[], kind: NoticeKindId): Promise<Map<string, NoticeRecipient>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .select({
      id: users.id,
      email: users.email,
      firstName: users.firstName,
      role: users.role,
      prefEmail: notificationPreferences.email,
      prefPush: notificationPreferences.push,
      hasDevice: sql<boolean>`exists (select 1 from ${pushSubscriptions} where ${pushSubscriptions.userId} = ${users.id})`,
    })
    .from(users)
    .leftJoin(notificationPreferences, and(eq(notificationPreferences.userId, users.id), eq(notificationPreferences.kind, kind)))
    .where(inArray(users.id, userIds));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The SQL of recipients' choices for enroll_student's read (same columns as noticeRecipients, as jsonb). */
export function noticeRecipientsJsonSql(userIdsSql: SQL, kind: NoticeKindId) {
  return sql<NoticeRecipient[]>`coalesce((
    select jsonb_agg(jsonb_build_object(
      'id', u.id, 'email', u.email, 'firstName', u.first_name, 'role', u.role,
      'prefEmail', p.email, 'prefPush', p.push,
      'hasDevice', exists (select 1 from push_subscriptions s where s.user_id = u.id)) order by u.id)
    from users u left join notification_preferences p on p.user_id = u.id and p.kind = ${kind}
    where u.id in (${userIdsSql})), '[]'::jsonb)`;
}

export interface DeliveryPlan {
  /** Whom a letter goes to now (decisions). */
  letterTo: LetterRecipient | null;
  /** An email delivery for the next digest (important and informational kinds). */
  digest: boolean;
  /** A push delivery due now. */
  push: boolean;
}

/** How one person gets a notice of this kind: the one rule notifyUsers and enroll_student's caller both follow. */
export function planDelivery(recipient: NoticeRecipient, kindId: NoticeKindId): DeliveryPlan {
  const chosen = recipient.prefEmail === null && recipient.prefPush === null ? null : { email: recipient.prefEmail ?? undefined, push: recipient.prefPush ?? undefined };
  const channels = resolveChannels(kindId, chosen, recipient.hasDevice);
  const to: LetterRecipient | null = channels.email && recipient.email ? { id: recipient.id, email: recipient.email, firstName: recipient.firstName, role: recipient.role } : null;
  const decision = noticeKind(kindId).class === "decision";
  return { letterTo: decision ? to : null, digest: !decision && to !== null, push: channels.push && recipient.hasDevice };
}

/** A delivery row for the next digest: due a few minutes from now, so notices that follow join it. */
export const digestDelivery = (notificationId: string, userId: string): PgInsertValue<typeof notificationDeliveries> => ({
  notificationId,
  userId,
  channel: "email",
  dueAt: sql`now() + make_interval(secs => ${EMAIL_DIGEST_DELAY_MS / 1000})`,
});

/**
 * Stores, in the caller's transaction, how each stored notice goes beyond the
 * cabinet: a decision's letter straight into the outbox, email of other kinds
 * as a delivery due a few minutes later (the digest job merges them), push as
 * a delivery due now.
 */
export async function storeDeliveries(
  tx: DbOrTx,
  stored: { id: string; userId: string }[],
  input: NewNotification,
  origin = defaultOrigin(),
  recipients?: Map<string, NoticeRecipient>,
): Promise<void> {
  if (stored.length === 0) return;
  const notice: LetterNotice = { type: input.type, title: input.title, body: input.body ?? "", link: input.link ?? null, data: input.data ?? {}, lines: input.lines };
  const kindId = kindOfNotice(notice.type, notice.data);
  recipients ??= await noticeRecipients(tx, stored.map((s) => s.userId), kindId);
  const rows: PgInsertValue<typeof notificationDeliveries>[] = [];
  for (const s of stored) {
    const recipient = recipients.get(s.userId);
    if (!recipient) continue;
    const plan = planDelivery(recipient, kindId);
    if (plan.letterTo) {
      // Lines bring their own facts; otherwise the letter reads the trial's.
      const letter = notice.lines ? decisionLetter(origin, plan.letterTo, notice) : await noticeLetter(tx, origin, plan.letterTo, [notice]);
      await enqueueEmail(tx, plan.letterTo.email, letter);
    }
    if (plan.digest) rows.push(digestDelivery(s.id, s.userId));
    if (plan.push) rows.push({ notificationId: s.id, userId: s.userId, channel: "push" });
  }
  if (rows.length > 0) await tx.insert(notificationDeliveries).values(rows);
}

/**
 * Notice rows for enroll_student, which stores them itself (decision 0006):
 * each carries the decision's rendered letter (or null) and whether a push
 * delivery goes with it, so the function stores notice, letter and push in
 * its one round trip. Only for decisions that bring their own lines.
 */
export function noticeRowsWithDelivery(recipients: NoticeRecipient[], input: NewNotification, origin: string) {
  const notice: LetterNotice = { type: input.type, title: input.title, body: input.body ?? "", link: input.link ?? null, data: input.data ?? {}, lines: input.lines };
  const kindId = kindOfNotice(notice.type, notice.data);
  if (noticeKind(kindId).class !== "decision" || !notice.lines) throw new Error(`noticeRowsWithDelivery: ${input.type} is not a decision with its own lines`);
  return recipients.map((r) => {
    const plan = planDelivery(r, kindId);
    const letter = plan.letterTo ? { to: plan.letterTo.email, ...decisionLetter(origin, plan.letterTo, notice) } : null;
    return { userId: r.id, type: notice.type, title: notice.title, body: notice.body, link: notice.link, data: notice.data, email: letter, push: plan.push };
  });
}
