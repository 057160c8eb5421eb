import { and, desc, eq, ilike, inArray, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { keyset, likeEscaped, regions, requestMessages, requests, studentProfiles, parentProfiles, users, type DbOrTx } from "@bilet/db";
import { emails, enqueueEmail, replyMessageId } from "@bilet/mail";
import { audit } from "../audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "../deps.ts";
import { AppError } from "../errors.ts";
import { notifyUser } from "../notifications.ts";
import { fullName, shortName } from "../people.ts";
import { enforceLimit, LIMITS } from "../rate-limit.ts";
import { missingFields, type MissingField, type RequestDraft } from "./required-fields.ts";
import { REQUEST_STATUS_NAMES, TRIAGE_DECISION_LABELS, type RequestStatus, type TriageDecision } from "@bilet/validators";
import { triage } from "./triage.ts";


/**
 * The number in our Message-IDs (`<request-<id>.<n>@domain>`): 0 for the
 * acknowledgement, then the second of sending, so each letter's id is its own
 * (the parser takes up to nine digits).
 */
export const letterNumber = () => Math.floor(Date.now() / 1000) % 1_000_000_000;

/** Resolved requests are what «repeat» compares a new one with. */
const RESOLVED: RequestStatus[] = ["answered", "closed"];
const MAX_TEXT = 5000;

export type SubmitResult = { ok: false; missing: MissingField[] } | { ok: true; id: string; number: number; status: RequestStatus; decision: TriageDecision };

/** What the bot can fill in for a signed-in user. */
export async function prefill(db: DbOrTx, actor: Actor | null): Promise<{ fullName: string | null; email: string | null; regionCode: string | null }> {
  if (!actor) return { fullName: null, email: null, regionCode: null };
  const [row] = await db
    .select({ lastName: users.lastName, firstName: users.firstName, email: users.email, studentRegion: studentProfiles.regionCode, parentRegion: parentProfiles.regionCode })
    .from(users)
    .leftJoin(studentProfiles, eq(studentProfiles.userId, users.id))
    .leftJoin(parentProfiles, eq(parentProfiles.userId, users.id))
    .where(eq(users.id, actor.id));
  if (!row) return { fullName: null, email: null, regionCode: null };
  return { fullName: `${row.lastName} ${row.firstName}`, email: row.email, regionCode: row.studentRegion ?? row.parentRegion ?? null };
}

/**
 * Files a request from the chat-bot or a letter. Missing required fields are
 * answered with the questions to ask (nothing is stored); a complete request
 * is triaged by the source document's rules and stored with the decision, its
 * rule and its explanation; an accepted one is acknowledged by email.
 */
export async function submitRequest(
  deps: CoreDeps,
  actor: Actor | null,
  draft: RequestDraft & { channel: "chat" | "email" },
  meta: RequestMeta,
  letter: { inReplyTo?: string | null } = {},
): Promise<SubmitResult> {
  const missing = missingFields(draft);
  if (missing.length > 0) return { ok: false, missing };
  const text = draft.text!.trim().slice(0, MAX_TEXT);
  const email = draft.email!.trim().toLowerCase();
  if (meta.ip) await enforceLimit(deps.db, `requests:ip:${meta.ip}`, LIMITS.emailPerIp, deps.rateLimitFactor);
  const previous = await deps.db
    .select({ text: requests.text, status: requests.status })
    .from(requests)
    .where(eq(requests.email, email))
    .orderBy(desc(requests.createdAt))
    .limit(20);
  const decision = triage({ text, subject: draft.subject ?? undefined, previous: previous.map((p) => ({ text: p.text, resolved: RESOLVED.includes(p.status) })) });
  const status: RequestStatus = decision.decision === "accept" ? "new" : "unanswered";
  return deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(requests)
      .values({
        userId: actor?.id ?? null,
        channel: draft.channel,
        regionCode: draft.regionCode!,
        fullName: draft.fullName!.trim(),
        email,
        subject: draft.subject!.trim(),
        text,
        status,
        decision: decision.decision,
        triageRule: decision.rule,
        triageExplanation: decision.explanation,
      })
      .returning({ id: requests.id, number: requests.number });
    await tx.insert(requestMessages).values({ requestId: created!.id, author: "user", text });
    if (status === "new") {
      // Our Message-ID carries the request's id, so an answer to this letter joins the same request.
      const headers: Record<string, string> = { "Message-ID": replyMessageId(created!.id, 0, deps.requestsDomain ?? "localhost") };
      if (letter.inReplyTo) headers["In-Reply-To"] = letter.inReplyTo;
      await enqueueEmail(tx, email, { ...emails.requestReceived({ number: created!.number, subject: draft.subject!.trim(), url: actor ? `${deps.appOrigin}/requests` : null }), headers });
    }
    await audit(tx, { actorUserId: actor?.id, action: "request.submitted", subjectType: "request", subjectId: created!.id, ip: meta.ip, data: { channel: draft.channel, decision: decision.decision, rule: decision.rule } });
    return { ok: true as const, id: created!.id, number: created!.number, status, decision: decision.decision };
  });
}

/** The signed-in user's own requests with their conversations, newest first, a page at a time. */
export async function myRequests(db: DbOrTx, actor: Actor, page: { cursor?: string; limit?: number } = {}) {
  const keys = keyset([{ by: requests.createdAt, desc: true }, { by: requests.id, desc: true }], page);
  const read = await db
    .select({ r: requests, cursor: keys.cursor })
    .from(requests)
    .where(and(eq(requests.userId, actor.id), keys.after))
    .orderBy(...keys.orderBy)
    .limit(keys.take);
  const rows = read.slice(0, keys.limit).map(({ r }) => r);
  const messages = rows.length
    ? await db.select().from(requestMessages).where(inArray(requestMessages.requestId, rows.map((r) => r.id))).orderBy(requestMessages.createdAt)
    : [];
  return keys.page(read, ({ r }) => ({
    id: r.id,
    number: r.number,
    subject: r.subject,
    text: r.text,
    status: r.status,
    statusName: REQUEST_STATUS_NAMES[r.status],
    createdAt: r.createdAt.toISOString(),
    messages: messages.filter((m) => m.requestId === r.id).map((m) => ({ id: m.id, author: m.author, text: m.text, createdAt: m.createdAt.toISOString() })),
  }));
}

function assertStaff(actor: Actor) {
  if (actor.role !== "staff") throw new AppError("FORBIDDEN", "Раздел для оператора проекта");
}

export interface QueueFilter {
  status?: RequestStatus;
  channel?: "chat" | "email";
  regionCode?: string;
  decision?: TriageDecision;
  topic?: string;
}

const assignee = alias(users, "assignee");
const decider = alias(users, "decider");

/** The staff queue, newest first, with filters, a page at a time. */
export async function queue(db: DbOrTx, actor: Actor, filter: QueueFilter & { cursor?: string; limit?: number }) {
  assertStaff(actor);
  const keys = keyset([{ by: requests.createdAt, desc: true }, { by: requests.id, desc: true }], filter);
  const where: SQL[] = [];
  if (filter.status) where.push(eq(requests.status, filter.status));
  if (filter.channel) where.push(eq(requests.channel, filter.channel));
  if (filter.regionCode) where.push(eq(requests.regionCode, filter.regionCode));
  if (filter.decision) where.push(eq(requests.decision, filter.decision));
  // The subject is the request's topic; LIKE's own characters in the words are taken literally.
  if (filter.topic) where.push(ilike(requests.subject, `%${likeEscaped(filter.topic)}%`));
  if (keys.after) where.push(keys.after);
  const rows = await db
    .select({ r: requests, regionName: regions.name, assigneeFirst: assignee.firstName, assigneeLast: assignee.lastName, cursor: keys.cursor })
    .from(requests)
    .innerJoin(regions, eq(regions.code, requests.regionCode))
    .leftJoin(assignee, eq(assignee.id, requests.assignedToId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(...keys.orderBy)
    .limit(keys.take);
  const now = Date.now();
  return keys.page(rows, ({ r, regionName, assigneeFirst, assigneeLast }) => ({
    id: r.id,
    number: r.number,
    channel: r.channel,
    regionName,
    fullName: r.fullName,
    email: r.email,
    subject: r.subject,
    status: r.status,
    statusName: REQUEST_STATUS_NAMES[r.status],
    decision: r.decision,
    decisionName: TRIAGE_DECISION_LABELS[r.decision],
    ruleExplanation: r.triageExplanation,
    assignedToName: assigneeFirst ? shortName({ firstName: assigneeFirst, lastName: assigneeLast! }) : null,
    createdAt: r.createdAt.toISOString(),
    ageHours: Math.floor((now - r.createdAt.getTime()) / 3_600_000),
  }));
}

export async function requestById(db: DbOrTx, actor: Actor, id: string) {
  assertStaff(actor);
  const [row] = await db
    .select({ r: requests, regionName: regions.name, deciderFirst: decider.firstName, deciderLast: decider.lastName, deciderMiddle: decider.middleName })
    .from(requests)
    .innerJoin(regions, eq(regions.code, requests.regionCode))
    .leftJoin(decider, eq(decider.id, requests.decidedById))
    .where(eq(requests.id, id));
  if (!row) throw new AppError("NOT_FOUND", "Обращение не найдено");
  const messages = await db.select().from(requestMessages).where(eq(requestMessages.requestId, id)).orderBy(requestMessages.createdAt);
  const { r } = row;
  return {
    id: r.id,
    number: r.number,
    channel: r.channel,
    regionName: row.regionName,
    fullName: r.fullName,
    email: r.email,
    subject: r.subject,
    text: r.text,
    status: r.status,
    statusName: REQUEST_STATUS_NAMES[r.status],
    decision: r.decision,
    decisionName: TRIAGE_DECISION_LABELS[r.decision],
    triageRule: r.triageRule,
    triageExplanation: r.triageExplanation,
    decidedByName: row.deciderFirst ? fullName({ firstName: row.deciderFirst, lastName: row.deciderLast!, middleName: row.deciderMiddle }) : null,
    decisionReason: r.decisionReason,
    createdAt: r.createdAt.toISOString(),
    messages: messages.map((m) => ({ id: m.id, author: m.author, text: m.text, createdAt: m.createdAt.toISOString() })),
  };
}

/**
 * Staff confirm or override the triage decision, with a reason. «secret» is
 * only ever set here. Accepting puts the request in the queue; any other
 * decision leaves it without an answer, with that reason recorded.
 */
export async function decide(deps: CoreDeps, actor: Actor, input: { id: string; decision: TriageDecision; reason: string }, meta: RequestMeta) {
  assertStaff(actor);
  await deps.db.transaction(async (tx) => {
    const [current] = await tx.select({ status: requests.status }).from(requests).where(eq(requests.id, input.id)).for("update");
    if (!current) throw new AppError("NOT_FOUND", "Обращение не найдено");
    if (current.status === "answered" || current.status === "closed") throw new AppError("CONFLICT", "На обращение уже ответили: решение не меняется");
    const status: RequestStatus = input.decision === "accept" ? (current.status === "in_progress" ? "in_progress" : "new") : "unanswered";
    await tx.update(requests).set({ decision: input.decision, decidedById: actor.id, decisionReason: input.reason, status, updatedAt: new Date() }).where(eq(requests.id, input.id));
    await audit(tx, { actorUserId: actor.id, action: "request.decided", subjectType: "request", subjectId: input.id, ip: meta.ip, data: { decision: input.decision } });
  });
  return requestById(deps.db, actor, input.id);
}

export async function assignToMe(deps: CoreDeps, actor: Actor, id: string) {
  assertStaff(actor);
  const [row] = await deps.db
    .update(requests)
    .set({ assignedToId: actor.id, status: "in_progress", updatedAt: new Date() })
    .where(and(eq(requests.id, id), inArray(requests.status, ["new", "in_progress"])))
    .returning({ id: requests.id });
  if (!row) throw new AppError("CONFLICT", "В работу берут новые обращения, принятые к рассмотрению");
  return requestById(deps.db, actor, id);
}

/** A staff answer: stored, emailed through the outbox and shown live in the user's cabinet, in one transaction. */
export async function reply(deps: CoreDeps, actor: Actor, input: { id: string; text: string }, meta: RequestMeta) {
  assertStaff(actor);
  await deps.db.transaction(async (tx) => {
    const [r] = await tx.select().from(requests).where(eq(requests.id, input.id)).for("update");
    if (!r) throw new AppError("NOT_FOUND", "Обращение не найдено");
    if (r.decision !== "accept") throw new AppError("CONFLICT", "Обращение оставлено без ответа: сначала примите его к рассмотрению");
    if (r.status === "closed") throw new AppError("CONFLICT", "Обращение закрыто");
    await tx.insert(requestMessages).values({ requestId: r.id, author: "staff", staffId: actor.id, text: input.text });
    await tx.update(requests).set({ status: "answered", assignedToId: r.assignedToId ?? actor.id, updatedAt: new Date() }).where(eq(requests.id, r.id));
    const domain = deps.requestsDomain ?? "localhost";
    await enqueueEmail(tx, r.email, {
      ...emails.requestAnswered({ number: r.number, subject: r.subject, answer: input.text, url: r.userId ? `${deps.appOrigin}/requests` : null }),
      // A reply to the answer threads back into this request.
      headers: { "Message-ID": replyMessageId(r.id, letterNumber(), domain), "In-Reply-To": replyMessageId(r.id, 0, domain) },
    });
    if (r.userId) {
      await notifyUser(tx, r.userId, {
        type: "requests.answered",
        title: `Ответ на обращение № ${r.number}`,
        body: input.text.length > 200 ? `${input.text.slice(0, 197)}…` : input.text,
        link: "/requests",
        data: { requestId: r.id },
      });
    }
    await audit(tx, { actorUserId: actor.id, action: "request.answered", subjectType: "request", subjectId: r.id, ip: meta.ip });
  });
  return requestById(deps.db, actor, input.id);
}

export async function closeRequest(deps: CoreDeps, actor: Actor, id: string) {
  assertStaff(actor);
  const [row] = await deps.db.update(requests).set({ status: "closed", updatedAt: new Date() }).where(eq(requests.id, id)).returning({ id: requests.id });
  if (!row) throw new AppError("NOT_FOUND", "Обращение не найдено");
  return requestById(deps.db, actor, id);
}
