import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { notificationDeliveries, notificationPreferences, notifications, pushSubscriptions, users, type DbOrTx } from "@bilet/db";
import { enqueueEmail } from "@bilet/mail";
import { kindOfNotice, resolveChannels } from "./kinds.ts";
import { noticeLetter, trialFactsOf, trialsToDescribe, type LetterNotice } from "./letters.ts";

/**
 * Sends the email digests that are due: for each person with at least one
 * email delivery past its due time, every pending email delivery of theirs
 * (due or not yet) goes as one letter — several notices within a few minutes
 * make one letter. The person's current choices are honoured at sending: a
 * kind switched off meanwhile is dropped. Deliveries are claimed with
 * FOR UPDATE SKIP LOCKED, so every instance may run this.
 */
export async function sendEmailDigests(db: DbOrTx, origin: string, batch = 50): Promise<number> {
  return db.transaction(async (tx) => {
    const people = tx
      .selectDistinct({ userId: notificationDeliveries.userId })
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.channel, "email"), isNull(notificationDeliveries.sentAt), lte(notificationDeliveries.dueAt, sql`now()`)))
      .limit(batch);
    const claimed = await tx
      .select({ deliveryId: notificationDeliveries.id, userId: notificationDeliveries.userId, notice: notifications })
      .from(notificationDeliveries)
      .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
      .where(and(eq(notificationDeliveries.channel, "email"), isNull(notificationDeliveries.sentAt), inArray(notificationDeliveries.userId, people)))
      .orderBy(asc(notificationDeliveries.userId), asc(notifications.createdAt), asc(notifications.id))
      .for("update", { of: notificationDeliveries, skipLocked: true });
    if (claimed.length === 0) return 0;

    const userIds = [...new Set(claimed.map((c) => c.userId))];
    const recipients = new Map(
      (
        await tx
          .select({
            id: users.id,
            email: users.email,
            firstName: users.firstName,
            role: users.role,
            hasDevice: sql<boolean>`exists (select 1 from ${pushSubscriptions} where ${pushSubscriptions.userId} = ${users.id})`,
          })
          .from(users)
          .where(inArray(users.id, userIds))
      ).map((u) => [u.id, u]),
    );
    const choices = await tx.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds));
    const notices: LetterNotice[] = claimed.map((c) => ({ type: c.notice.type, title: c.notice.title, body: c.notice.body, link: c.notice.link, data: c.notice.data }));
    const facts = await trialFactsOf(tx, trialsToDescribe(notices));

    let letters = 0;
    for (const userId of userIds) {
      const person = recipients.get(userId);
      const mine = claimed.filter((c) => c.userId === userId);
      const wanted = mine.filter((c) => {
        const kind = kindOfNotice(c.notice.type, c.notice.data);
        const chosen = choices.find((p) => p.userId === userId && p.kind === kind) ?? null;
        return resolveChannels(kind, chosen, person?.hasDevice ?? false).email;
      });
      if (person?.email && wanted.length > 0) {
        const letter = await noticeLetter(tx, origin, { id: person.id, email: person.email, firstName: person.firstName, role: person.role }, wanted.map((c) => notices[claimed.indexOf(c)]!), facts);
        await enqueueEmail(tx, person.email, letter);
        letters += 1;
      }
      const dropped = person?.email ? "письма этого вида отключены" : "нет адреса электронной почты";
      const skipped = mine.filter((c) => !wanted.includes(c) || !person?.email).map((c) => c.deliveryId);
      const sent = mine.filter((c) => !skipped.includes(c.deliveryId)).map((c) => c.deliveryId);
      if (sent.length > 0) await tx.update(notificationDeliveries).set({ sentAt: new Date(), attempts: sql`${notificationDeliveries.attempts} + 1` }).where(inArray(notificationDeliveries.id, sent));
      if (skipped.length > 0) await tx.update(notificationDeliveries).set({ sentAt: new Date(), lastError: dropped }).where(inArray(notificationDeliveries.id, skipped));
    }
    return letters;
  });
}
