import { and, eq, gt, sql } from "drizzle-orm";
import { generateToken, hashToken } from "@bilet/auth";
import { oidcLogins, userIdentities, users, type DbOrTx } from "@bilet/db";
import { CABINET_PATH } from "./accounts.ts";
import { createAccount } from "./account-records.ts";
import { audit } from "./audit.ts";
import type { Actor, CoreDeps, ExternalIdentity, IdentityProvider, RequestMeta } from "./deps.ts";
import { AppError } from "./errors.ts";
import { notifyUser } from "./notifications.ts";
import { safeRedirect } from "./redirect.ts";
import { assertSeasonOpened } from "./trials/calendar.ts";

const PROVIDER = "esia";
const LOGIN_MINUTES = 10;
const COMPLETION_MINUTES = 30;

function provider(deps: CoreDeps): IdentityProvider {
  if (!deps.esia) throw new AppError("NOT_FOUND", "Вход через Госуслуги сейчас недоступен");
  return deps.esia;
}


/**
 * Sends the browser to ESIA. With `actor`, the verified identity is attached
 * to that signed-in parent; without, it signs in or signs up a parent.
 */
export async function startEsiaLogin(deps: CoreDeps, options: { actor?: Actor; redirectTo?: string | null }): Promise<{ url: string }> {
  if (options.actor && options.actor.role !== "parent") throw new AppError("FORBIDDEN", "Госуслуги привязываются только к кабинету родителя");
  await assertSeasonOpened(deps.db, "esia");
  const start = await provider(deps).startLogin();
  await deps.db.insert(oidcLogins).values({
    provider: PROVIDER,
    state: start.state,
    nonce: start.nonce,
    codeVerifier: start.codeVerifier,
    userId: options.actor?.id ?? null,
    redirectTo: safeRedirect(options.redirectTo),
    expiresAt: new Date(Date.now() + LOGIN_MINUTES * 60_000),
  });
  return { url: start.url };
}

export type EsiaOutcome =
  | { kind: "signedIn"; cookie: string; redirectTo: string }
  | { kind: "linked"; redirectTo: string }
  | { kind: "needsProfile"; completionToken: string; identity: { lastName: string; firstName: string; middleName: string | null; email: string } };

async function spendLogin(db: DbOrTx, state: string) {
  const [login] = await db
    .delete(oidcLogins)
    .where(and(eq(oidcLogins.state, state), eq(oidcLogins.provider, PROVIDER), gt(oidcLogins.expiresAt, sql`now()`)))
    .returning();
  if (!login) throw new AppError("TOKEN_INVALID", "Вход через Госуслуги не завершён: сеанс входа устарел. Начните вход заново.");
  return login;
}

/** Handles the provider's redirect back to /auth/esia/callback. */
export async function finishEsiaLogin(deps: CoreDeps, callbackUrl: string, meta: RequestMeta): Promise<EsiaOutcome> {
  const state = new URL(callbackUrl).searchParams.get("state") ?? "";
  const login = await spendLogin(deps.db, state);
  let identity: ExternalIdentity;
  try {
    identity = await provider(deps).finishLogin(callbackUrl, { state: login.state, nonce: login.nonce, codeVerifier: login.codeVerifier });
  } catch (error) {
    throw new AppError("BAD_REQUEST", error instanceof Error && /[а-яё]/i.test(error.message) ? error.message : "Вход через Госуслуги не завершён. Попробуйте ещё раз.");
  }
  const redirectTo = login.redirectTo;

  return deps.db.transaction(async (tx): Promise<EsiaOutcome> => {
    const [known] = await tx
      .select({ user: users })
      .from(userIdentities)
      .innerJoin(users, eq(users.id, userIdentities.userId))
      .where(and(eq(userIdentities.provider, PROVIDER), eq(userIdentities.subject, identity.subject)));

    if (login.userId) {
      // Attaching ESIA to the signed-in parent.
      if (known && known.user.id !== login.userId) throw new AppError("CONFLICT", "Эта учётная запись Госуслуг уже привязана к другому кабинету");
      if (!known) await tx.insert(userIdentities).values({ provider: PROVIDER, subject: identity.subject, userId: login.userId });
      const verifies = provider(deps).verifiesIdentity;
      if (verifies) await tx.update(users).set({ identityVerifiedAt: sql`coalesce(${users.identityVerifiedAt}, now())` }).where(eq(users.id, login.userId));
      await notifyUser(tx, login.userId, {
        type: "security.esia_linked",
        title: "Госуслуги привязаны",
        body: verifies ? "Теперь вы можете входить через Госуслуги. Ваша личность подтверждена." : "Теперь вы можете входить через тестовый стенд Госуслуг (только для разработки).",
      });
      await audit(tx, { actorUserId: login.userId, action: "account.esia_linked", subjectType: "user", subjectId: login.userId, ip: meta.ip });
      return { kind: "linked", redirectTo: redirectTo ?? CABINET_PATH.parent };
    }

    if (known) {
      if (known.user.role !== "parent") throw new AppError("FORBIDDEN", "Вход через Госуслуги доступен только родителям");
      const { cookie } = await deps.sessions.create(known.user.id, { ...meta, authMethod: "esia" }, tx);
      await tx.update(users).set({ activatedAt: sql`coalesce(${users.activatedAt}, now())` }).where(eq(users.id, known.user.id));
      await audit(tx, { actorUserId: known.user.id, action: "account.login", subjectType: "user", subjectId: known.user.id, ip: meta.ip, data: { method: "esia" } });
      return { kind: "signedIn", cookie, redirectTo: redirectTo ?? CABINET_PATH.parent };
    }

    if (!identity.email || !identity.lastName || !identity.firstName) {
      throw new AppError("BAD_REQUEST", "Госуслуги не передали имя или адрес электронной почты. Зарегистрируйтесь по форме.");
    }
    const email = identity.email.toLowerCase();
    const [sameEmail] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (sameEmail) {
      throw new AppError(
        "CONFLICT",
        `Учётная запись с адресом ${email} уже есть. Войдите по паролю и привяжите Госуслуги в личном кабинете.`,
      );
    }
    // A new parent: keep the verified identity until they choose their region.
    const { token, tokenHash } = generateToken();
    await tx.insert(oidcLogins).values({
      provider: PROVIDER,
      state: `completion:${tokenHash}`,
      nonce: "-",
      codeVerifier: "-",
      redirectTo,
      identity: { ...identity, email },
      completionTokenHash: tokenHash,
      expiresAt: new Date(Date.now() + COMPLETION_MINUTES * 60_000),
    });
    return {
      kind: "needsProfile",
      completionToken: token,
      identity: { lastName: identity.lastName, firstName: identity.firstName, middleName: identity.middleName, email },
    };
  });
}

async function pendingSignUp(db: DbOrTx, completionToken: string) {
  const [row] = await db
    .select()
    .from(oidcLogins)
    .where(and(eq(oidcLogins.completionTokenHash, hashToken(completionToken)), gt(oidcLogins.expiresAt, sql`now()`)));
  if (!row?.identity) throw new AppError("TOKEN_INVALID", "Регистрация через Госуслуги устарела. Начните вход заново.");
  return { row, identity: row.identity as unknown as ExternalIdentity & { email: string; lastName: string; firstName: string } };
}

/** What the "choose your region" page shows. */
export async function previewEsiaSignUp(db: DbOrTx, completionToken: string) {
  const { identity } = await pendingSignUp(db, completionToken);
  return { lastName: identity.lastName, firstName: identity.firstName, middleName: identity.middleName, email: identity.email };
}

/** Creates the parent account from a verified ESIA identity: active and verified at once. */
export async function completeEsiaSignUp(deps: CoreDeps, completionToken: string, input: { regionCode: string }, meta: RequestMeta) {
  return deps.db.transaction(async (tx) => {
    const { row, identity } = await pendingSignUp(tx, completionToken);
    await tx.delete(oidcLogins).where(eq(oidcLogins.id, row.id));
    const created = await createAccount(tx, {
      role: "parent",
      email: identity.email,
      passwordHash: null,
      lastName: identity.lastName,
      firstName: identity.firstName,
      middleName: identity.middleName,
      activatedAt: new Date(),
      identityVerifiedAt: provider(deps).verifiesIdentity ? new Date() : null,
      parent: { regionCode: input.regionCode },
    });
    if (!created) throw new AppError("CONFLICT", `Учётная запись с адресом ${identity.email} уже есть. Войдите по паролю и привяжите Госуслуги в личном кабинете.`);
    await tx.insert(userIdentities).values({ provider: PROVIDER, subject: identity.subject, userId: created.id });
    await audit(tx, { actorUserId: created.id, action: "account.registered", subjectType: "user", subjectId: created.id, ip: meta.ip, data: { role: "parent", via: "esia" } });
    const { cookie } = await deps.sessions.create(created.id, { ...meta, authMethod: "esia" }, tx);
    return { cookie, redirectTo: row.redirectTo ?? CABINET_PATH.parent };
  });
}

/** Whether the parent has ESIA attached (for the cabinet). */
export async function esiaStatus(db: DbOrTx, actor: Actor) {
  const [identity] = await db
    .select({ linkedAt: userIdentities.createdAt, verifiedAt: users.identityVerifiedAt })
    .from(userIdentities)
    .innerJoin(users, eq(users.id, userIdentities.userId))
    .where(and(eq(userIdentities.userId, actor.id), eq(userIdentities.provider, PROVIDER)));
  return { linked: Boolean(identity), linkedAt: identity?.linkedAt.toISOString() ?? null, verified: Boolean(identity?.verifiedAt) };
}
