import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RETENTION_DEFAULTS, type RetentionSettings } from "@bilet/config";
import { auditLog, emailOutbox, emailTokens, invitations, notifications, oidcLogins, rateLimits, sessions } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { createAccount } from "./account-records.ts";
import { LIMITS } from "./rate-limit.ts";
import { RATE_LIMIT_ROWS_KEPT_SECONDS, RETENTION_TASKS, expiredSessions, longestLimitWindowSeconds, runRetention, type RetentionTask } from "./retention.ts";

let db: TestDatabase;
let userId: string;
let otherId: string;
const policy: RetentionSettings = { ...RETENTION_DEFAULTS, readNotificationMonths: 6, emailBodyDays: 30, linkDays: 30, invitationDays: 90, auditMonths: 36 };
const task = (name: string): RetentionTask => RETENTION_TASKS.find((t) => t.name === name)!;
const ago = (amount: string) => sql`now() - ${amount}::interval`;

beforeAll(async () => {
  db = await createTestDatabase();
  const make = async (email: string) => (await createAccount(db.db, { role: "staff", email, passwordHash: null, lastName: "Хранитель", firstName: "Данных" }))!.id;
  userId = await make("keeper@retention.test");
  otherId = await make("other@retention.test");
});
afterAll(async () => {
  await db?.close();
});

describe("retention", () => {
  it("deletes read notifications past the term in batches, and keeps unread and recent ones", async () => {
    const note = (title: string, created: string, read: boolean) => ({ userId, type: "test", title, createdAt: ago(created), readAt: read ? ago(created) : null });
    await db.db.insert(notifications).values([
      ...Array.from({ length: 5 }, (_, i) => note(`old read ${i}`, `${7 + i} months`, true)),
      note("old unread", "2 years", false),
      note("recent read", "5 months", true),
      note("fresh read", "1 day", true),
    ] as never);

    const run = await runRetention(db.db, task("notifications"), policy, { batchSize: 2 });
    // 2 + 2 + 1: the third batch came back short and ended the run.
    expect(run).toEqual({ rows: 5, batches: 3, more: false });
    const left = await db.db.select({ title: notifications.title }).from(notifications).orderBy(asc(notifications.title));
    expect(left.map((n) => n.title)).toEqual(["fresh read", "old unread", "recent read"]);

    expect(await runRetention(db.db, task("notifications"), policy, { batchSize: 2 })).toEqual({ rows: 0, batches: 1, more: false });
  });

  it("stops at the time budget with work left, and the next run goes on", async () => {
    await db.db.insert(notifications).values(Array.from({ length: 5 }, (_, i) => ({ userId: otherId, type: "test", title: `budget ${i}`, createdAt: ago("1 year"), readAt: ago("1 year") })) as never);
    const first = await runRetention(db.db, task("notifications"), policy, { batchSize: 2, timeBudgetMs: 0 });
    expect(first).toEqual({ rows: 2, batches: 1, more: true });
    const rest = await runRetention(db.db, task("notifications"), policy, { batchSize: 2 });
    expect(rest).toEqual({ rows: 3, batches: 2, more: false });
    const stopped = new AbortController();
    stopped.abort();
    await db.db.insert(notifications).values(Array.from({ length: 3 }, (_, i) => ({ userId: otherId, type: "test", title: `stop ${i}`, createdAt: ago("1 year"), readAt: ago("1 year") })) as never);
    expect(await runRetention(db.db, task("notifications"), policy, { batchSize: 1, signal: stopped.signal })).toEqual({ rows: 1, batches: 1, more: true });
    await db.db.delete(notifications).where(eq(notifications.userId, otherId));
  });

  it("drops the bodies of letters that left the outbox N days ago, keeps the record, and never touches a pending one", async () => {
    const letter = (subject: string, status: "pending" | "sent" | "captured" | "failed", created: string) => ({
      toAddress: "family@retention.test",
      subject,
      textBody: `текст: ${subject}`,
      htmlBody: `<p>${subject}</p>`,
      template: "activation",
      status,
      sentAt: status === "sent" ? ago(created) : null,
      createdAt: ago(created),
    });
    await db.db.insert(emailOutbox).values([
      letter("old sent", "sent", "40 days"),
      letter("old captured", "captured", "31 days"),
      letter("old failed", "failed", "60 days"),
      letter("old pending", "pending", "60 days"),
      letter("recent sent", "sent", "29 days"),
    ] as never);

    expect(await runRetention(db.db, task("email-bodies"), policy, { batchSize: 2 })).toEqual({ rows: 3, batches: 2, more: false });
    const rows = await db.db.select().from(emailOutbox).orderBy(asc(emailOutbox.subject));
    const bySubject = Object.fromEntries(rows.map((r) => [r.subject, r]));
    for (const subject of ["old sent", "old captured", "old failed"]) {
      expect(bySubject[subject]).toMatchObject({ textBody: "", htmlBody: "", toAddress: "family@retention.test", template: "activation" });
    }
    expect(bySubject["old sent"]!.sentAt).not.toBeNull();
    expect(bySubject["old pending"]).toMatchObject({ textBody: "текст: old pending", status: "pending" });
    expect(bySubject["recent sent"]).toMatchObject({ textBody: "текст: recent sent" });
    // A second round finds nothing: emptied bodies are not counted again.
    expect((await runRetention(db.db, task("email-bodies"), policy)).rows).toBe(0);
  });

  it("deletes letters' records only past the audit term, and never a pending letter", async () => {
    await db.db.insert(emailOutbox).values([
      { toAddress: "a@retention.test", subject: "ancient sent", textBody: "", htmlBody: "", template: "t", status: "sent", createdAt: ago("37 months") },
      { toAddress: "a@retention.test", subject: "ancient pending", textBody: "x", htmlBody: "x", template: "t", status: "pending", createdAt: ago("37 months") },
      { toAddress: "a@retention.test", subject: "young sent", textBody: "", htmlBody: "", template: "t", status: "sent", createdAt: ago("35 months") },
    ] as never);
    expect((await runRetention(db.db, task("email-records"), policy)).rows).toBe(1);
    const subjects = (await db.db.select({ s: emailOutbox.subject }).from(emailOutbox)).map((r) => r.s);
    expect(subjects).not.toContain("ancient sent");
    expect(subjects).toEqual(expect.arrayContaining(["ancient pending", "young sent"]));
  });

  it("deletes used and expired links and ESIA logins a term after their expiry", async () => {
    const token = (hash: string, expires: string, used: boolean) => ({ userId, purpose: "activation" as const, tokenHash: hash, expiresAt: sql`now() + ${expires}::interval`, usedAt: used ? ago("45 days") : null });
    await db.db.insert(emailTokens).values([
      token("expired-long-ago", "-31 days", false),
      token("used-long-ago", "-40 days", true),
      token("expired-recently", "-10 days", false),
      token("valid", "1 day", false),
    ] as never);
    expect((await runRetention(db.db, task("links"), policy, { batchSize: 1 })).rows).toBe(2);
    const hashes = (await db.db.select({ h: emailTokens.tokenHash }).from(emailTokens).orderBy(asc(emailTokens.tokenHash))).map((r) => r.h);
    expect(hashes).toEqual(["expired-recently", "valid"]);

    const login = (state: string, expires: string) => ({ provider: "esia", state, nonce: "n", codeVerifier: "v", expiresAt: sql`now() + ${expires}::interval` });
    await db.db.insert(oidcLogins).values([login("old", "-31 days"), login("fresh", "10 minutes")] as never);
    expect((await runRetention(db.db, task("esia-logins"), policy)).rows).toBe(1);
    expect((await db.db.select({ s: oidcLogins.state }).from(oidcLogins)).map((r) => r.s)).toEqual(["fresh"]);
  });

  it("deletes invitations that stopped being usable long ago, only once the inviter was told of an expiry", async () => {
    const inv = (hash: string, values: Record<string, unknown>) => ({ inviterId: userId, inviteeEmail: `${hash}@retention.test`, inviteeRole: "parent" as const, tokenHash: hash, expiresAt: sql`now() + interval '7 days'`, ...values });
    await db.db.insert(invitations).values([
      inv("accepted-old", { status: "accepted", acceptedAt: ago("100 days"), expiresAt: ago("95 days") }),
      inv("accepted-recent", { status: "accepted", acceptedAt: ago("10 days"), expiresAt: ago("5 days") }),
      inv("revoked-old", { status: "revoked", revokedAt: ago("91 days"), expiresAt: ago("88 days") }),
      inv("expired-told", { expiresAt: ago("100 days"), expiryNotifiedAt: ago("100 days") }),
      inv("expired-untold", { expiresAt: ago("100 days") }),
      inv("open", {}),
    ] as never);
    expect((await runRetention(db.db, task("invitations"), policy)).rows).toBe(3);
    const left = (await db.db.select({ h: invitations.tokenHash }).from(invitations).orderBy(asc(invitations.tokenHash))).map((r) => r.h);
    expect(left).toEqual(["accepted-recent", "expired-untold", "open"]);
  });

  it("deletes rate-limit rows whose window is long over, longer than any limit's window", async () => {
    expect(longestLimitWindowSeconds()).toBeLessThan(RATE_LIMIT_ROWS_KEPT_SECONDS);
    expect(Object.keys(LIMITS).length).toBeGreaterThan(0);
    await db.db.insert(rateLimits).values([
      { key: "old", windowStartedAt: ago("8 days"), hits: 3 },
      { key: "day", windowStartedAt: ago("1 day"), hits: 3 },
      { key: "now", windowStartedAt: sql`now()`, hits: 1 },
    ] as never);
    expect((await runRetention(db.db, task("rate-limits"), policy)).rows).toBe(1);
    expect((await db.db.select({ k: rateLimits.key }).from(rateLimits).orderBy(asc(rateLimits.key))).map((r) => r.k)).toEqual(["day", "now"]);
  });

  it("prunes the audit log past its term, oldest first, and keeps it all when the term is 0", async () => {
    await db.db.insert(auditLog).values([
      ...Array.from({ length: 4 }, (_, i) => ({ action: `ancient ${i}`, createdAt: ago(`${37 + i} months`) })),
      { action: "young", createdAt: ago("35 months") },
      { action: "today", createdAt: sql`now()` },
    ] as never);
    expect(await runRetention(db.db, task("audit"), { ...policy, auditMonths: 0 })).toEqual({ rows: 0, batches: 0, more: false });
    expect(await db.db.$count(auditLog)).toBe(6);

    const first = await runRetention(db.db, task("audit"), policy, { batchSize: 3, timeBudgetMs: 0 });
    expect(first).toEqual({ rows: 3, batches: 1, more: true });
    // Oldest first: the youngest of the aged entries is the one left for the next round.
    expect((await db.db.select({ a: auditLog.action }).from(auditLog).orderBy(asc(auditLog.createdAt))).map((r) => r.a)).toEqual(["ancient 0", "young", "today"]);
    expect((await runRetention(db.db, task("audit"), policy, { batchSize: 3 })).rows).toBe(1);
    expect((await db.db.select({ a: auditLog.action }).from(auditLog).orderBy(asc(auditLog.createdAt))).map((r) => r.a)).toEqual(["young", "today"]);
  });

  it("deletes expired sessions in batches and keeps live ones", async () => {
    const session = (id: string, expires: string) => ({ id, userId, expiresAt: sql`now() + ${expires}::interval` });
    await db.db.insert(sessions).values([session("gone-1", "-1 day"), session("gone-2", "-1 hour"), session("gone-3", "-20 days"), session("live", "1 day")] as never);
    expect(await runRetention(db.db, expiredSessions, policy, { batchSize: 2 })).toEqual({ rows: 3, batches: 2, more: false });
    expect((await db.db.select({ id: sessions.id }).from(sessions)).map((r) => r.id)).toEqual(["live"]);
  });
});
