import { and, asc, count, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { generateToken, hashPassword, hashToken } from "@bilet/auth";
import { familyLinks, invitations, keyset, regions, studentProfiles, users, type DbOrTx } from "@bilet/db";
import { emails, enqueueEmail } from "@bilet/mail";
import type { z } from "zod";
import { PAGE_SIZE, type Page, type parentByInvitationInput, type studentByInvitationInput } from "@bilet/validators";
import { CABINET_PATH, sendActivationLetter, sendAlreadyRegisteredLetter, type SignedIn } from "./accounts.ts";
import { assertCanViewStudent, isLinked } from "./access.ts";
import { createAccount } from "./account-records.ts";
import { audit } from "./audit.ts";
import type { Actor, CoreDeps, RequestMeta } from "./deps.ts";
import { AppError } from "./errors.ts";
import { notifyUser } from "./notifications.ts";
import { assertSeasonOpened } from "./trials/calendar.ts";
import { fullName, shortName } from "./people.ts";
import { LIMITS, enforceLimit, limitLetters, personalFactor } from "./rate-limit.ts";

export const INVITATION_DAYS = 7;
/** A child may have two parents (законных представителя) linked. */
export const MAX_PARENTS = 2;

export type InvitationState = "pending" | "expired" | "accepted" | "revoked";

type InvitationRow = typeof invitations.$inferSelect;

export function invitationState(row: Pick<InvitationRow, "status" | "expiresAt">, now = new Date()): InvitationState {
  if (row.status === "pending" && row.expiresAt <= now) return "expired";
  return row.status;
}

const otherRole = (role: Actor["role"]): "parent" | "student" => {
  if (role === "student") return "parent";
  if (role === "parent") return "student";
  throw new AppError("FORBIDDEN", "Приглашать в семью могут только участник и родитель");
};

async function parentCount(db: DbOrTx, studentId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(familyLinks).where(eq(familyLinks.studentId, studentId));
  return row?.n ?? 0;
}

async function sendInvitationEmail(deps: CoreDeps, tx: DbOrTx, invitation: { inviteeEmail: string; inviteeRole: "parent" | "student" }, inviter: { lastName: string; firstName: string }, token: string) {
  await enqueueEmail(
    tx,
    invitation.inviteeEmail,
    emails.familyInvitation({
      inviterName: shortName(inviter),
      inviteeRole: invitation.inviteeRole,
      url: `${deps.appOrigin}/invite?token=${encodeURIComponent(token)}`,
      daysValid: INVITATION_DAYS,
    }),
  );
}

const expiry = () => new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000);

export interface InvitationDto {
  id: string;
  /** Null for a link the inviter copied instead of emailing. */
  inviteeEmail: string | null;
  inviteeRole: "parent" | "student";
  state: InvitationState;
  sentCount: number;
  lastSentAt: string;
  expiresAt: string;
  /** When it was revoked (by the sender, or because the two were linked by another invitation). */
  revokedAt: string | null;
  acceptedByName: string | null;
}

/**
 * Invites the other side of the family by email (a student invites a parent,
 * a parent a child). Inviting the same address again re-sends the open
 * invitation with a new link; the old link stops working.
 */
export async function inviteFamilyMember(deps: CoreDeps, actor: Actor, email: string, meta: RequestMeta): Promise<InvitationDto> {
  const inviteeRole = otherRole(actor.role);
  await enforceLimit(deps.db, `invite:${actor.id}`, LIMITS.invitationsPerUser, personalFactor(deps.rateLimitFactor));
  await limitLetters(deps.db, "invitation", email, meta.ip, deps.rateLimitFactor);
  const id = await deps.db.transaction(async (tx) => {
    const [inviter] = await tx.select().from(users).where(eq(users.id, actor.id));
    if (!inviter) throw new AppError("UNAUTHORIZED", "Войдите в учётную запись, чтобы продолжить");
    if (inviter.email === email) throw new AppError("BAD_REQUEST", "Нельзя отправить приглашение на собственный адрес", { fieldErrors: { email: "Укажите адрес другого человека" } });
    const [existing] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email));
    if (existing) {
      const linked = actor.role === "student" ? await isLinked(tx, existing.id, actor.id) : await isLinked(tx, actor.id, existing.id);
      if (linked) throw new AppError("CONFLICT", actor.role === "student" ? "Этот родитель уже связан с твоим кабинетом" : "Этот участник уже связан с вашим кабинетом");
    }
    if (actor.role === "student" && (await parentCount(tx, actor.id)) >= MAX_PARENTS) {
      throw new AppError("CONFLICT", "С кабинетом участника уже связаны два родителя (законных представителя)");
    }
    const { token, tokenHash } = generateToken();
    const [open] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.inviterId, actor.id), eq(invitations.inviteeEmail, email), eq(invitations.status, "pending")))
      .for("update");
    let invitationId: string;
    if (open) {
      await tx
        .update(invitations)
        .set({ tokenHash, expiresAt: expiry(), sentCount: open.sentCount + 1, lastSentAt: new Date(), expiryNotifiedAt: null })
        .where(eq(invitations.id, open.id));
      invitationId = open.id;
    } else {
      const [created] = await tx
        .insert(invitations)
        .values({ inviterId: actor.id, inviteeEmail: email, inviteeRole, tokenHash, expiresAt: expiry() })
        .returning({ id: invitations.id });
      invitationId = created!.id;
    }
    await sendInvitationEmail(deps, tx, { inviteeEmail: email, inviteeRole }, inviter, token);
    await audit(tx, { actorUserId: actor.id, action: open ? "family.invitation_resent" : "family.invited", subjectType: "invitation", subjectId: invitationId, ip: meta.ip, data: { inviteeRole } });
    return invitationId;
  });
  return (await listSentInvitations(deps.db, actor, id))[0]!;
}

const invitationUrl = (deps: CoreDeps, token: string) => `${deps.appOrigin}/invite?token=${encodeURIComponent(token)}`;

/** An invitation link the inviter copies and passes on: shown once, only its hash is kept. */
export interface InvitationLink {
  invitation: InvitationDto;
  url: string;
}

/**
 * A parent copies an invitation link for a child of 14 or more instead of
 * sending an email (to pass it through a messenger). It is as safe as the
 * emailed one: single use, 7 days, only a hash stored. Each copy is a new
 * invitation, so a parent of two children gives each their own link.
 */
export async function createInvitationLink(deps: CoreDeps, actor: Actor, meta: RequestMeta): Promise<InvitationLink> {
  if (actor.role !== "parent") throw new AppError("FORBIDDEN", "Ссылку-приглашение создаёт родитель для ребёнка");
  await enforceLimit(deps.db, `invite:${actor.id}`, LIMITS.invitationsPerUser, personalFactor(deps.rateLimitFactor));
  const { token, tokenHash } = generateToken();
  const id = await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(invitations)
      .values({ inviterId: actor.id, inviteeEmail: null, inviteeRole: "student", tokenHash, expiresAt: expiry() })
      .returning({ id: invitations.id });
    await audit(tx, { actorUserId: actor.id, action: "family.invitation_link_created", subjectType: "invitation", subjectId: created!.id, ip: meta.ip, data: { inviteeRole: "student" } });
    return created!.id;
  });
  return { invitation: (await listSentInvitations(deps.db, actor, id))[0]!, url: invitationUrl(deps, token) };
}

/** A new link for an open link invitation, for 7 more days; the old link stops working. */
async function renewInvitationLink(deps: CoreDeps, actor: Actor, invitationId: string, meta: RequestMeta): Promise<InvitationLink> {
  await enforceLimit(deps.db, `invite:${actor.id}`, LIMITS.invitationsPerUser, personalFactor(deps.rateLimitFactor));
  const { token, tokenHash } = generateToken();
  await deps.db.transaction(async (tx) => {
    const row = await ownInvitation(tx, actor, invitationId);
    if (row.status !== "pending") throw new AppError("CONFLICT", row.status === "accepted" ? "Приглашение уже принято" : "Приглашение отозвано: скопируйте новую ссылку");
    await tx
      .update(invitations)
      .set({ tokenHash, expiresAt: expiry(), sentCount: row.sentCount + 1, lastSentAt: new Date(), expiryNotifiedAt: null })
      .where(eq(invitations.id, row.id));
    await audit(tx, { actorUserId: actor.id, action: "family.invitation_link_renewed", subjectType: "invitation", subjectId: row.id, ip: meta.ip });
  });
  return { invitation: (await listSentInvitations(deps.db, actor, invitationId))[0]!, url: invitationUrl(deps, token) };
}

async function ownInvitation(tx: DbOrTx, actor: Actor, invitationId: string) {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, invitationId), eq(invitations.inviterId, actor.id)))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", "Приглашение не найдено");
  return row;
}

/**
 * Sends the invitation again with a new link and a fresh 7-day term. A link
 * invitation gets a new link to copy (`url`); there is nowhere to send it.
 */
export async function resendInvitation(deps: CoreDeps, actor: Actor, invitationId: string, meta: RequestMeta): Promise<InvitationDto & { url?: string }> {
  const row = await deps.db.transaction((tx) => ownInvitation(tx, actor, invitationId));
  if (row.status !== "pending") {
    throw new AppError("CONFLICT", row.status === "accepted" ? "Приглашение уже принято" : "Приглашение отозвано: отправьте новое");
  }
  if (!row.inviteeEmail) {
    const renewed = await renewInvitationLink(deps, actor, invitationId, meta);
    return { ...renewed.invitation, url: renewed.url };
  }
  return inviteFamilyMember(deps, actor, row.inviteeEmail, meta);
}

export async function revokeInvitation(deps: CoreDeps, actor: Actor, invitationId: string, meta: RequestMeta): Promise<InvitationDto> {
  await deps.db.transaction(async (tx) => {
    const row = await ownInvitation(tx, actor, invitationId);
    if (row.status === "accepted") throw new AppError("CONFLICT", "Приглашение уже принято: кабинеты связаны");
    if (row.status === "revoked") return;
    await tx.update(invitations).set({ status: "revoked", revokedAt: new Date() }).where(eq(invitations.id, row.id));
    await audit(tx, { actorUserId: actor.id, action: "family.invitation_revoked", subjectType: "invitation", subjectId: row.id, ip: meta.ip });
  });
  return (await listSentInvitations(deps.db, actor, invitationId))[0]!;
}

/** One invitation the person sent (`onlyId`), or the first page of them. */
export async function listSentInvitations(db: DbOrTx, actor: Actor, onlyId?: string): Promise<InvitationDto[]> {
  return (await sentInvitationsPage(db, actor, {}, onlyId)).items;
}

/** The invitations a person sent, the last sent first, a page at a time. */
export async function sentInvitationsPage(db: DbOrTx, actor: Actor, page: { cursor?: string; limit?: number }, onlyId?: string): Promise<Page<InvitationDto>> {
  const keys = keyset([{ by: invitations.lastSentAt, desc: true }, { by: invitations.id, desc: true }], page);
  const rows = await db
    .select({ invitation: invitations, acceptedBy: { lastName: users.lastName, firstName: users.firstName }, cursor: keys.cursor })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.acceptedById))
    .where(and(eq(invitations.inviterId, actor.id), onlyId ? eq(invitations.id, onlyId) : undefined, keys.after))
    .orderBy(...keys.orderBy)
    .limit(keys.take);
  return keys.page(rows, ({ invitation: i, acceptedBy }) => ({
    id: i.id,
    inviteeEmail: i.inviteeEmail,
    inviteeRole: i.inviteeRole as "parent" | "student",
    state: invitationState(i),
    sentCount: i.sentCount,
    lastSentAt: i.lastSentAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    revokedAt: i.revokedAt?.toISOString() ?? null,
    acceptedByName: acceptedBy ? shortName(acceptedBy) : null,
  }));
}

export interface InvitationPreview {
  state: InvitationState;
  inviteeEmail: string | null;
  inviteeRole: "parent" | "student";
  inviterName: string;
  /** Whether an account with the invited address exists (then: log in to accept). */
  accountExists: boolean;
}

const INVALID_LINK = "Ссылка приглашения недействительна. Попросите отправить приглашение ещё раз.";

/** What the invitation page shows; it spends nothing. */
export async function previewInvitation(db: DbOrTx, token: string): Promise<InvitationPreview> {
  const [row] = await db
    .select({ invitation: invitations, inviter: { lastName: users.lastName, firstName: users.firstName } })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.inviterId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) throw new AppError("TOKEN_INVALID", INVALID_LINK);
  const email = row.invitation.inviteeEmail;
  const [account] = email ? await db.select({ id: users.id }).from(users).where(eq(users.email, email)) : [];
  return {
    state: invitationState(row.invitation),
    inviteeEmail: row.invitation.inviteeEmail,
    inviteeRole: row.invitation.inviteeRole as "parent" | "student",
    inviterName: shortName(row.inviter),
    accountExists: Boolean(account),
  };
}

/** Locks the invitation behind a token and says why it cannot be used, if it cannot. */
async function usableInvitation(tx: DbOrTx, token: string): Promise<InvitationRow> {
  const [row] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).for("update");
  if (!row) throw new AppError("TOKEN_INVALID", INVALID_LINK);
  const state = invitationState(row);
  if (state === "accepted") throw new AppError("TOKEN_USED", "Это приглашение уже принято. Войдите в свой кабинет.");
  if (state === "revoked") throw new AppError("TOKEN_USED", "Приглашение отозвано отправителем.");
  if (state === "expired") throw new AppError("TOKEN_EXPIRED", "Срок действия приглашения истёк. Попросите отправить его ещё раз.");
  return row;
}

/**
 * Links the pair and tells the inviter; the caller's transaction holds the
 * invitation row. `awaitingActivation`: the invitee registered through a copied
 * link and can sign in once the address is confirmed.
 */
async function link(tx: DbOrTx, invitation: InvitationRow, invitee: { id: string; lastName: string; firstName: string }, meta: RequestMeta, awaitingActivation = false) {
  const parentId = invitation.inviteeRole === "parent" ? invitee.id : invitation.inviterId;
  const studentId = invitation.inviteeRole === "parent" ? invitation.inviterId : invitee.id;
  if (!(await isLinked(tx, parentId, studentId))) {
    if ((await parentCount(tx, studentId)) >= MAX_PARENTS) {
      throw new AppError("CONFLICT", "С кабинетом участника уже связаны два родителя (законных представителя)");
    }
    await tx.insert(familyLinks).values({ parentId, studentId, invitationId: invitation.id });
  }
  await tx
    .update(invitations)
    .set({ status: "accepted", acceptedById: invitee.id, acceptedAt: new Date() })
    .where(eq(invitations.id, invitation.id));
  // Other open invitations between the same two people are now pointless.
  if (invitation.inviteeEmail) {
    await tx
      .update(invitations)
      .set({ status: "revoked", revokedAt: new Date() })
      .where(and(eq(invitations.status, "pending"), eq(invitations.inviterId, invitation.inviterId), eq(invitations.inviteeEmail, invitation.inviteeEmail), sql`${invitations.id} <> ${invitation.id}`));
  }
  const name = shortName(invitee);
  if (invitation.inviteeRole === "student") {
    await notifyUser(tx, invitation.inviterId, {
      type: "family.child_registered",
      title: "Регистрация ребёнка завершена",
      body: `Регистрация ребёнка завершена: ${name}. Кабинеты связаны.${awaitingActivation ? " Войти ребёнок сможет, когда подтвердит адрес электронной почты по ссылке из письма." : ""} Дайте согласие на обработку персональных данных ребёнка, чтобы ребёнок мог участвовать в практических мероприятиях.`,
      link: `/parent/children/${studentId}`,
      data: { studentId },
    });
  } else {
    await notifyUser(tx, invitation.inviterId, {
      type: "family.parent_linked",
      title: "Родитель подключён",
      body: `Приглашение принято: ${name}. Кабинеты связаны.${awaitingActivation ? " Войти родитель сможет, когда подтвердит адрес электронной почты по ссылке из письма." : ""} Чтобы участвовать в практических мероприятиях, нужно согласие родителя на обработку твоих персональных данных.`,
      link: "/student",
      data: { parentId },
    });
  }
  await audit(tx, { actorUserId: invitee.id, action: "family.linked", subjectType: "invitation", subjectId: invitation.id, ip: meta.ip, data: { parentId, studentId } });
}

type StudentByInvitation = z.output<typeof studentByInvitationInput>;
type ParentByInvitation = z.output<typeof parentByInvitationInput>;

/**
 * What registering through an invitation gives: signed in at once (an emailed
 * invitation proved the address), or a letter to confirm the address given
 * on a copied link's page.
 */
export type InvitationRegistration = { kind: "signed_in"; signedIn: SignedIn } | { kind: "activation_sent"; email: string };

/**
 * Registers the invited person. An emailed invitation fixes the address and
 * following it proved the address, so the account is active at once. A copied
 * link proves nothing about the address the person types, so that account
 * needs the activation letter, as in a normal sign-up; the cabinets are linked
 * right away (the link is what the inviter handed over), and the person signs
 * in once the address is confirmed. Linking and telling the inviter happen in
 * the same transaction.
 */
export async function registerByInvitation(
  deps: CoreDeps,
  role: "student" | "parent",
  input: StudentByInvitation | ParentByInvitation,
  meta: RequestMeta,
): Promise<InvitationRegistration> {
  await assertSeasonOpened(deps.db, "registration");
  if (meta.ip) await enforceLimit(deps.db, `register:ip:${meta.ip}`, LIMITS.registrationPerIp, deps.rateLimitFactor);
  const passwordHash = await hashPassword(input.password);
  // A copied link makes us write to an address the person typed: that letter counts against the address's budget.
  const [known] = await deps.db.select({ inviteeEmail: invitations.inviteeEmail }).from(invitations).where(eq(invitations.tokenHash, hashToken(input.token)));
  if (known && !known.inviteeEmail && input.email) await limitLetters(deps.db, "registration", input.email, meta.ip, deps.rateLimitFactor);
  return deps.db.transaction(async (tx): Promise<InvitationRegistration> => {
    const invitation = await usableInvitation(tx, input.token);
    if (invitation.inviteeRole !== role) {
      throw new AppError("FORBIDDEN", invitation.inviteeRole === "parent" ? "Это приглашение для родителя: зарегистрируйтесь по форме родителя" : "Это приглашение для участника: зарегистрируйтесь по форме участника");
    }
    const s = input as StudentByInvitation;
    const viaLink = !invitation.inviteeEmail;
    const email = invitation.inviteeEmail ?? input.email;
    if (!email) throw new AppError("BAD_REQUEST", "Укажите адрес электронной почты", { fieldErrors: { email: "Укажите адрес электронной почты" } });
    const account = await createAccount(tx, {
      role,
      email,
      passwordHash,
      lastName: input.lastName,
      firstName: input.firstName,
      middleName: input.middleName,
      // An emailed invitation proves the address: no activation letter. A copied link does not.
      activatedAt: viaLink ? null : new Date(),
      student: role === "student" ? { birthDate: s.birthDate, grade: s.grade, regionCode: s.regionCode, school: s.school } : undefined,
      parent: role === "parent" ? { regionCode: input.regionCode } : undefined,
    });
    if (!account && viaLink) {
      // As in a normal sign-up the form does not say the address is taken: its owner is told,
      // signs in and opens the link again (the invitation stays open).
      await sendAlreadyRegisteredLetter(deps, tx, email);
      return { kind: "activation_sent", email };
    }
    if (!account) throw new AppError("CONFLICT", "С этим адресом уже есть учётная запись: войдите, чтобы принять приглашение");
    const created = { id: account.id, lastName: input.lastName, firstName: input.firstName };
    await audit(tx, { actorUserId: created.id, action: "account.registered", subjectType: "user", subjectId: created.id, ip: meta.ip, data: { role, via: viaLink ? "invitation_link" : "invitation" } });
    await link(tx, invitation, created, meta, viaLink);
    if (viaLink) {
      await sendActivationLetter(deps, tx, { id: created.id, email, firstName: created.firstName, role });
      return { kind: "activation_sent", email };
    }
    const { cookie } = await deps.sessions.create(created.id, meta, tx);
    return { kind: "signed_in", signedIn: { user: { id: created.id, role, firstName: created.firstName }, cookie, redirectTo: CABINET_PATH[role] } };
  });
}

/** A signed-in person accepts an invitation sent to their own address. */
export async function acceptInvitation(deps: CoreDeps, actor: Actor, token: string, meta: RequestMeta): Promise<{ redirectTo: string }> {
  await deps.db.transaction(async (tx) => {
    const invitation = await usableInvitation(tx, token);
    const [me] = await tx.select().from(users).where(eq(users.id, actor.id));
    if (!me) throw new AppError("UNAUTHORIZED", "Войдите в учётную запись, чтобы продолжить");
    if (me.role !== invitation.inviteeRole) {
      throw new AppError("FORBIDDEN", invitation.inviteeRole === "parent" ? "Это приглашение для родителя, а вы вошли как участник" : "Это приглашение для участника, а вы вошли как родитель");
    }
    // A copied link is accepted by whoever holds it, in the invited role; an emailed one by its addressee only.
    if (invitation.inviteeEmail && me.email !== invitation.inviteeEmail) {
      throw new AppError("FORBIDDEN", `Приглашение отправлено на адрес ${invitation.inviteeEmail}. Войдите под этим адресом, чтобы принять его.`);
    }
    await link(tx, invitation, me, meta);
  });
  return { redirectTo: CABINET_PATH[actor.role] };
}

/** Invitations addressed to the signed-in person that they can still accept. */
export async function listIncomingInvitations(db: DbOrTx, actor: Actor & { email: string | null }) {
  if (!actor.email) return [];
  const rows = await db
    .select({ id: invitations.id, expiresAt: invitations.expiresAt, inviter: { lastName: users.lastName, firstName: users.firstName } })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.inviterId))
    .where(and(eq(invitations.inviteeEmail, actor.email), eq(invitations.inviteeRole, actor.role), eq(invitations.status, "pending"), gt(invitations.expiresAt, sql`now()`)))
    .orderBy(asc(invitations.createdAt))
    // A page at most: an address anyone can invite must not grow the cabinet without bound.
    .limit(PAGE_SIZE);
  return rows.map((r) => ({ id: r.id, inviterName: shortName(r.inviter), expiresAt: r.expiresAt.toISOString() }));
}

/** Accepting from the cabinet list works by id, for the addressee only. */
export async function acceptIncomingInvitation(deps: CoreDeps, actor: Actor & { email: string | null }, invitationId: string, meta: RequestMeta) {
  const email = actor.email;
  if (!email) throw new AppError("NOT_FOUND", "Приглашение не найдено");
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.inviteeEmail, email)))
      .for("update");
    if (!row) throw new AppError("NOT_FOUND", "Приглашение не найдено");
    const state = invitationState(row);
    if (state !== "pending") throw new AppError("CONFLICT", state === "expired" ? "Срок действия приглашения истёк" : "Приглашение уже недоступно");
    if (row.inviteeRole !== actor.role) throw new AppError("FORBIDDEN", "Это приглашение не для вашей роли");
    const [me] = await tx.select().from(users).where(eq(users.id, actor.id));
    await link(tx, row, me!, meta);
    return { redirectTo: CABINET_PATH[actor.role] };
  });
}

/**
 * Tells inviters about invitations that expired unaccepted. Safe to run from
 * every instance: rows are claimed with SKIP LOCKED and marked once.
 */
export async function notifyExpiredInvitations(db: DbOrTx, batch = 100): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: invitations.id, inviterId: invitations.inviterId, inviteeEmail: invitations.inviteeEmail, inviteeRole: invitations.inviteeRole })
      .from(invitations)
      .where(and(eq(invitations.status, "pending"), isNull(invitations.expiryNotifiedAt), lte(invitations.expiresAt, sql`now()`)))
      .limit(batch)
      .for("update", { skipLocked: true });
    if (due.length === 0) return 0;
    await tx.update(invitations).set({ expiryNotifiedAt: new Date() }).where(inArray(invitations.id, due.map((d) => d.id)));
    for (const inv of due) {
      await notifyUser(tx, inv.inviterId, {
        type: "family.invitation_expired",
        title: "Приглашение истекло",
        body: inv.inviteeEmail
          ? `Приглашение для ${inv.inviteeEmail} не было принято за ${INVITATION_DAYS} дней. Его можно отправить ещё раз.`
          : `Ссылкой-приглашением не воспользовались за ${INVITATION_DAYS} дней. Можно создать для неё новую ссылку.`,
        link: inv.inviteeRole === "parent" ? "/student" : "/parent",
        data: { invitationId: inv.id },
      });
    }
    return due.length;
  });
}

export interface LinkedPerson {
  id: string;
  name: string;
  /** Null for a child under 14 who signs in with a login. */
  email: string | null;
  linkedAt: string;
}

/** The people on the other side of the signed-in person's links. */
export async function listLinked(db: DbOrTx, actor: Actor): Promise<LinkedPerson[]> {
  const mine = actor.role === "student" ? familyLinks.studentId : familyLinks.parentId;
  const theirs = actor.role === "student" ? familyLinks.parentId : familyLinks.studentId;
  if (actor.role !== "student" && actor.role !== "parent") return [];
  const rows = await db
    .select({ id: users.id, lastName: users.lastName, firstName: users.firstName, middleName: users.middleName, email: users.email, linkedAt: familyLinks.createdAt })
    .from(familyLinks)
    .innerJoin(users, eq(users.id, theirs))
    .where(eq(mine, actor.id))
    .orderBy(asc(familyLinks.createdAt));
  return rows.map((r) => ({ id: r.id, name: fullName(r), email: r.email, linkedAt: r.linkedAt.toISOString() }));
}


export interface ChildSummary {
  id: string;
  name: string;
  email: string | null;
  /** The login of an account a parent created (a child under 14); null for a child who registered. */
  login: string | null;
  grade: number;
  school: string;
  regionName: string;
  linkedAt: string;
}

/** A linked child's card for the parent cabinet (or for staff). */
export async function childSummary(db: DbOrTx, actor: Actor, studentId: string): Promise<ChildSummary> {
  await assertCanViewStudent(db, actor, studentId);
  const [row] = await db
    .select({
      id: users.id,
      lastName: users.lastName,
      firstName: users.firstName,
      middleName: users.middleName,
      email: users.email,
      login: users.login,
      grade: studentProfiles.grade,
      school: studentProfiles.school,
      regionName: regions.name,
      linkedAt: familyLinks.createdAt,
    })
    .from(users)
    .innerJoin(studentProfiles, eq(studentProfiles.userId, users.id))
    .innerJoin(regions, eq(regions.code, studentProfiles.regionCode))
    .leftJoin(familyLinks, and(eq(familyLinks.studentId, users.id), eq(familyLinks.parentId, actor.id)))
    .where(eq(users.id, studentId));
  if (!row) throw new AppError("NOT_FOUND", "Участник не найден");
  return { id: row.id, name: fullName(row), email: row.email, login: row.login, grade: row.grade, school: row.school, regionName: row.regionName, linkedAt: (row.linkedAt ?? new Date(0)).toISOString() };
}
