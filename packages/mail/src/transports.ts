import nodemailer from "nodemailer";
import type { MailTransport } from "./outbox.ts";

export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    kind: "smtp",
    async send(email) {
      // nodemailer sets these three itself from its own options; the rest go as plain headers.
      const { "Message-ID": messageId, "In-Reply-To": inReplyTo, References: references, ...headers } = email.headers ?? {};
      await transporter.sendMail({ from, to: email.to, subject: email.subject, text: email.text, html: email.html, messageId, inReplyTo, references, headers });
    },
  };
}

/** Without SMTP the outbox row itself is the delivered message, shown at /dev/mailbox. */
export const captureTransport: MailTransport = {
  kind: "capture",
  async send() {},
};

export function transportFromEnv(env: { SMTP_URL?: string; MAIL_FROM: string }): MailTransport {
  return env.SMTP_URL ? smtpTransport(env.SMTP_URL, env.MAIL_FROM) : captureTransport;
}
