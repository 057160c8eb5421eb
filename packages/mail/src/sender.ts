import type { Database } from "@bilet/db";
import { deliverPendingEmails, type MailTransport } from "./outbox.ts";

/** Polls the outbox in the background; `stop()` waits for the current round. */
export function startMailSender(db: Database, transport: MailTransport, intervalMs = 1000) {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    current = deliverPendingEmails(db, transport).catch((error) => console.error("mail sender:", error));
    await current;
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
