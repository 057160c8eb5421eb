import type { Database } from "@bilet/db";
import { deliverPendingEmails, type MailTransport } from "./outbox.ts";

const BATCH = 20;

/**
 * Polls the outbox in the background (a worker, or the web server with
 * RUN_JOBS=true); a full batch is followed at once by the next, so a backlog
 * drains without waiting a poll per batch. `stop()` waits for the current round.
 */
export function startMailSender(db: Database, transport: MailTransport, intervalMs = 1000) {
  let stopped = false;
  let current: Promise<number> = Promise.resolve(0);
  const tick = async () => {
    if (stopped) return;
    current = deliverPendingEmails(db, transport, BATCH).catch((error) => {
      console.error("mail sender:", error);
      return 0;
    });
    const sent = await current;
    if (!stopped) timer = setTimeout(tick, sent >= BATCH ? 0 : intervalMs);
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
