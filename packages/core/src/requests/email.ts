import { and, eq } from "drizzle-orm";
import { requestDrafts, requestMessages, requests } from "@bilet/db";
import { enqueueEmail, missingFieldsReply, replyMessageId, requestDraftFromLetter, threadKeyOf, type InboundLetter } from "@bilet/mail";
import type { CoreDeps } from "../deps.ts";
import { missingFields, parseRegion, type RequestDraft } from "./required-fields.ts";
import { letterNumber, submitRequest } from "./service.ts";

/** The project's own address domain, for our Message-IDs (set once at start). */
export function requestsDomain(deps: CoreDeps): string {
  return deps.requestsDomain ?? "localhost";
}

export type LetterOutcome =
  | { kind: "ignored"; why: "automatic" }
  | { kind: "added"; requestId: string }
  | { kind: "incomplete"; draftId: string; missing: string[] }
  | { kind: "filed"; requestId: string; number: number; decision: string };

/** Keeps only the fields a letter actually had, so a later letter does not blank an earlier answer. */
const known = (draft: RequestDraft): RequestDraft => Object.fromEntries(Object.entries(draft).filter(([, v]) => typeof v === "string" && v.trim() !== "")) as RequestDraft;

/**
 * A letter to the project's address. A reply to one of our letters about a
 * request (by its Message-ID, from the request's own address) joins that
 * request; a reply to our «не хватает сведений» letter completes the draft it
 * was about; anything else starts a request. A letter missing required fields
 * is kept as a draft and answered automatically with what is missing.
 */
export async function handleInboundLetter(deps: CoreDeps, letter: InboundLetter): Promise<LetterOutcome> {
  if (letter.automatic) return { kind: "ignored", why: "automatic" };
  const domain = requestsDomain(deps);
  const sender = letter.from.address.toLowerCase();
  const parsed = requestDraftFromLetter(letter, { parseRegion });
  const thread = threadKeyOf(letter, domain);

  if (thread?.via === "message-id") {
    const [request] = await deps.db.select({ id: requests.id, email: requests.email, status: requests.status }).from(requests).where(eq(requests.id, thread.requestId));
    // Anyone can write an In-Reply-To: only the request's own address adds to it.
    if (request && request.email === sender && parsed.text) {
      await deps.db.transaction(async (tx) => {
        await tx.insert(requestMessages).values({ requestId: request.id, author: "user", text: parsed.text! });
        // A follow-up after an answer goes back to the queue.
        if (request.status === "answered" || request.status === "closed") await tx.update(requests).set({ status: "new", updatedAt: new Date() }).where(eq(requests.id, request.id));
      });
      return { kind: "added", requestId: request.id };
    }
  }

  const [pending] =
    thread?.via === "message-id"
      ? await deps.db.select().from(requestDrafts).where(and(eq(requestDrafts.id, thread.requestId), eq(requestDrafts.email, sender)))
      : [];
  const fromLetter = known({ regionCode: parsed.regionCode, fullName: parsed.fullName, email: parsed.email ?? sender, subject: parsed.subject, text: parsed.text });
  // The first letter's question stays the request's text; the answer to our reply only fills the gaps.
  const draft: RequestDraft = pending ? { ...fromLetter, ...known(pending.draft as RequestDraft), ...(pending.draft.text ? {} : { text: fromLetter.text }) } : fromLetter;
  const stillMissing = missingFields(draft);
  if (stillMissing.length > 0) {
    const draftId = await deps.db.transaction(async (tx) => {
      let id = pending?.id;
      if (id) await tx.update(requestDrafts).set({ draft: draft as Record<string, string | null> }).where(eq(requestDrafts.id, id));
      else id = (await tx.insert(requestDrafts).values({ email: sender, draft: draft as Record<string, string | null> }).returning({ id: requestDrafts.id }))[0]!.id;
      const autoReply = missingFieldsReply({
        subject: letter.subject,
        missing: stillMissing,
        inReplyTo: letter.messageId,
        references: letter.references,
        attachmentsNotKept: letter.attachments.filter((a) => a.content === null).length,
      });
      await enqueueEmail(tx, sender, { ...autoReply, headers: { ...autoReply.headers, "Message-ID": replyMessageId(id, letterNumber(), domain) } });
      return id;
    });
    return { kind: "incomplete", draftId, missing: stillMissing.map((m) => m.field) };
  }

  const result = await submitRequest(deps, null, { ...draft, channel: "email" }, { ip: null, userAgent: null }, { inReplyTo: letter.messageId });
  if (!result.ok) throw new Error("a complete draft was refused"); // missingFields said it was complete
  if (pending) await deps.db.delete(requestDrafts).where(eq(requestDrafts.id, pending.id));
  return { kind: "filed", requestId: result.id, number: result.number, decision: result.decision };
}
