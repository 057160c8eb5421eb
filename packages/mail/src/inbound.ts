/**
 * The inbound SMTP listener of the email channel for user requests: it takes
 * letters to the project's own domain, parses them and hands each one to
 * `onLetter`. Storing the letter as a request is the caller's business.
 *
 * Limits, checked before the letter is passed on:
 * - recipients outside `domain` are refused with 550 (no open relay);
 * - a letter over `maxBytes` is refused with 552;
 * - a sender over `perSenderPerHour` gets 450 at MAIL FROM and retries later;
 * - attachments: by default their bytes are dropped (see `acceptAttachments`).
 * A failing `onLetter` answers 451, so the sending server keeps the letter
 * and retries: nothing is lost to a database hiccup.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";

export interface InboundAttachment {
  /** File name as the sender gave it, with path separators and control characters replaced; null when none. */
  filename: string | null;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
  /** The bytes, only when `acceptAttachments` is "keep" and the attachment fits the limits; otherwise null. */
  content: Buffer | null;
}

export interface InboundLetter {
  /** Message-ID with angle brackets, as sent; null when the letter had none. */
  messageId: string | null;
  inReplyTo: string | null;
  /** Message-IDs of the References header, oldest first. */
  references: string[];
  /** The From header (display name decoded); the envelope sender when the header is missing. */
  from: { address: string; name: string };
  /** Envelope recipients at our domain, as the sender wrote them (a reply address keeps its token). */
  to: string[];
  /** The envelope sender (MAIL FROM), null for the null sender `<>` of bounces. */
  envelopeFrom: string | null;
  subject: string;
  /** Plain text only. An HTML-only letter is converted to text; HTML is never kept. */
  text: string;
  attachments: InboundAttachment[];
  /**
   * A bounce, an auto-reply, a mailing list (RFC 3834: Auto-Submitted,
   * Precedence, List-Id, the null sender). Never answer such a letter
   * automatically, or our reply and a vacation responder mail each other forever.
   */
  automatic: boolean;
  receivedAt: Date;
}

/**
 * "refuse" (the default) accepts the letter but drops the bytes of its
 * attachments, keeping name, type and size so staff and the automatic reply
 * can mention them. Why: the platform has no storage, retention rule or virus
 * scanning for files, the staff cabinet shows text only, and what families
 * attach is mostly scans of documents with children's personal data that the
 * request does not need. Refusing the whole letter instead would lose the
 * question, which is the worst outcome for this channel.
 * "keep" keeps up to `maxAttachments` files within `maxAttachmentBytes`.
 */
export type AttachmentPolicy = "keep" | "refuse";

/** Events for logs. They carry no addresses, subjects or text of letters. */
export type InboundEvent =
  | { type: "accepted"; bytes: number; attachments: number }
  | { type: "recipient_refused" | "rate_limited" | "too_large" }
  | { type: "rate_limit_failed" | "parse_failed" | "handler_failed" | "connection_error"; error: unknown };

export interface InboundSmtpOptions {
  /** Defaults to 127.0.0.1; the listener sits behind the public MX or a port mapping. */
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** The project's own address domain; mail to any other domain is refused. */
  domain: string;
  /** Largest letter in bytes as sent (attachments in base64 included); default 1 MB. */
  maxBytes?: number;
  acceptAttachments?: AttachmentPolicy;
  /** With "keep": at most this many attachments keep their bytes (default 5). */
  maxAttachments?: number;
  /** With "keep": total decoded bytes kept per letter (default `maxBytes`). */
  maxAttachmentBytes?: number;
  /** Letters per envelope sender per hour for the in-memory limiter (default 20). */
  perSenderPerHour?: number;
  /**
   * Counts one letter for a sender (lower-cased envelope address, "<>" for
   * the null sender) and says whether it may be taken. The default is an
   * in-memory sliding window per listener: several worker instances each
   * count on their own, so pass a hook backed by PostgreSQL to share the limit.
   */
  rateLimit?: (sender: string) => boolean | Promise<boolean>;
  /** STARTTLS is offered only with a key and certificate; AUTH is always off (inbound mail needs none). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Host name in the greeting; defaults to the machine's. */
  serverName?: string;
  onLetter(letter: InboundLetter): void | Promise<void>;
  /** Defaults to console.error for failures and nothing for the rest. */
  log?: (event: InboundEvent) => void;
}

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

const MB = 1024 * 1024;

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

const defaultLog = (event: InboundEvent) => {
  if ("error" in event && event.type !== "connection_error") console.error(`inbound smtp: ${event.type}`, event.error);
};

/** A sliding window of one hour per sender, in this process's memory. */
export function memoryRateLimit(perHour: number, now: () => number = Date.now): (sender: string) => boolean {
  const hour = 60 * 60 * 1000;
  const seen = new Map<string, number[]>();
  let nextSweep = 0;
  return (sender) => {
    const t = now();
    if (t >= nextSweep) {
      // Forget senders quiet for an hour, so the map does not grow without end.
      for (const [key, times] of seen) if (times.every((x) => x <= t - hour)) seen.delete(key);
      nextSweep = t + 60_000;
    }
    const times = (seen.get(sender) ?? []).filter((x) => x > t - hour);
    if (times.length >= perHour) {
      seen.set(sender, times);
      return false;
    }
    times.push(t);
    seen.set(sender, times);
    return true;
  };
}

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

function addresses(field: AddressObject | AddressObject[] | undefined) {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((o) => o.value.flatMap((v) => (v.group ? v.group : [v])));
}

function isAutomatic(mail: ParsedMail, envelopeFrom: string | null, fromAddress: string): boolean {
  if (envelopeFrom === null) return true;
  if (/^(?:mailer-daemon|postmaster)@/iu.test(fromAddress)) return true;
  for (const { key, line } of mail.headerLines) {
    const value = line.slice(line.indexOf(":") + 1).trim().toLowerCase();
    if (key === "auto-submitted" && !value.startsWith("no")) return true;
    if (key === "precedence" && /bulk|junk|list|auto_reply/u.test(value)) return true;
    if (key === "x-autoreply" || key === "x-autorespond" || key === "list-id" || key === "list-unsubscribe") return true;
  }
  return false;
}

function cleanFilename(name: string | undefined): string | null {
  if (!name) return null;
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/\u0000-\u001f\u007f]/gu, "_").slice(0, 255);
}

/** Letter text as plain text: newlines normalised, control characters other than tab and newline removed. */
function cleanText(text: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (text ?? "").replace(/\r\n?/gu, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/gu, "").replace(/\s+$/u, "");
}

export function toLetter(
  mail: ParsedMail,
  envelope: { from: string | null; to: string[] },
  policy: { acceptAttachments: AttachmentPolicy; maxAttachments: number; maxAttachmentBytes: number },
  receivedAt = new Date(),
): InboundLetter {
  const from = addresses(mail.from).find((a) => a.address);
  const fromAddress = from?.address ?? envelope.from ?? "";
  let keptCount = 0;
  let keptBytes = 0;
  const attachments = mail.attachments.map((a): InboundAttachment => {
    const keep = policy.acceptAttachments === "keep" && keptCount < policy.maxAttachments && keptBytes + a.size <= policy.maxAttachmentBytes;
    if (keep) {
      keptCount += 1;
      keptBytes += a.size;
    }
    return { filename: cleanFilename(a.filename), contentType: a.contentType, size: a.size, content: keep ? a.content : null };
  });
  const references = (Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : []).flatMap(
    (r) => r.match(/<[^<>\s]+>/gu) ?? [],
  );
  return {
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    references,
    from: { address: fromAddress, name: from?.name ?? "" },
    to: envelope.to,
    envelopeFrom: envelope.from,
    subject: (mail.subject ?? "").trim(),
    text: cleanText(mail.text),
    attachments,
    automatic: isAutomatic(mail, envelope.from, fromAddress),
    receivedAt,
  };
}

export async function startInboundSmtp(options: InboundSmtpOptions): Promise<InboundSmtp> {
  const domain = options.domain.toLowerCase();
  const maxBytes = options.maxBytes ?? MB;
  const policy = {
    acceptAttachments: options.acceptAttachments ?? "refuse",
    maxAttachments: options.maxAttachments ?? 5,
    maxAttachmentBytes: options.maxAttachmentBytes ?? maxBytes,
  } satisfies Parameters<typeof toLetter>[2];
  const rateLimit = options.rateLimit ?? memoryRateLimit(options.perSenderPerHour ?? 20);
  const log = options.log ?? defaultLog;
  const envelopeFrom = (session: SMTPServerSession) => (session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null);

  const serverOptions: SMTPServerOptions = {
    name: options.serverName,
    size: maxBytes,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: options.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    disableReverseLookup: true,
    logger: false,
    onMailFrom(address, _session, callback) {
      const sender = address.address.toLowerCase() || "<>";
      Promise.resolve()
        .then(() => rateLimit(sender))
        .then(
          (allowed) => {
            if (allowed) return callback();
            log({ type: "rate_limited" });
            callback(smtpError(450, "4.7.1 Too many letters from this sender, please try again later"));
          },
          (error: unknown) => {
            log({ type: "rate_limit_failed", error });
            callback(smtpError(451, "4.3.0 Temporary failure, please try again later"));
          },
        );
    },
    onRcptTo(address, _session, callback) {
      if (address.address.includes("@") && domainOf(address.address) === domain) return callback();
      log({ type: "recipient_refused" });
      callback(smtpError(550, "5.1.1 Recipient not accepted here"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        // Keep reading an oversized letter to its end, but not into memory.
        if (bytes <= maxBytes) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (stream.sizeExceeded) {
          log({ type: "too_large" });
          return callback(smtpError(552, "5.3.4 Message too big"));
        }
        const envelope = { from: envelopeFrom(session), to: session.envelope.rcptTo.map((r) => r.address) };
        simpleParser(Buffer.concat(chunks), { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, keepCidLinks: true })
          .then(
            (mail) => toLetter(mail, envelope, policy),
            (error: unknown) => {
              log({ type: "parse_failed", error });
              throw smtpError(451, "4.3.0 Temporary failure, please try again later");
            },
          )
          .then(async (letter) => {
            try {
              await options.onLetter(letter);
            } catch (error) {
              log({ type: "handler_failed", error });
              throw smtpError(451, "4.3.0 Temporary failure, please try again later");
            }
            log({ type: "accepted", bytes, attachments: letter.attachments.length });
          })
          .then(() => callback(), (error: Error) => callback(error));
      });
    },
  };

  const server = new SMTPServer(serverOptions);
  server.on("error", (error) => log({ type: "connection_error", error }));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
