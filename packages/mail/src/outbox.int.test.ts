import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox } from "@bilet/db";
import { createTestDatabase, type TestDatabase } from "@bilet/db/testing";
import { deliverPendingEmails, enqueueEmail, listMailbox, type MailTransport } from "./outbox.ts";
import { emails } from "./templates.ts";
import { captureTransport, smtpTransport } from "./transports.ts";

let handle: TestDatabase;
const received: { to: string; subject: string; text: string }[] = [];
let smtp: SMTPServer;
let smtpUrl: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo[0]!.address, subject: mail.subject ?? "", text: mail.text ?? "" });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
  await handle?.close();
});

const letter = () => emails.activation({ firstName: "Иван", url: "http://localhost/activate?token=abc", hoursValid: 48 });

describe("outbox", () => {
  it("sends over SMTP what a committed transaction enqueued, and nothing from a rolled-back one", async () => {
    await handle.db.transaction(async (tx) => enqueueEmail(tx, "ivan@example.ru", letter()));
    await handle.db
      .transaction(async (tx) => {
        await enqueueEmail(tx, "ghost@example.ru", letter());
        tx.rollback();
      })
      .catch(() => {});
    const sent = await deliverPendingEmails(handle.db, smtpTransport(smtpUrl, "Билет в будущее <bilet@localhost>"));
    expect(sent).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ to: "ivan@example.ru", subject: "Подтвердите регистрацию на платформе «Билет в будущее»" });
    expect(received[0]!.text).toContain("http://localhost/activate?token=abc");
    // Delivered once: a second round finds nothing.
    expect(await deliverPendingEmails(handle.db, smtpTransport(smtpUrl, "x@localhost"))).toBe(0);
    expect(received).toHaveLength(1);
  });

  it("retries a failing transport with back-off and gives up after five attempts", async () => {
    await handle.db.delete(emailOutbox);
    await enqueueEmail(handle.db, "down@example.ru", letter());
    const failing: MailTransport = { kind: "smtp", send: async () => Promise.reject(new Error("connection refused")) };
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await deliverPendingEmails(handle.db, failing)).toBe(1);
      // Not due again until the back-off has passed.
      expect(await deliverPendingEmails(handle.db, failing)).toBe(0);
      await handle.db.update(emailOutbox).set({ nextAttemptAt: new Date(0) });
    }
    const [row] = await handle.db.select().from(emailOutbox);
    expect(row).toMatchObject({ status: "failed", attempts: 5, lastError: "connection refused" });
  });

  it("keeps emails for the dev mailbox when no SMTP is configured", async () => {
    await handle.db.delete(emailOutbox);
    await enqueueEmail(handle.db, "Mixed@Example.ru".toLowerCase(), letter());
    expect(await deliverPendingEmails(handle.db, captureTransport)).toBe(1);
    const box = await listMailbox(handle.db, { to: "MIXED@example.ru" });
    expect(box).toHaveLength(1);
    expect(box[0]).toMatchObject({ status: "captured", template: "activation" });
    expect(box[0]!.html).toContain('href="http://localhost/activate?token=abc"');
  });
});
